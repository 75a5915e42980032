from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from companies.models import Company
from core.forms import EnterpriseNumberField, PostalCodeField


class CompanyCreateForm(forms.ModelForm):
    enterprise_number = EnterpriseNumberField()
    site_name = forms.CharField(
        label=_("Name of the site"),
        max_length=150,
        help_text=_("Where the work is done, e.g. 'Warehouse Gent'."),
    )
    site_address = forms.CharField(label=_("Street and number"), max_length=200, required=False)
    site_postal_code = PostalCodeField()

    class Meta:
        model = Company
        fields = [
            "name",
            "enterprise_number",
            "sector",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]


class SiteForm(forms.Form):
    name = forms.CharField(label=_("Name of the site"), max_length=150)
    address = forms.CharField(label=_("Street and number"), max_length=200, required=False)
    postal_code = PostalCodeField()
