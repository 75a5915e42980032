from __future__ import annotations

from typing import Any

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


class OrganisationProfileForm(OrganisationCreateForm):
    """The organisation's profile, each field explained in plain words with an example:
    many of our users do not fill in forms like this every day."""

    class Meta(OrganisationCreateForm.Meta):
        help_texts = {
            "name": _("The name people know you by. E.g. Atelier Noord."),
            "type": _(
                "What kind of social-economy organisation you are. Not sure? Choose "
                '"other" and the coach will help.'
            ),
            "address": _("Street and number of your workshop or office. E.g. Dok Noord 7."),
            "radius_km": _(
                "How far from your postal code your teams go to work or fetch work, in "
                "kilometres. E.g. 25 means: up to about half an hour by car."
            ),
            "onsite": _(
                "Tick this if a team (with a supervisor) can work at the company, for example "
                "an enclave in their warehouse."
            ),
            "inhouse": _(
                "Tick this if the company can bring the work to your own workshop, for example "
                "boxes to repack."
            ),
            "supervision_hours": _(
                "Hours per week that your supervisors and job coaches have for work through "
                "this platform, all together. E.g. 20: one supervisor for about half a week."
            ),
            "contact_email": _(
                "Where companies and coaches may write to you. E.g. info@ateliernoord.be. "
                "Leave empty to use your members' addresses."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["enterprise_number"].help_text = _(
            'Your KBO number, ten digits; dots and "BE" may be left out. E.g. 0403.170.701.'
        )
        self.fields["postal_code"].help_text = _(
            "The postal code of the place your teams start from; we measure distances from "
            "there. E.g. 9000 for Gent."
        )
        self.fields["categories"].help_text = _(
            "Tick every kind of work your teams do. You will only see packages with this work."
        )
        if self.instance.pk and not self.is_bound:
            self.initial["categories"] = list(
                self.instance.categories.values_list("code", flat=True)
            )


class TeamForm(forms.ModelForm):
    """A team as a whole: never anything about one employee."""

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
        help_texts = {
            "name": _("A name you use yourselves. E.g. Packing team Monday–Wednesday."),
            "capacity_hours": _(
                "How many hours per week the whole team can still work for new clients, all "
                "members together. E.g. 8 people with 10 free hours each: 80."
            ),
            "max_level": _(
                "The most complex work the team does well. E.g. level 2: routine work after a "
                "short training, such as order picking with a scanner."
            ),
            "max_time_pressure": _(
                'How much hurry the team can handle. E.g. "medium": fixed daily deadlines '
                "are fine, rush orders are not."
            ),
            "max_physical_load": _(
                'How heavy the work may be. E.g. "medium": standing all day and lifting '
                "boxes up to about 10 kg."
            ),
            "supervision_ratio": _(
                "Supervisor hours needed for one hour of the team's work. One supervisor for "
                "eight workers: 0.125. One for four: 0.25."
            ),
            "headcount": _(
                "How many people are in the team. Only the number: we ask nothing about "
                "individual employees. E.g. 8."
            ),
        }
