from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import EnterpriseNumberField, PostalCodeField
from core.taxonomy import Category
from organisations.models import Organisation, Team


class OrganisationCreateForm(forms.ModelForm):
    enterprise_number = EnterpriseNumberField()
    postal_code = PostalCodeField()
    categories = forms.MultipleChoiceField(
        label=_("Activity categories"),
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick every kind of work your teams do."),
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "type",
            "enterprise_number",
            "address",
            "postal_code",
            "radius_km",
            "onsite",
            "inhouse",
            "supervision_hours",
            "contact_email",
        ]

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("onsite") and not data.get("inhouse"):
            raise forms.ValidationError(
                _("Tick at least one: work at the company's site, or in your own workshop.")
            )
        return data


class TeamForm(forms.ModelForm):
    class Meta:
        model = Team
        fields = [
            "name",
            "capacity_hours",
            "max_level",
            "max_time_pressure",
            "max_physical_load",
            "supervision_ratio",
            "headcount",
        ]
