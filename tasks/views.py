"""The entrepreneur's pages: dashboard, job descriptions, their tasks, submission.

Every view takes the company id from the URL and fetches through ``company_get_for_user``
(404 for anyone outside the company), then the job description through the company.
"""

from __future__ import annotations

from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from companies.models import Company, JobDescription
from companies.selectors import company_get_for_user
from core.pagecache import page_cache
from tasks.forms import JobDescriptionForm, TaskFormSet, formset_posted_ids, task_formset_class
from tasks.models import Task
from tasks.selectors import (
    company_dashboard_job_descriptions,
    company_dashboard_packages,
    company_hours_summary,
    job_description_get,
    job_description_tasks,
    task_suggestions,
)
from tasks.services import (
    TasksLockedError,
    job_description_create,
    job_description_submit,
    job_description_tasks_save,
    job_description_update,
    tasks_locked_message,
)

TASKS_PREFIX = "tasks"


def _job_description_for(
    request: HttpRequest, company_pk: int, pk: int
) -> tuple[Company, JobDescription]:
    company, _membership = company_get_for_user(user=request.user, pk=company_pk)
    return company, job_description_get(company=company, pk=pk)


@login_required
@require_GET
@page_cache
def dashboard_view(request: HttpRequest, company_pk: int) -> HttpResponse:
    company, membership = company_get_for_user(user=request.user, pk=company_pk)
    context = {
        "company": company,
        "membership": membership,
        "hours": company_hours_summary(company=company),
        "job_descriptions": company_dashboard_job_descriptions(company=company),
        "packages": company_dashboard_packages(company=company),
    }
    return render(request, "tasks/dashboard.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def job_description_create_view(request: HttpRequest, company_pk: int) -> HttpResponse:
    company, _membership = company_get_for_user(user=request.user, pk=company_pk)
    form = JobDescriptionForm(request.POST or None, request.FILES or None, company=company)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            job_description = job_description_create(
                company=company,
                created_by=request.user,
                title=data["title"],
                text=data["text"],
                site=data["site"],
                hours_per_week=data.get("hours_per_week"),
                upload=data.get("file"),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            _message_decomposed(request, job_description)
            return redirect("tasks:job_tasks", company_pk=company.pk, pk=job_description.pk)
    return render(request, "tasks/job_description_form.html", {"form": form, "company": company})


@login_required
@require_http_methods(["GET", "POST"])
def job_description_edit_view(request: HttpRequest, company_pk: int, pk: int) -> HttpResponse:
    company, job_description = _job_description_for(request, company_pk, pk)
    first_task = job_description.tasks.order_by("id").first()
    initial = {
        "title": job_description.title,
        "text": job_description.text,
        "hours_per_week": job_description.hours_per_week,
    }
    if first_task is not None:
        initial["site"] = first_task.site_id
    form = JobDescriptionForm(
        request.POST or None, request.FILES or None, company=company, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        text_before, file_before = job_description.text, job_description.file.name
        try:
            job_description_update(
                job_description=job_description,
                title=data["title"],
                text=data["text"],
                site=data["site"],
                hours_per_week=data.get("hours_per_week"),
                upload=data.get("file"),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if job_description.text != text_before or job_description.file.name != file_before:
                _message_decomposed(request, job_description)
            else:
                messages.success(request, _("The job description is saved."))
            return redirect("tasks:job_tasks", company_pk=company.pk, pk=job_description.pk)
    context = {"form": form, "company": company, "job_description": job_description}
    return render(request, "tasks/job_description_form.html", context)


def _message_decomposed(request: HttpRequest, job_description: JobDescription) -> None:
    count = job_description.tasks.filter(status=Task.Status.DRAFT).count()
    if count:
        messages.success(
            request,
            ngettext(
                "We suggest %(count)d task. Check it, complete it and submit it for matching.",
                "We suggest %(count)d tasks. Check them, complete them and submit the ones "
                "that may be outsourced.",
                count,
            )
            % {"count": count},
        )
    else:
        messages.warning(
            request,
            _("We found no new tasks in the text. Add the tasks yourself in the list below."),
        )


@login_required
@require_GET
@page_cache
def job_description_detail_view(request: HttpRequest, company_pk: int, pk: int) -> HttpResponse:
    company, job_description = _job_description_for(request, company_pk, pk)
    tasks = list(job_description_tasks(job_description=job_description))
    notes = task_suggestions(job_description=job_description, tasks=tasks)
    rows = [{"task": task, "note": notes.get(task.pk)} for task in tasks]
    context = {
        "company": company,
        "job_description": job_description,
        "rows": rows,
        "file_name": PurePath(job_description.file.name or "").name if job_description.file else "",
        "can_submit": any(
            t.status == Task.Status.DRAFT and t.outsourceable and not t.locking_packages
            for t in tasks
        ),
    }
    return render(request, "tasks/job_description_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def job_description_tasks_view(request: HttpRequest, company_pk: int, pk: int) -> HttpResponse:
    company, job_description = _job_description_for(request, company_pk, pk)
    tasks = list(job_description_tasks(job_description=job_description))
    locked = {task.pk: task for task in tasks if task.locking_packages}
    editable = Task.objects.filter(
        job_description=job_description, pk__in=[t.pk for t in tasks if t.pk not in locked]
    ).order_by("id")
    status = 200
    formset = None
    if request.method == "POST":
        posted = formset_posted_ids(request.POST, TASKS_PREFIX)
        locked_posted = {pk: locked[pk].locking_packages[0] for pk in posted if pk in locked}
        if locked_posted:
            # A crafted or stale form: refuse it whole rather than save the other rows.
            messages.error(request, tasks_locked_message(locked=locked_posted))
            status = 409
        elif posted - {t.pk for t in tasks}:
            messages.error(
                request, _("Nothing was saved: the form refers to tasks of another job.")
            )
            status = 400
        else:
            formset = TaskFormSet(
                request.POST, queryset=editable, company=company, prefix=TASKS_PREFIX
            )
            if formset.is_valid():
                try:
                    job_description_tasks_save(job_description=job_description, formset=formset)
                except TasksLockedError as exc:
                    messages.error(request, exc.messages[0])
                    status = 409
                    formset = None
                except ValidationError as exc:
                    messages.error(request, " ".join(exc.messages))
                    status = 400
                else:
                    messages.success(request, _("The tasks are saved."))
                    return redirect("tasks:job_tasks", company_pk=company.pk, pk=job_description.pk)
            else:
                messages.error(
                    request,
                    _("Nothing was saved. Correct the fields marked below and save again."),
                )
    if formset is None:
        formset_class = task_formset_class(extra=1 + _int_or_zero(request.GET.get("add")))
        formset = formset_class(queryset=editable, company=company, prefix=TASKS_PREFIX)
    notes = task_suggestions(job_description=job_description, tasks=tasks)
    context = {
        "company": company,
        "job_description": job_description,
        "formset": formset,
        "form_rows": [
            {"form": form, "note": notes.get(form.instance.pk) if form.instance.pk else None}
            for form in formset.forms
        ],
        "locked_rows": [{"task": task, "note": notes.get(task.pk)} for task in locked.values()],
        "can_submit": any(
            t.status == Task.Status.DRAFT and t.outsourceable and t.pk not in locked for t in tasks
        ),
    }
    return render(request, "tasks/job_description_tasks.html", context, status=status)


def _int_or_zero(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0


@login_required
@require_POST
def job_description_submit_view(request: HttpRequest, company_pk: int, pk: int) -> HttpResponse:
    company, job_description = _job_description_for(request, company_pk, pk)
    try:
        submitted = job_description_submit(job_description=job_description)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("tasks:job_tasks", company_pk=company.pk, pk=job_description.pk)
    messages.success(
        request,
        ngettext(
            "%(count)d task is submitted for matching. A coach reviews the proposals.",
            "%(count)d tasks are submitted for matching. A coach reviews the proposals.",
            len(submitted),
        )
        % {"count": len(submitted)},
    )
    return redirect("tasks:job_detail", company_pk=company.pk, pk=job_description.pk)


@login_required
@require_GET
def job_description_file_view(request: HttpRequest, company_pk: int, pk: int) -> FileResponse:
    """The uploaded original, only for members of the company (there is no public URL)."""
    _company, job_description = _job_description_for(request, company_pk, pk)
    if not job_description.file:
        raise Http404("No file.")
    try:
        handle = job_description.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("File missing.") from exc
    response = FileResponse(
        handle, as_attachment=True, filename=PurePath(job_description.file.name or "").name
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
