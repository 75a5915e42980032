"""Forms of the organisation's package pages: the browser's filters and the answers."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.taxonomy import Category, Level, Mode, Province
from matching.selectors_offers import OfferFilters
from organisations.models import Organisation, Team

SORTS = [
    ("fit", _("Best fit for our teams")),
    ("distance", _("Nearest first")),
    ("hours", _("Most hours first")),
]


class PackageFilterForm(forms.Form):
    """The browser's filters, read from the query string; an empty field filters nothing."""

    category = forms.ChoiceField(
        label=_("Kind of work"),
        required=False,
        choices=[("", _("Any kind"))] + list(Category.choices),
    )
    max_distance_km = forms.DecimalField(
        label=_("At most this far from us (km)"),
        required=False,
        min_value=0,
        max_digits=5,
        decimal_places=1,
        help_text=_("Measured from your postal code to the company's site. E.g. 15."),
    )
    hours_min = forms.DecimalField(
        label=_("At least (hours per week)"),
        required=False,
        min_value=0,
        max_digits=5,
        decimal_places=1,
    )
    hours_max = forms.DecimalField(
        label=_("At most (hours per week)"),
        required=False,
        min_value=0,
        max_digits=5,
        decimal_places=1,
    )
    max_level = forms.TypedChoiceField(
        label=_("Highest level of the tasks"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Any level"))] + list(Level.choices),
    )
    mode = forms.ChoiceField(
        label=_("Where the work can be done"),
        required=False,
        choices=[
            ("", _("Anywhere")),
            (Mode.ONSITE, Mode.ONSITE.label),
            (Mode.INHOUSE, Mode.INHOUSE.label),
        ],
    )
    municipality = forms.CharField(
        label=_("Company's municipality"),
        required=False,
        max_length=100,
        help_text=_("E.g. Gent."),
    )
    province = forms.ChoiceField(
        label=_("Company's province"),
        required=False,
        choices=[("", _("Any province"))] + list(Province.choices),
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORTS)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        low, high = data.get("hours_min"), data.get("hours_max")
        if low is not None and high is not None and low > high:
            self.add_error("hours_max", _("Enter a number no lower than “At least”."))
        return data

    def filters(self) -> OfferFilters:
        """The valid filters; an invalid form filters nothing (its errors are shown)."""
        data = self.cleaned_data if self.is_valid() else {}
        distance = data.get("max_distance_km")
        return OfferFilters(
            category=data.get("category") or "",
            max_distance_km=float(distance) if distance is not None else None,
            hours_min=data.get("hours_min"),
            hours_max=data.get("hours_max"),
            max_level=data.get("max_level"),
            mode=data.get("mode") or "",
            municipality=data.get("municipality") or "",
            province=data.get("province") or "",
            sort=data.get("sort") or "fit",
        )


class InterestForm(forms.Form):
    team = forms.ModelChoiceField(
        label=_("Which team would do it"),
        queryset=Team.objects.none(),
        required=False,
        empty_label=_("We will see"),
        help_text=_("Helps the coach; you may leave it open."),
    )
    note = forms.CharField(
        label=_("Note for the coach"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. We can start in two weeks, mornings only."),
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.filter(organisation=organisation)


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you decline?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "The company and the coach read this. E.g. The work is too heavy for our team "
            "right now."
        ),
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Tell the company and the coach why you decline."))
        return reason
