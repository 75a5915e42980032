"""Writes for the entrepreneur's pages: job descriptions, their suggested tasks, submission.

Hours of a suggestion the text does not give: ``Task.hours_per_week`` may not be empty, so
the weekly hours of the whole job (entered on the form, or else found in the text, e.g.
"3 dagen per week") minus the hours the text gives for other tasks are split evenly over the
tasks without hours. The task pages mark such hours as an estimate to check. When neither
the form nor the text gives the job's hours, nothing is saved and the form asks for them
on its hours field: we never invent hours out of nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from companies.models import Company, JobDescription, Site
from core.taxonomy import MAX_TASK_HOURS, Category
from tasks.decomposer import Task as Suggestion
from tasks.decomposer import decompose
from tasks.models import Task
from tasks.selectors import task_locked_by

MIN_TASK_HOURS = Decimal("0.1")
# A share below half an hour a week is not a task a team can plan; it still needs checking.
MIN_ESTIMATED_HOURS = Decimal("0.5")
TITLE_MAX = 200  # Task.title max_length


class TasksLockedError(ValidationError):
    """A change to tasks that a package holds; ``packages`` maps task id → package."""

    def __init__(self, message: str, *, packages: dict[int, Any]) -> None:
        super().__init__(message, code="locked")
        self.packages = packages


def _hours(value: float | Decimal) -> Decimal:
    hours = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return min(max(hours, MIN_TASK_HOURS), Decimal(MAX_TASK_HOURS))


def _estimated_share(
    *, job_hours: Decimal, suggestions: Sequence[Suggestion], missing: int
) -> Decimal:
    stated = sum(
        (Decimal(str(s.hours_per_week)) for s in suggestions if s.hours_per_week is not None),
        Decimal("0"),
    )
    share = (job_hours - stated) / missing
    return _hours(max(share, MIN_ESTIMATED_HOURS))


def job_description_plan_tasks(
    *, text: str, job_hours_per_week: Decimal | None
) -> list[dict[str, Any]]:
    """The task fields the decomposer suggests for ``text``; raises ValidationError on the
    ``hours_per_week`` field when tasks lack hours and the job's hours are unknown."""
    decomposition = decompose(text)
    suggestions = list(decomposition.tasks)
    missing = sum(1 for s in suggestions if s.hours_per_week is None)
    share: Decimal | None = None
    if missing:
        job_hours = job_hours_per_week
        if job_hours is None and getattr(decomposition, "job_hours_per_week", None) is not None:
            job_hours = Decimal(str(decomposition.job_hours_per_week))
        if job_hours is None:
            raise ValidationError(
                {
                    "hours_per_week": _(
                        "The text does not say how many hours %(count)s of the tasks take. "
                        "Enter the hours per week of the whole job: we split them over those "
                        "tasks, and you can change each task's hours afterwards."
                    )
                    % {"count": missing}
                },
                code="hours_needed",
            )
        share = _estimated_share(job_hours=job_hours, suggestions=suggestions, missing=missing)
    return [_task_fields(suggestion, share) for suggestion in suggestions]


def _task_fields(suggestion: Suggestion, share: Decimal | None) -> dict[str, Any]:
    hours = suggestion.hours_per_week
    level = min(max(int(suggestion.level), 1), 5)
    category = suggestion.category if suggestion.category in Category.values else Category.OTHER
    return {
        "title": (suggestion.title or suggestion.source)[:TITLE_MAX],
        "description": suggestion.source,
        "category": category,
        "level": level,
        "hours_per_week": _hours(hours) if hours is not None else share,
        "outsourceable": bool(suggestion.outsourceable),
    }


def _tasks_create(
    *, job_description: JobDescription, site: Site, planned: Iterable[dict[str, Any]]
) -> list[Task]:
    tasks = [
        Task(job_description=job_description, site=site, status=Task.Status.DRAFT, **fields)
        for fields in planned
    ]
    for task in tasks:
        # The values are clamped above; constraint checks here would cost a query each.
        task.full_clean(
            exclude=["job_description", "site"], validate_unique=False, validate_constraints=False
        )
    return Task.objects.bulk_create(tasks)


def _site_check(*, company: Company, site: Site) -> None:
    if site.company_id != company.pk:
        raise ValidationError({"site": _("Choose one of your company's sites.")})


def _file_delete_on_commit(name: str, storage: Any) -> None:
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def job_description_create(
    *,
    company: Company,
    created_by: Any,
    title: str,
    text: str,
    site: Site,
    hours_per_week: Decimal | None = None,
    upload: UploadedFile | None = None,
) -> JobDescription:
    """Save a job description (``text`` is the pasted text or the upload's extracted text),
    run the decomposer and create its draft tasks. On any error nothing is saved."""
    _site_check(company=company, site=site)
    planned = job_description_plan_tasks(text=text, job_hours_per_week=hours_per_week)
    job_description = JobDescription(
        company=company,
        created_by=created_by,
        title=title,
        text=text,
        hours_per_week=hours_per_week,
        status=JobDescription.Status.DECOMPOSED,
    )
    job_description.full_clean(exclude=["file"])
    with _new_file_removed_on_error(job_description), transaction.atomic():
        if upload is not None:
            job_description.file.save(upload.name or "job.txt", upload, save=False)
        job_description.save()
        _tasks_create(job_description=job_description, site=site, planned=planned)
    return job_description


