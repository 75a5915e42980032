from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.kbo import validate_kbo
from core.models import Invitation, Located, located_constraints


class Company(models.Model):
    name = models.CharField(_("name"), max_length=200)
    enterprise_number = models.CharField(
        _("enterprise number"),
        max_length=12,
        unique=True,
        validators=[validate_kbo],
        help_text=_("The KBO number, as 0123.456.789."),
    )
    sector = models.CharField(_("sector"), max_length=100, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(enterprise_number__regex=r"^[01][0-9]{3}\.[0-9]{3}\.[0-9]{3}$"),
                name="company_enterprise_number_shape",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Site(Located):
    """A place where the company's work is done; tasks carry the site's coordinates."""

    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="sites", verbose_name=_("company")
    )
    name = models.CharField(_("name"), max_length=150)

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["company", "name"]
        constraints = located_constraints("site")
        # Filters by place: the package browser, matching scopes, the impact pages.
        indexes = [models.Index(fields=["province", "municipality"], name="site_place")]

    def __str__(self) -> str:
        return f"{self.name} ({self.municipality})"


class CompanyMembership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", _("owner")
        MEMBER = "member", _("member")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="company_memberships",
        verbose_name=_("user"),
    )
    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("company")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("company membership")
        verbose_name_plural = _("company memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "company"], name="companymembership_unique"),
            models.CheckConstraint(
                condition=Q(role__in=["owner", "member"]), name="companymembership_role_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.company} ({self.get_role_display()})"


def job_description_upload_to(instance: JobDescription, filename: str) -> str:
    # Private storage, per company; served only through a view that checks membership.
    return f"job-descriptions/{instance.company_id}/{filename}"


class JobDescription(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        DECOMPOSED = "decomposed", _("decomposed")
        SUBMITTED = "submitted", _("submitted")

    company = models.ForeignKey(
        Company,
        on_delete=models.CASCADE,
        related_name="job_descriptions",
        verbose_name=_("company"),
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"), blank=True)
    decomposition = models.JSONField(
        _("suggested decomposition"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("What the decomposer suggested for the text, with its explanations."),
    )
    file = models.FileField(
        _("file"), upload_to=job_description_upload_to, blank=True, max_length=255
    )
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(60)],
        help_text=_("The hours of the whole job, if you know them."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("job description")
        verbose_name_plural = _("job descriptions")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours_per_week__isnull=True)
                | Q(hours_per_week__gte=0, hours_per_week__lte=60),
                name="jobdescription_hours_range",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "decomposed", "submitted"]),
                name="jobdescription_status_known",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class CompanyInvitation(Invitation):
    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("company")
    )
    role = models.CharField(
        _("role"),
        max_length=10,
        choices=CompanyMembership.Role.choices,
        default=CompanyMembership.Role.MEMBER,
    )

    class Meta:
        verbose_name = _("company invitation")
        verbose_name_plural = _("company invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["company", "email"],
                condition=Q(accepted_at__isnull=True),
                name="companyinvitation_one_open_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.company}"
