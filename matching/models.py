from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from companies.models import Company
from core.taxonomy import Province
from tasks.models import TaskPackage


class MatchingRun(models.Model):
    """One run of the engine: a row that a Celery worker claims, reports progress on, and
    finishes with its stats or an error."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        SUCCEEDED = "succeeded", _("succeeded")
        FAILED = "failed", _("failed")

    class Scope(models.TextChoices):
        ALL = "all", _("everything")
        PROVINCE = "province", _("one province")
        COMPANIES = "companies", _("chosen companies")

    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices, default=Scope.ALL)
    scope_province = models.CharField(
        _("province"), max_length=20, choices=Province.choices, blank=True
    )
    scope_companies = models.ManyToManyField(
        Company, blank=True, related_name="+", verbose_name=_("companies")
    )
    parameters = models.JSONField(
        _("parameters"),
        default=dict,
        blank=True,
        help_text=_("Time limit, seed and the scoring parameters of the matching spec."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.FloatField(_("progress"), default=0.0)
    progress_message = models.CharField(_("progress message"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    score = models.FloatField(_("score"), null=True, blank=True)
    bound = models.FloatField(_("bound"), null=True, blank=True)
    hours_placed = models.FloatField(_("hours placed"), null=True, blank=True)
    stats = models.JSONField(_("solver statistics"), default=dict, blank=True)
    instance = models.JSONField(
        _("instance"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The gewaardeerd-matching/1 instance the run solved, for independent checks."),
    )
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=1), name="matchingrun_progress_range"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running", "succeeded", "failed"]),
                name="matchingrun_status_known",
            ),
            models.CheckConstraint(
                condition=Q(scope__in=["all", "province", "companies"]),
                name="matchingrun_scope_known",
            ),
            models.CheckConstraint(
                condition=~Q(scope="province") | ~Q(scope_province=""),
                name="matchingrun_province_scope_names_province",
            ),
        ]

    def __str__(self) -> str:
        return _("Run %(id)s (%(status)s)") % {"id": self.pk, "status": self.get_status_display()}

    @property
    def gap(self) -> float | None:
        if self.score is None or not self.bound:
            return None
        return (self.bound - self.score) / self.bound


class Proposal(models.Model):
    """The link from a run to a package it proposed, with the engine's explanation."""

    run = models.ForeignKey(
        MatchingRun, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("run")
    )
    package = models.OneToOneField(
        TaskPackage, on_delete=models.CASCADE, related_name="proposal", verbose_name=_("package")
    )
    score = models.FloatField(_("score"))
    explanation = models.JSONField(_("explanation"), default=dict, blank=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["run", "-score"]

    def __str__(self) -> str:
        return f"{self.run_id} → {self.package}"
