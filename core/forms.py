"""Form fields shared by the tenant apps."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.geo import postal_code_lookup
from core.kbo import kbo_normalise


class EnterpriseNumberField(forms.CharField):
    """Accepts `0123456789`, `BE0123.456.789`… and stores `0123.456.789`."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("label", _("Enterprise number"))
        kwargs.setdefault("help_text", _("Your KBO number, e.g. 0403.170.701."))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> str:
        return kbo_normalise(super().to_python(value))


class PostalCodeField(forms.CharField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 4)
        kwargs.setdefault("label", _("Postal code"))
        kwargs.setdefault("help_text", _("Belgian postal code, four digits. E.g. 9000."))
        super().__init__(**kwargs)

    def validate(self, value: str) -> None:
        super().validate(value)
        if value and postal_code_lookup(value) is None:
            raise forms.ValidationError(
                _("We do not know the postal code %(code)s. Enter a Belgian postal code."),
                code="unknown_postal_code",
                params={"code": value},
            )


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address of your colleague"),
        help_text=_("They get an e-mail; once they log in with this address, they are in."),
    )
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args: Any, roles: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles
