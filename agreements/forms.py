from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.models import MAX_WEEK_HOURS, Agreement
from agreements.services import delivered_hours_problems, quote_problems
from core.numbers import hours_text
from core.taxonomy import Category
from organisations.models import Organisation, Team
from tasks.models import TaskPackage

MAX_WEEKS = 520  # ten years: longer is a typing error, not a deal


class DateInput(forms.DateInput):
    input_type = "date"


class WeekInput(forms.TextInput):
    input_type = "week"


class HourlyRateForm(forms.Form):
    team = forms.ModelChoiceField(queryset=Team.objects.none(), label=_("Team"))
    category = forms.ChoiceField(
        label=_("Kind of work"),
        choices=[("", _("Every kind of work"))] + list(Category.choices),
        required=False,
        help_text=_("A rate for one kind of work overrides the team's general rate."),
    )
    rate = forms.DecimalField(
        label=_("Rate per hour (EUR)"),
        min_value=Decimal("0"),
        max_digits=8,
        decimal_places=2,
        help_text=_("E.g. 24.50. Zero is allowed."),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        team_field = self.fields["team"]
        assert isinstance(team_field, forms.ModelChoiceField)
        team_field.queryset = Team.objects.filter(organisation=organisation)


class QuoteForm(forms.Form):
    hours_per_week = forms.DecimalField(
        label=_("Hours per week"), min_value=Decimal("0.1"), max_digits=6, decimal_places=1
    )
    price_per_week = forms.DecimalField(
        label=_("Price per week (EUR)"), min_value=Decimal("0"), max_digits=10, decimal_places=2
    )
    start_date = forms.DateField(label=_("Start date"), widget=DateInput)
    duration_weeks = forms.IntegerField(
        label=_("Duration in weeks"), min_value=1, max_value=MAX_WEEKS, help_text=_("E.g. 26.")
    )
    supervisor = forms.CharField(
        label=_("Supervisor"),
        max_length=150,
        required=False,
        help_text=_("Who of your organisation supervises this work."),
    )
    supervisor_onsite = forms.BooleanField(
        label=_("The supervisor is present at the company's site"), required=False
    )
    conditions = forms.CharField(label=_("Conditions"), widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, package: TaskPackage, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.package = package
        self.fields["hours_per_week"].help_text = _("At most %(hours)s, the package's hours.") % {
            "hours": hours_text(package.hours_per_week)
        }

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.errors:
            return data
        data["end_date"] = data["start_date"] + timedelta(weeks=data["duration_weeks"], days=-1)
        for problem in quote_problems(
            package=self.package,
            hours_per_week=data["hours_per_week"],
            price_per_week=data["price_per_week"],
            start_date=data["start_date"],
            end_date=data["end_date"],
            supervisor=data["supervisor"],
            supervisor_onsite=data["supervisor_onsite"],
        ):
            self.add_error(None, problem)
        return data


class ChangeRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("What should change?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


WEEK_RE = re.compile(r"^(\d{4})-W(\d{2})$")


class DeliveredHoursForm(forms.Form):
    week = forms.CharField(
        label=_("Week"), widget=WeekInput, help_text=_("As 2026-W48 (year, week number).")
    )
    hours = forms.DecimalField(
        label=_("Hours delivered"),
        min_value=Decimal("0"),
        max_value=Decimal(MAX_WEEK_HOURS),
        max_digits=5,
        decimal_places=1,
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=1000,
        help_text=_("Say why, when you correct a week."),
    )

    def __init__(self, *args: Any, agreement: Agreement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agreement = agreement

    def clean_week(self) -> tuple[int, int]:
        match = WEEK_RE.match(self.cleaned_data["week"].strip())
        if not match:
            raise forms.ValidationError(_("Give the week as 2026-W48."))
        return int(match.group(1)), int(match.group(2))

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.errors:
            return data
        iso_year, iso_week = data["week"]
        for problem in delivered_hours_problems(
            agreement=self.agreement,
            iso_year=iso_year,
            iso_week=iso_week,
            hours=data["hours"],
            today=timezone.localdate(),
        ):
            self.add_error(None, problem)
        return data


class ConfirmForm(forms.Form):
    entry = forms.IntegerField(widget=forms.HiddenInput)


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
