"""Forms of the entrepreneur's pages: a job description (text or file) and its tasks."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from companies.models import Company, JobDescription, Site
from tasks.extract import MAX_FILE_BYTES, MAX_TEXT_CHARS, ExtractionError, extract_text
from tasks.models import Task

ACCEPTED_FILES = ".txt,.pdf,.docx,.odt"


class JobDescriptionForm(forms.Form):
    """Paste the text or upload a file; a readable file's text replaces the pasted text.

    The file is read here, in validation, so that any problem with it is shown on the form
    under the file field and nothing is saved.
    """

    title = forms.CharField(
        label=_("Title of the job"),
        max_length=JobDescription._meta.get_field("title").max_length,
        help_text=_("E.g. 'Warehouse worker' or 'Office assistant'."),
    )
    text = forms.CharField(
        label=_("Text of the job description"),
        required=False,
        max_length=MAX_TEXT_CHARS,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Paste the job description here, or choose a file below."),
        error_messages={
            "max_length": _(
                "The text of the job description is longer than %(limit_value)d characters. "
                "Keep only the part that describes the tasks."
            )
        },
    )
    file = forms.FileField(
        label=_("File with the job description"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ACCEPTED_FILES}),
        help_text=_(
            "A .txt, .pdf, .docx or .odt file of at most 5 MB. Its text replaces the text above."
        ),
    )
    hours_per_week = forms.DecimalField(
        label=_("Hours per week of the whole job"),
        required=False,
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(60)],
        help_text=_(
            "If you know them. Tasks for which the text gives no hours get a share of them; "
            "you can change each task's hours afterwards. E.g. 19."
        ),
    )
    site = forms.ModelChoiceField(
        label=_("Site where the work is done"),
        queryset=Site.objects.none(),
        empty_label=None,
        help_text=_("The suggested tasks are placed at this site; you can change it per task."),
    )

    def __init__(self, *args: Any, company: Company, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.company = company
        sites = list(company.sites.order_by("name", "id"))
        self.fields["site"].queryset = company.sites.order_by("name", "id")
        self.default_site: Site | None = sites[0] if sites else None
        if len(sites) <= 1:
            # One site: no choice to make, so the field is left out of the page.
            del self.fields["site"]
        elif "site" not in self.initial:
            self.initial["site"] = sites[0].pk

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        # Refuse by size before reading: an oversized upload is never loaded into memory.
        if upload.size is not None and upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _(
                    "The job description file is larger than 5 MB. Upload a smaller file "
                    "or paste the text instead."
                ),
                code="too_large",
            )
        data = upload.read()
        try:
            extracted = extract_text(data=data, filename=upload.name or "")
        except ExtractionError as exc:
            raise forms.ValidationError(str(exc.message), code=exc.code) from exc
        upload.seek(0)
        self.extracted_text = extracted.text
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("file"):
            cleaned["text"] = self.extracted_text
        elif "file" not in self.errors and not (cleaned.get("text") or "").strip():
            self.add_error(
                "text",
                _("Paste the text of the job description here, or choose a file with it."),
            )
        if "site" not in self.fields:
            if self.default_site is None:
                raise forms.ValidationError(
                    _("Your company has no site yet. Add a site first, then the job.")
                )
            cleaned["site"] = self.default_site
        return cleaned


class TaskForm(forms.ModelForm):
    class Meta:
        model = Task
        fields = [
            "title",
            "description",
            "site",
            "hours_per_week",
            "frequency",
            "level",
            "time_pressure",
            "physical_load",
            "category",
            "mode",
            "outsourceable",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "hours_per_week": forms.NumberInput(attrs={"step": "0.1", "min": "0.1", "max": "40"}),
        }
        help_texts = {
            "hours_per_week": _("Between 0.1 and 40. E.g. 6."),
            "outsourceable": _("Tick if a social-economy team may do this task."),
        }

    def __init__(
        self,
        *args: Any,
        sites: QuerySet[Site],
        site_choices: list[tuple[int, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        site_field = self.fields["site"]
        site_field.queryset = sites  # type: ignore[attr-defined]
        # The formset lists the sites once; otherwise every row's menu queries them again.
        site_field.choices = site_choices  # type: ignore[attr-defined]
        if self.instance.pk is None and "site" not in self.initial and site_choices:
            self.initial["site"] = site_choices[0][0]


class BaseTaskFormSet(forms.BaseModelFormSet):
    def __init__(self, *args: Any, company: Company, **kwargs: Any) -> None:
        sites = company.sites.order_by("name", "id")  # type: ignore[attr-defined]
        form_kwargs = kwargs.setdefault("form_kwargs", {})
        form_kwargs["sites"] = sites
        form_kwargs["site_choices"] = [(site.pk, str(site)) for site in sites]
        super().__init__(*args, **kwargs)


MAX_EXTRA_ROWS = 10


def task_formset_class(*, extra: int = 1) -> type[BaseTaskFormSet]:
    """The task formset with ``extra`` empty rows (the no-script way to add rows)."""
    extra = min(max(extra, 1), MAX_EXTRA_ROWS)
    return forms.modelformset_factory(
        Task, form=TaskForm, formset=BaseTaskFormSet, extra=extra, can_delete=True, max_num=200
    )


TaskFormSet = task_formset_class()


def formset_posted_ids(data: Any, prefix: str) -> set[int]:
    """The task ids a (possibly crafted) formset POST refers to, whatever its form count."""
    ids: set[int] = set()
    for key, value in data.items():
        if key.startswith(f"{prefix}-") and key.endswith("-id") and str(value).strip():
            try:
                ids.add(int(value))
            except ValueError:
                continue
    return ids
