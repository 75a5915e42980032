from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.kbo import validate_kbo
from core.models import ActivityCategory, Invitation, Located, located_constraints
from core.taxonomy import Intensity, Level


class Organisation(Located):
    class Type(models.TextChoices):
        MAATWERKBEDRIJF = "maatwerkbedrijf", _("custom-work company (maatwerkbedrijf)")
        LDE = "lde", _("local service economy (LDE)")
        ARBEIDSZORG = "arbeidszorg", _("work care (arbeidszorg)")
        OTHER = "other", _("other")

    name = models.CharField(_("name"), max_length=200)
    type = models.CharField(_("type"), max_length=20, choices=Type.choices)
    enterprise_number = models.CharField(
        _("enterprise number"),
        max_length=12,
        unique=True,
        validators=[validate_kbo],
        help_text=_("The KBO number, as 0123.456.789."),
    )
    radius_km = models.DecimalField(
        _("service radius (km)"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(500)],
        help_text=_("How far from your location you take on work, in kilometres. E.g. 25."),
    )
    categories = models.ManyToManyField(
        ActivityCategory,
        related_name="organisations",
        verbose_name=_("activity categories"),
        help_text=_("The kinds of work your teams do."),
    )
    onsite = models.BooleanField(
        _("works at the company's site"),
        default=False,
        help_text=_("Your teams can work at the client's site (enclave, secondment)."),
    )
    inhouse = models.BooleanField(
        _("works in its own workshop"),
        default=True,
        help_text=_("Your teams can do the work in your own workshop."),
    )
    supervision_hours = models.DecimalField(
        _("supervision hours per week"),
        max_digits=6,
        decimal_places=1,
        validators=[MinValueValidator(0)],
        help_text=_(
            "Supervisor and job-coach hours per week still free for new work (omkadering). E.g. 20."
        ),
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            *located_constraints("organisation"),
            models.CheckConstraint(
                condition=Q(radius_km__gt=0, radius_km__lte=500), name="organisation_radius_range"
            ),
            models.CheckConstraint(
                condition=Q(supervision_hours__gte=0), name="organisation_supervision_nonnegative"
            ),
            models.CheckConstraint(
                condition=Q(type__in=["maatwerkbedrijf", "lde", "arbeidszorg", "other"]),
                name="organisation_type_known",
            ),
            models.CheckConstraint(
                condition=Q(enterprise_number__regex=r"^[01][0-9]{3}\.[0-9]{3}\.[0-9]{3}$"),
                name="organisation_enterprise_number_shape",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    """A team of target-group employees (the spec's *group*), described only in aggregate:
    nothing here identifies a person."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="teams", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=150)
    capacity_hours = models.DecimalField(
        _("spare hours per week"),
        max_digits=6,
        decimal_places=1,
        validators=[MinValueValidator(0)],
        help_text=_("Hours per week the team can still take on, all members together. E.g. 80."),
    )
    max_level = models.PositiveSmallIntegerField(
        _("highest level"),
        choices=Level.choices,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("The most complex work the team does well (1 simple – 5 specialist)."),
    )
    max_time_pressure = models.PositiveSmallIntegerField(
        _("highest time pressure"),
        choices=Intensity.choices,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
    )
    max_physical_load = models.PositiveSmallIntegerField(
        _("highest physical load"),
        choices=Intensity.choices,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
    )
    supervision_ratio = models.DecimalField(
        _("supervision per hour of work"),
        max_digits=5,
        decimal_places=3,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_(
            "Supervisor hours needed for one hour of the team's work. One supervisor for "
            "eight workers is 0.125."
        ),
    )
    headcount = models.PositiveIntegerField(
        _("number of members"), validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["organisation", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity_hours__gte=0), name="team_capacity_nonnegative"
            ),
            models.CheckConstraint(
                condition=Q(max_level__gte=1, max_level__lte=5), name="team_max_level_range"
            ),
            models.CheckConstraint(
                condition=Q(max_time_pressure__gte=1, max_time_pressure__lte=3),
                name="team_max_time_pressure_range",
            ),
            models.CheckConstraint(
                condition=Q(max_physical_load__gte=1, max_physical_load__lte=3),
                name="team_max_physical_load_range",
            ),
            models.CheckConstraint(
                condition=Q(supervision_ratio__gte=0, supervision_ratio__lte=1),
                name="team_supervision_ratio_range",
            ),
            models.CheckConstraint(condition=Q(headcount__gte=1), name="team_headcount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.name}"


class OrganisationMembership(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", _("administrator")
        MEMBER = "member", _("member")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="organisation_memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation membership")
        verbose_name_plural = _("organisation memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="organisationmembership_unique"
            ),
            models.CheckConstraint(
                condition=Q(role__in=["admin", "member"]), name="organisationmembership_role_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


class OrganisationInvitation(Invitation):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    role = models.CharField(
        _("role"),
        max_length=10,
        choices=OrganisationMembership.Role.choices,
        default=OrganisationMembership.Role.MEMBER,
    )

    class Meta:
        verbose_name = _("organisation invitation")
        verbose_name_plural = _("organisation invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=Q(accepted_at__isnull=True),
                name="organisationinvitation_one_open_per_email",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"
