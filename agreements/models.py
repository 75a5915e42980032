"""From offer to agreement: an organisation's hourly rates, its quotes on an accepted package,
the agreement an accepted quote becomes, the hours delivered under it (versioned), and the
package's message thread.

Money is a Decimal with 2 places, in euro. Prices are per week; per month = week × 52 / 12.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.taxonomy import Category
from organisations.models import Organisation, Team
from tasks.models import Task, TaskPackage

CENT = Decimal("0.01")
WEEKS_PER_YEAR = 52
MONTHS_PER_YEAR = 12
# A week has 168 hours; delivered hours above that are a typing error.
MAX_WEEK_HOURS = 168


def money(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def per_month(per_week: Decimal) -> Decimal:
    return money(Decimal(per_week) * WEEKS_PER_YEAR / MONTHS_PER_YEAR)


class HourlyRate(models.Model):
    """What a team charges per hour; a rate with a category overrides the team's general
    rate (category empty) for tasks of that category."""

    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, related_name="hourly_rates", verbose_name=_("team")
    )
    category = models.CharField(
        _("category"),
        max_length=20,
        choices=Category.choices,
        blank=True,
        help_text=_("Leave empty for the team's rate for every kind of work."),
    )
    rate = models.DecimalField(_("rate per hour (EUR)"), max_digits=8, decimal_places=2)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("hourly rate")
        verbose_name_plural = _("hourly rates")
        ordering = ["team", "category"]
        constraints = [
            models.UniqueConstraint(fields=["team", "category"], name="hourlyrate_unique"),
            models.CheckConstraint(condition=Q(rate__gte=0), name="hourlyrate_rate_nonnegative"),
            models.CheckConstraint(
                condition=Q(category="") | Q(category__in=Category.values),
                name="hourlyrate_category_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.team}: {self.category or '*'} {self.rate}"


class Quote(models.Model):
    """The organisation's price for an accepted package. At most one is open (sent) per
    package; the company accepts it or asks for a change, after which a new one may be sent."""

    class Status(models.TextChoices):
        SENT = "sent", _("sent")
        CHANGE_REQUESTED = "change", _("change asked")
        ACCEPTED = "accepted", _("accepted")

    package = models.ForeignKey(
        TaskPackage, on_delete=models.CASCADE, related_name="quotes", verbose_name=_("package")
    )
    hours_per_week = models.DecimalField(_("hours per week"), max_digits=6, decimal_places=1)
    price_per_week = models.DecimalField(_("price per week (EUR)"), max_digits=10, decimal_places=2)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    supervisor = models.CharField(
        _("supervisor"),
        max_length=150,
        blank=True,
        help_text=_("The organisation's supervisor (begeleider) for this work."),
    )
    supervisor_onsite = models.BooleanField(
        _("supervisor present on site"),
        default=False,
        help_text=_("Needed when work is done at the company's site."),
    )
    conditions = models.TextField(_("conditions"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SENT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answer = models.TextField(_("change asked"), blank=True)

    class Meta:
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        ordering = ["-created_at", "-id"]
        constraints = [
            # Two open quotes would leave the company guessing which one it accepts.
            models.UniqueConstraint(
                fields=["package"], condition=Q(status="sent"), name="quote_one_open_per_package"
            ),
            models.CheckConstraint(condition=Q(hours_per_week__gt=0), name="quote_hours_positive"),
            models.CheckConstraint(
                condition=Q(price_per_week__gte=0), name="quote_price_nonnegative"
            ),
            models.CheckConstraint(
                condition=Q(end_date__gt=F("start_date")), name="quote_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(supervisor_onsite=False) | ~Q(supervisor=""),
                name="quote_onsite_supervisor_named",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["sent", "change", "accepted"]), name="quote_status_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.package_id}: {self.price_per_week} / {_('week')}"

    @property
    def price_per_month(self) -> Decimal:
        return per_month(self.price_per_week)

    @property
    def weeks(self) -> int:
        return (self.end_date - self.start_date).days // 7 + 1


class Agreement(models.Model):
    """An accepted quote: who does what, how many hours, at what price, from when to when,
    and who supervises. Its terms are copied from the quote so that they stay as agreed."""

    package = models.OneToOneField(
        TaskPackage, on_delete=models.CASCADE, related_name="agreement", verbose_name=_("package")
    )
    quote = models.OneToOneField(
        Quote, on_delete=models.PROTECT, related_name="agreement", verbose_name=_("quote")
    )
    company = models.ForeignKey(
        "companies.Company",
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("company"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("organisation"),
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("team")
    )
    tasks = models.ManyToManyField(Task, related_name="agreements", verbose_name=_("tasks"))
    hours_per_week = models.DecimalField(_("hours per week"), max_digits=6, decimal_places=1)
    price_per_week = models.DecimalField(_("price per week (EUR)"), max_digits=10, decimal_places=2)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    supervisor = models.CharField(_("supervisor"), max_length=150, blank=True)
    supervisor_onsite = models.BooleanField(_("supervisor present on site"), default=False)
    conditions = models.TextField(_("conditions"), blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    created_at = models.DateTimeField(_("agreed"), auto_now_add=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours_per_week__gt=0), name="agreement_hours_positive"
            ),
            models.CheckConstraint(
                condition=Q(price_per_week__gte=0), name="agreement_price_nonnegative"
            ),
            models.CheckConstraint(
                condition=Q(end_date__gt=F("start_date")), name="agreement_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(supervisor_onsite=False) | ~Q(supervisor=""),
                name="agreement_onsite_supervisor_named",
            ),
        ]

    def __str__(self) -> str:
        return _("Agreement %(company)s – %(organisation)s") % {
            "company": self.company,
            "organisation": self.organisation,
        }

    @property
    def price_per_month(self) -> Decimal:
        return per_month(self.price_per_week)

    @property
    def price_per_hour(self) -> Decimal:
        return Decimal(self.price_per_week) / Decimal(self.hours_per_week)

    @property
    def weeks(self) -> int:
        return (self.end_date - self.start_date).days // 7 + 1


def iso_week_monday(iso_year: int, iso_week: int) -> date:
    return date.fromisocalendar(iso_year, iso_week, 1)


class DeliveredHours(models.Model):
    """Hours the organisation delivered in one ISO week of an agreement. A correction adds
    a new version and marks the old one not current, so the history stays; the company
    confirms a version."""

    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.CASCADE,
        related_name="delivered_hours",
        verbose_name=_("agreement"),
    )
    iso_year = models.PositiveSmallIntegerField(_("year"))
    iso_week = models.PositiveSmallIntegerField(_("week"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    is_current = models.BooleanField(_("current"), default=True)
    hours = models.DecimalField(_("hours delivered"), max_digits=5, decimal_places=1)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivered hours")
        verbose_name_plural = _("delivered hours")
        ordering = ["agreement", "-iso_year", "-iso_week", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "iso_year", "iso_week", "version"],
                name="deliveredhours_version_unique",
            ),
            # One current row per agreement and week: the figure the impact pages count.
            models.UniqueConstraint(
                fields=["agreement", "iso_year", "iso_week"],
                condition=Q(is_current=True),
                name="deliveredhours_one_current_per_week",
            ),
            models.CheckConstraint(
                condition=Q(hours__gte=0, hours__lte=MAX_WEEK_HOURS),
                name="deliveredhours_hours_range",
            ),
            models.CheckConstraint(
                condition=Q(iso_week__gte=1, iso_week__lte=53), name="deliveredhours_week_range"
            ),
            models.CheckConstraint(
                condition=Q(iso_year__gte=2000, iso_year__lte=2100),
                name="deliveredhours_year_range",
            ),
            models.CheckConstraint(
                condition=Q(version__gte=1), name="deliveredhours_version_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement_id} {self.iso_year}-W{self.iso_week:02d} v{self.version}"

    @property
    def monday(self) -> date:
        return iso_week_monday(self.iso_year, self.iso_week)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def month(self) -> str:
        """The month the week counts in: its Thursday's, as ISO 8601 gives a week its year."""
        thursday = self.monday + timedelta(days=3)
        return f"{thursday.year}-{thursday.month:02d}"

    @property
    def amount(self) -> Decimal:
        return money(Decimal(self.hours) * self.agreement.price_per_hour)


class Message(models.Model):
    """One message in a package's thread between the company, the organisation and the
    coaches."""

    package = models.ForeignKey(
        TaskPackage, on_delete=models.CASCADE, related_name="messages", verbose_name=_("package")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]
        constraints = [models.CheckConstraint(condition=~Q(body=""), name="message_not_empty")]

    def __str__(self) -> str:
        return f"{self.package_id}: {self.body[:40]}"