def job_description_update(
    *,
    job_description: JobDescription,
    title: str,
    text: str,
    site: Site,
    hours_per_week: Decimal | None = None,
    upload: UploadedFile | None = None,
) -> JobDescription:
    """Change a job description. A new text or file runs the decomposer again: the draft
    suggestions are replaced; tasks submitted for matching or held by a package stay. On any
    error (a file that cannot be read, hours needed) the previous text, file and tasks stay."""
    _site_check(company=job_description.company, site=site)
    content_changed = upload is not None or text != job_description.text
    planned = (
        job_description_plan_tasks(text=text, job_hours_per_week=hours_per_week)
        if content_changed
        else []
    )
    old_file = (job_description.file.name or "") if upload is not None else ""
    with _new_file_removed_on_error(job_description, previous=old_file), transaction.atomic():
        job_description.title = title
        job_description.text = text
        job_description.hours_per_week = hours_per_week
        job_description.full_clean(exclude=["file"])
        if upload is not None:
            job_description.file.save(upload.name or "job.txt", upload, save=False)
        if content_changed:
            job_description.status = JobDescription.Status.DECOMPOSED
            kept = _draft_suggestions_delete(job_description=job_description)
            fresh = [fields for fields in planned if fields["description"] not in kept]
            _tasks_create(job_description=job_description, site=site, planned=fresh)
        job_description.save()
        _file_delete_on_commit(old_file, job_description.file.storage)
    return job_description


@contextmanager
def _new_file_removed_on_error(
    job_description: JobDescription, previous: str = ""
) -> Iterator[None]:
    """A file written to storage is not part of the database transaction: when saving
    fails, remove the new file and restore the field so nothing half-done remains."""
    existing = job_description.pk is not None
    try:
        yield
    except BaseException:
        field = job_description.file
        if field.name and field.name != previous:
            field.storage.delete(field.name)
            field.name = previous
        if existing:
            # The caller may show the object again: give it back its saved values.
            job_description.refresh_from_db()
        raise


def _draft_suggestions_delete(*, job_description: JobDescription) -> set[str]:
    """Delete the draft tasks no package holds; return the descriptions of the tasks that
    stay, so the decomposer's new run does not suggest them twice."""
    tasks = list(job_description.tasks.select_for_update().only("id", "status", "description"))
    locked = task_locked_by(task_ids=[task.pk for task in tasks])
    removable = [t.pk for t in tasks if t.status == Task.Status.DRAFT and t.pk not in locked]
    Task.objects.filter(pk__in=removable).delete()
    return {task.description for task in tasks if task.pk not in removable}


@transaction.atomic
def job_description_tasks_save(*, job_description: JobDescription, formset: Any) -> None:
    """Save a valid task formset of this job description. Refuses (TasksLockedError, nothing
    saved) when a changed or deleted task is held by a package."""
    touched = [
        form.instance.pk
        for form in formset.initial_forms
        if form.instance.pk and (form.has_changed() or form in formset.deleted_forms)
    ]
    # Lock the rows first: a matching run that packs these tasks in the meantime must
    # either see our change or make us see its package.
    list(Task.objects.select_for_update().filter(pk__in=touched).values_list("pk", flat=True))
    locked = task_locked_by(task_ids=touched)
    if locked:
        raise TasksLockedError(tasks_locked_message(locked=locked), packages=locked)
    own = Task.objects.filter(pk__in=touched, job_description=job_description).count()
    if own != len(touched):
        raise ValidationError(_("Some of these tasks do not belong to this job description."))
    instances = formset.save(commit=False)
    for task in formset.deleted_objects:
        task.delete()
    for task in instances:
        task.job_description = job_description
        if task.site.company_id != job_description.company_id:
            raise ValidationError({"site": _("Choose one of your company's sites.")})
        task.save()


def tasks_locked_message(*, locked: dict[int, Any]) -> str:
    titles = sorted({package_label(package) for package in locked.values()})
    return _(
        "Nothing was saved: %(count)s of these tasks are in a task package (%(packages)s) and "
        "can no longer be changed or removed here. Ask your coach if they must change."
    ) % {"count": len(locked), "packages": "; ".join(titles)}


def package_label(package: Any) -> str:
    return _("%(organisation)s, team %(team)s: %(status)s") % {
        "organisation": package.organisation.name,
        "team": package.team.name,
        "status": package.get_status_display(),
    }


@transaction.atomic
def job_description_submit(*, job_description: JobDescription) -> list[Task]:
    """Submit the job's draft, outsourceable tasks for matching; the others stay draft."""
    candidates = list(
        job_description.tasks.select_for_update().filter(
            status=Task.Status.DRAFT, outsourceable=True
        )
    )
    locked = task_locked_by(task_ids=[task.pk for task in candidates])
    tasks = [task for task in candidates if task.pk not in locked]
    if not tasks:
        raise ValidationError(
            _(
                "There is nothing to submit: no task is marked 'can be outsourced' and still "
                "in draft. Mark the tasks that may be outsourced, save them, and submit again."
            ),
            code="nothing_to_submit",
        )
    Task.objects.filter(pk__in=[task.pk for task in tasks]).update(
        status=Task.Status.SUBMITTED, updated_at=timezone.now()
    )
    job_description.status = JobDescription.Status.SUBMITTED
    job_description.save(update_fields=["status", "updated_at"])
    return tasks
