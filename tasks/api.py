"""API of the entrepreneur's work: job descriptions (with their decomposition) and tasks.

Every route carries the company id and fetches through ``company_get_for_user`` (404 for
anyone outside the company). Input goes through the web pages' own forms
(``JobDescriptionForm``, the task formset) and the same services, so the rules — hours to
ask for, tasks a package holds, sites of another company — live in one place.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django.forms.models import model_to_dict
from django.http import FileResponse, Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from companies.api import CompanyScopedMixin, _int_id
from companies.models import JobDescription
from core.api import Conflict, form_errors
from core.pagecache import CachedListMixin
from core.taxonomy import Category, Mode
from tasks.decomposer import decompose
from tasks.forms import JobDescriptionForm, TaskForm, TaskFormSet
from tasks.models import Task
from tasks.selectors import LOCKING_STATUSES, job_description_get
from tasks.services import (
    TasksLockedError,
    job_description_create,
    job_description_submit,
    job_description_tasks_save,
    job_description_update,
)

TASK_FIELDS: list[str] = list(TaskForm.Meta.fields)
FORMSET_PREFIX = "tasks"

JOB_EXAMPLE = {
    "id": 12,
    "title": "Warehouse worker",
    "text": "Je pakt pakketten in (6 uur per week) en scant facturen in.",
    "hours_per_week": "19.0",
    "status": "decomposed",
    "file_name": "",
    "task_count": 2,
    "created_at": "2026-11-27T08:00:00+01:00",
    "updated_at": "2026-11-27T08:00:00+01:00",
}
TASK_EXAMPLE = {
    "id": 40,
    "job_description": 12,
    "site": 5,
    "title": "Pakketten inpakken",
    "description": "Je pakt pakketten in (6 uur per week)",
    "hours_per_week": "6.0",
    "frequency": "weekly",
    "level": 2,
    "time_pressure": 1,
    "physical_load": 2,
    "category": "packaging",
    "mode": "either",
    "outsourceable": True,
    "hours_estimated": False,
    "status": "draft",
    "locked": False,
}
DECOMPOSITION_EXAMPLE = {
    "format": "gewaardeerd-decomposition/1",
    "language": "nl",
    "tasks": [
        {
            "title": "Pakketten inpakken",
            "category": "packaging",
            "level": 2,
            "hours_per_week": 6.0,
            "outsourceable": True,
            "source": "Je pakt pakketten in (6 uur per week)",
        }
    ],
}


# ---------------------------------------------------------------------------------------
# Serializers


class JobDescriptionSerializer(serializers.ModelSerializer):
    file_name = serializers.SerializerMethodField()
    task_count = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = JobDescription
        fields = [
            "id",
            "title",
            "text",
            "hours_per_week",
            "status",
            "file_name",
            "task_count",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_file_name(self, job: JobDescription) -> str:
        return PurePath(job.file.name).name if job.file else ""


class JobDescriptionWriteSerializer(serializers.Serializer):
    """Paste the text, or send a file (multipart) whose text replaces it. Tasks the text
    gives no hours for get a share of `hours_per_week`; without it you get a 400 on that
    field, as on the page."""

    title = serializers.CharField(max_length=200)
    text = serializers.CharField(required=False, allow_blank=True, max_length=100_000)
    hours_per_week = serializers.DecimalField(
        max_digits=4, decimal_places=1, required=False, allow_null=True
    )
    site = serializers.IntegerField(
        required=False, help_text=_("A site of the company; the only one when left out.")
    )
    file = serializers.FileField(required=False, help_text=_(".txt, .pdf, .docx or .odt"))


class DecompositionTaskSerializer(serializers.Serializer):
    title = serializers.CharField()
    category = serializers.ChoiceField(choices=Category.choices)
    level = serializers.IntegerField(min_value=1, max_value=5)
    hours_per_week = serializers.FloatField(allow_null=True)
    outsourceable = serializers.BooleanField()
    source = serializers.CharField()
    explanation = serializers.DictField(required=False)


class DecompositionSerializer(serializers.Serializer):
    format = serializers.CharField()
    language = serializers.CharField()
    tasks = DecompositionTaskSerializer(many=True)
    job_hours_per_week = serializers.FloatField(allow_null=True, required=False)


class SubmittedSerializer(serializers.Serializer):
    submitted = serializers.ListField(child=serializers.IntegerField())


class TaskSerializer(serializers.ModelSerializer):
    locked = serializers.BooleanField(
        read_only=True,
        default=False,
        help_text=_("A task package holds the task: it can no longer be changed here."),
    )

    class Meta:
        model = Task
        fields = [
            "id",
            "job_description",
            *TASK_FIELDS,
            "hours_estimated",
            "status",
            "locked",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class TaskWriteSerializer(serializers.Serializer):
    job_description = serializers.IntegerField(
        help_text=_("The job description the task belongs to (only when adding a task).")
    )
    site = serializers.IntegerField()
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, max_length=10_000)
    hours_per_week = serializers.DecimalField(max_digits=4, decimal_places=1)
    # Left out, a new task gets the model's defaults, as the page's empty row shows them.
    frequency = serializers.ChoiceField(choices=Task.Frequency.choices, default="weekly")
    level = serializers.IntegerField(min_value=1, max_value=5)
    time_pressure = serializers.IntegerField(min_value=1, max_value=3, default=1)
    physical_load = serializers.IntegerField(min_value=1, max_value=3, default=1)
    category = serializers.ChoiceField(choices=Category.choices)
    mode = serializers.ChoiceField(choices=Mode.choices, default="either")
    outsourceable = serializers.BooleanField(default=True)


class TaskUpdateSerializer(TaskWriteSerializer):
    job_description = None  # type: ignore[assignment]


# ---------------------------------------------------------------------------------------
# Job descriptions


def _job_form_data(validated: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    data = {k: v for k, v in validated.items() if k != "file" and v is not None}
    files = {"file": validated["file"]} if validated.get("file") else {}
    return data, files


@extend_schema_view(
    list=extend_schema(
        summary=_("The company's job descriptions"),
        examples=[OpenApiExample("A job", value=JOB_EXAMPLE, response_only=True)],
    ),
    retrieve=extend_schema(
        summary=_("One job description"),
        examples=[OpenApiExample("A job", value=JOB_EXAMPLE, response_only=True)],
    ),
    create=extend_schema(
        summary=_("Add a job description; the decomposer suggests its draft tasks"),
        request={
            "application/json": JobDescriptionWriteSerializer,
            "multipart/form-data": JobDescriptionWriteSerializer,
        },
        responses={201: JobDescriptionSerializer},
        examples=[
            OpenApiExample(
                "Paste a text",
                value={
                    "title": "Warehouse worker",
                    "text": "Je pakt pakketten in (6 uur per week) en scant facturen in.",
                    "hours_per_week": "19",
                },
                request_only=True,
            )
        ],
    ),
    update=extend_schema(
        summary=_("Change a job description; a new text is decomposed again"),
        request={
            "application/json": JobDescriptionWriteSerializer,
            "multipart/form-data": JobDescriptionWriteSerializer,
        },
        responses={200: JobDescriptionSerializer},
        examples=[
            OpenApiExample(
                "New text",
                value={"title": "Warehouse worker", "text": JOB_EXAMPLE["text"], "site": 5},
                request_only=True,
            ),
            OpenApiExample("The job", value=JOB_EXAMPLE, response_only=True),
        ],
    ),
)
class JobDescriptionViewSet(
    CachedListMixin,
    CompanyScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = JobDescriptionSerializer
    lookup_value_regex = "[0-9]{1,18}"
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    filterset_fields = ["status"]
    ordering_fields = ["created_at", "updated_at", "title"]
    ordering = ["-created_at"]
    http_method_names = ["get", "post", "put", "head", "options"]

    def get_queryset(self) -> QuerySet[JobDescription]:
        if getattr(self, "swagger_fake_view", False):
            return JobDescription.objects.none()
        from django.db.models import Count

        return JobDescription.objects.filter(company=self.company).annotate(
            task_count=Count("tasks")
        )

    def get_object(self) -> JobDescription:
        job = job_description_get(company=self.company, pk=_int_id(self.kwargs["pk"]))
        return self.get_queryset().get(pk=job.pk)

    def _form(self, validated: dict[str, Any], initial: dict[str, Any] | None = None) -> Any:
        data, files = _job_form_data(validated)
        form = JobDescriptionForm(data=data, files=files, company=self.company, initial=initial)
        if not form.is_valid():
            from rest_framework.exceptions import ValidationError

            raise ValidationError(form_errors(form))
        return form.cleaned_data

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        payload = JobDescriptionWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = self._form(payload.validated_data)
        job = job_description_create(
            company=self.company,
            created_by=request.user,
            title=data["title"],
            text=data["text"],
            site=data["site"],
            hours_per_week=data.get("hours_per_week"),
            upload=data.get("file"),
        )
        return Response(
            JobDescriptionSerializer(self.get_queryset().get(pk=job.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        job = self.get_object()
        payload = JobDescriptionWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = self._form(payload.validated_data)
        job_description_update(
            job_description=job,
            title=data["title"],
            text=data["text"],
            site=data["site"],
            hours_per_week=data.get("hours_per_week"),
            upload=data.get("file"),
        )
        return Response(JobDescriptionSerializer(self.get_queryset().get(pk=job.pk)).data)

    @extend_schema(
        summary=_("The decomposer's suggestion for the text (gewaardeerd-decomposition/1)"),
        responses=DecompositionSerializer,
        examples=[OpenApiExample("Suggestion", value=DECOMPOSITION_EXAMPLE, response_only=True)],
    )
    @action(detail=True, methods=["get"])
    def decomposition(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        job = self.get_object()
        document = job.decomposition or decompose(job.text or "").to_dict()
        return Response(document)

    @extend_schema(
        summary=_("Submit the draft, outsourceable tasks for matching"),
        request=None,
        responses={200: SubmittedSerializer},
        examples=[OpenApiExample("Submitted", value={"submitted": [40, 41]}, response_only=True)],
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        job = self.get_object()
        tasks = job_description_submit(job_description=job)
        return Response({"submitted": sorted(task.pk for task in tasks)})

    @extend_schema(
        summary=_("Download the uploaded original (members of the company only)"),
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
        examples=[
            OpenApiExample(
                "A text file", value="Je pakt dozen in.", response_only=True, status_codes=["200"]
            )
        ],
    )
    @action(detail=True, methods=["get"])
    def file(self, request: Request, *args: Any, **kwargs: Any) -> FileResponse:
        job = self.get_object()
        if not job.file:
            raise Http404("No file.")
        try:
            handle = job.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404("File missing.") from exc
        # Always a download of opaque bytes: an uploaded file is never rendered by the browser.
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=PurePath(job.file.name or "").name,
            content_type="application/octet-stream",
        )
        response["Cache-Control"] = "private, no-store"
        return response


# ---------------------------------------------------------------------------------------
# Tasks


def _task_formset_save(
    *, company: Any, job: JobDescription, task: Task | None, fields: dict[str, Any], delete: bool
) -> Task | None:
    """Add, change or delete one task through the task page's formset and service."""
    prefix = FORMSET_PREFIX
    data: dict[str, Any] = {
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-INITIAL_FORMS": "1" if task else "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    if task is not None:
        data[f"{prefix}-0-id"] = str(task.pk)
    for name, value in fields.items():
        if isinstance(value, bool):
            if value:
                data[f"{prefix}-0-{name}"] = "on"
        elif value is not None:
            data[f"{prefix}-0-{name}"] = str(value)
    if delete:
        data[f"{prefix}-0-DELETE"] = "on"
    queryset = Task.objects.filter(pk=task.pk) if task else Task.objects.none()
    formset = TaskFormSet(data, queryset=queryset, company=company, prefix=prefix)
    if not formset.is_valid():
        from rest_framework.exceptions import ValidationError

        errors: dict[str, Any] = dict(formset.errors[0]) if formset.errors else {}
        if formset.non_form_errors():
            errors["non_field_errors"] = list(formset.non_form_errors())
        raise ValidationError({k: [str(m) for m in v] for k, v in errors.items()})
    try:
        job_description_tasks_save(job_description=job, formset=formset)
    except TasksLockedError as exc:
        raise Conflict(exc.messages[0]) from exc
    if delete:
        return None
    saved = formset.forms[0].instance
    return saved


def _tasks_with_lock(tasks: QuerySet[Task]) -> QuerySet[Task]:
    held = Task.packages.through.objects.filter(
        task_id=OuterRef("pk"), taskpackage__status__in=LOCKING_STATUSES
    )
    return tasks.annotate(locked=Exists(held))


@extend_schema_view(
    list=extend_schema(
        summary=_("The company's tasks"),
        examples=[OpenApiExample("A task", value=TASK_EXAMPLE, response_only=True)],
    ),
    retrieve=extend_schema(
        summary=_("One task"),
        examples=[OpenApiExample("A task", value=TASK_EXAMPLE, response_only=True)],
    ),
    create=extend_schema(
        summary=_("Add a task to a job description"),
        request=TaskWriteSerializer,
        responses={201: TaskSerializer},
        examples=[
            OpenApiExample(
                "Add",
                value={
                    "job_description": 12,
                    "site": 5,
                    "title": "Facturen scannen",
                    "hours_per_week": "4",
                    "level": 1,
                    "category": "admin",
                },
                request_only=True,
            )
        ],
    ),
    update=extend_schema(
        summary=_("Change a task (refused with 409 while a package holds it)"),
        request=TaskUpdateSerializer,
        responses={200: TaskSerializer},
        examples=[
            OpenApiExample(
                "Whole task",
                value={
                    k: v
                    for k, v in TASK_EXAMPLE.items()
                    if k not in ("id", "job_description", "hours_estimated", "status", "locked")
                },
                request_only=True,
            ),
            OpenApiExample("The task", value=TASK_EXAMPLE, response_only=True),
        ],
    ),
    partial_update=extend_schema(
        summary=_("Change some fields of a task (409 while a package holds it)"),
        request=TaskUpdateSerializer,
        responses={200: TaskSerializer},
        examples=[OpenApiExample("Hours", value={"hours_per_week": "8"}, request_only=True)],
    ),
    destroy=extend_schema(summary=_("Remove a task (409 while a package holds it)")),
)
class TaskViewSet(CachedListMixin, CompanyScopedMixin, viewsets.ModelViewSet):
    serializer_class = TaskSerializer
    lookup_value_regex = "[0-9]{1,18}"
    filterset_fields = ["job_description", "status", "category", "site", "outsourceable"]
    ordering_fields = ["id", "title", "hours_per_week", "level", "updated_at"]
    ordering = ["id"]

    def get_queryset(self) -> QuerySet[Task]:
        if getattr(self, "swagger_fake_view", False):
            return Task.objects.none()
        return _tasks_with_lock(Task.objects.filter(job_description__company=self.company))

    def get_object(self) -> Task:
        task = self.get_queryset().filter(pk=_int_id(self.kwargs["pk"])).first()
        if task is None:
            raise Http404("No such task.")
        return task

    def _job(self, pk: int) -> JobDescription:
        try:
            return job_description_get(company=self.company, pk=pk)
        except Http404 as exc:
            from rest_framework.exceptions import ValidationError

            raise ValidationError(
                {"job_description": [_("Choose one of your company's job descriptions.")]}
            ) from exc

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        payload = TaskWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        fields = dict(payload.validated_data)
        job = self._job(fields.pop("job_description"))
        saved = _task_formset_save(
            company=self.company, job=job, task=None, fields=fields, delete=False
        )
        assert saved is not None
        return Response(
            TaskSerializer(self.get_queryset().get(pk=saved.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        task = self.get_object()
        payload = TaskUpdateSerializer(data=request.data, partial=partial)
        payload.is_valid(raise_exception=True)
        fields = model_to_dict(task, fields=TASK_FIELDS)
        fields.update(payload.validated_data)
        _task_formset_save(
            company=self.company, job=task.job_description, task=task, fields=fields, delete=False
        )
        return Response(TaskSerializer(self.get_queryset().get(pk=task.pk)).data)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        task = self.get_object()
        fields = model_to_dict(task, fields=TASK_FIELDS)
        _task_formset_save(
            company=self.company, job=task.job_description, task=task, fields=fields, delete=True
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


__all__ = ["DjangoValidationError", "JobDescriptionViewSet", "TaskViewSet"]
