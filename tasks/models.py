from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from companies.models import Company, JobDescription, Site
from core.taxonomy import Category, Intensity, Level, Mode
from organisations.models import Organisation, Team


class Task(models.Model):
    class Frequency(models.TextChoices):
        DAILY = "daily", _("daily")
        WEEKLY = "weekly", _("weekly")
        MONTHLY = "monthly", _("monthly")
        SEASONAL = "seasonal", _("seasonal")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted for matching")
        WITHDRAWN = "withdrawn", _("withdrawn")

    job_description = models.ForeignKey(
        JobDescription,
        on_delete=models.CASCADE,
        related_name="tasks",
        verbose_name=_("job description"),
    )
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("site")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(40)],
    )
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    level = models.PositiveSmallIntegerField(
        _("complexity level"),
        choices=Level.choices,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    time_pressure = models.PositiveSmallIntegerField(
        _("time pressure"),
        choices=Intensity.choices,
        default=Intensity.LOW,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
    )
    physical_load = models.PositiveSmallIntegerField(
        _("physical load"),
        choices=Intensity.choices,
        default=Intensity.LOW,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    mode = models.CharField(
        _("where the work is done"), max_length=10, choices=Mode.choices, default=Mode.EITHER
    )
    outsourceable = models.BooleanField(_("can be outsourced"), default=True)
    hours_estimated = models.BooleanField(
        _("hours estimated"),
        default=False,
        help_text=_("The hours were estimated from the whole job's hours; check them."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["job_description", "id"]
        indexes = [
            # The matching service selects submitted, outsourceable tasks.
            models.Index(fields=["status", "outsourceable"], name="task_status_outsourceable"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours_per_week__gt=0, hours_per_week__lte=40),
                name="task_hours_range",
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=5), name="task_level_range"
            ),
            models.CheckConstraint(
                condition=Q(time_pressure__gte=1, time_pressure__lte=3),
                name="task_time_pressure_range",
            ),
            models.CheckConstraint(
                condition=Q(physical_load__gte=1, physical_load__lte=3),
                name="task_physical_load_range",
            ),
            models.CheckConstraint(
                condition=Q(category__in=Category.values), name="task_category_known"
            ),
            models.CheckConstraint(condition=Q(mode__in=Mode.values), name="task_mode_known"),
            models.CheckConstraint(
                condition=Q(frequency__in=["daily", "weekly", "monthly", "seasonal"]),
                name="task_frequency_known",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "submitted", "withdrawn"]),
                name="task_status_known",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class TaskPackage(models.Model):
    """The tasks of ONE company given to ONE team (takenpakket)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")
        OFFERED = "offered", _("offered")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        ACTIVE = "active", _("active")
        ENDED = "ended", _("ended")

    # The lifecycle: proposed → approved → offered → accepted/declined → active → ended,
    # and a coach may reject a proposal (or an approved package not yet offered).
    TRANSITIONS: dict[str, tuple[str, ...]] = {
        Status.PROPOSED: (Status.APPROVED, Status.REJECTED),
        Status.APPROVED: (Status.OFFERED, Status.REJECTED),
        Status.OFFERED: (Status.ACCEPTED, Status.DECLINED),
        Status.ACCEPTED: (Status.ACTIVE,),
        Status.DECLINED: (),
        Status.ACTIVE: (Status.ENDED,),
        Status.ENDED: (),
        Status.REJECTED: (),
    }
    # Packages in these states hold their team's hours and their tasks.
    RESERVING = (Status.APPROVED, Status.OFFERED, Status.ACCEPTED, Status.ACTIVE)

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="packages", verbose_name=_("company")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="packages",
        verbose_name=_("organisation"),
    )
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="packages", verbose_name=_("team")
    )
    tasks = models.ManyToManyField(Task, related_name="packages", verbose_name=_("tasks"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=6,
        decimal_places=1,
        default=Decimal("0"),
        help_text=_("Sum of the tasks' hours; kept by the services when tasks change."),
    )
    published = models.BooleanField(
        _("published for every organisation"),
        default=False,
        help_text=_("Any organisation may express interest, not only the one it is offered to."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("task package")
        verbose_name_plural = _("task packages")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "team"], name="package_status_team"),
            # The package browser: offers to one organisation, and published packages.
            models.Index(fields=["organisation", "status"], name="package_org_status"),
            models.Index(
                fields=["status"], condition=Q(published=True), name="package_published_status"
            ),
            # The company dashboard and the impact pages.
            models.Index(fields=["company", "status"], name="package_company_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "proposed",
                        "approved",
                        "rejected",
                        "offered",
                        "accepted",
                        "declined",
                        "active",
                        "ended",
                    ]
                ),
                name="taskpackage_status_known",
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__gte=0), name="taskpackage_hours_nonnegative"
            ),
        ]

    def __str__(self) -> str:
        return _("%(company)s → %(team)s") % {"company": self.company, "team": self.team}

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, ())


class PackageEvent(models.Model):
    """The audit history of a package: who did what, when and why."""

    package = models.ForeignKey(
        TaskPackage, on_delete=models.CASCADE, related_name="events", verbose_name=_("package")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=30)
    from_status = models.CharField(_("from"), max_length=10, blank=True)
    to_status = models.CharField(_("to"), max_length=10, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("package event")
        verbose_name_plural = _("package events")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.package_id}: {self.action}"


class PackageInterest(models.Model):
    """An organisation saying it would like to take on a published package."""

    package = models.ForeignKey(
        TaskPackage, on_delete=models.CASCADE, related_name="interests", verbose_name=_("package")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="package_interests",
        verbose_name=_("organisation"),
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("team"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("interest in a package")
        verbose_name_plural = _("interests in packages")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["package", "organisation"], name="packageinterest_once_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.package_id}"
