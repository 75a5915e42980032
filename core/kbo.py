"""Belgian enterprise numbers (KBO / ondernemingsnummer): `0123.456.789`.

The number has ten digits; the last two are 97 minus the first eight modulo 97.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_SHAPE = re.compile(r"^[01]\d{3}\.\d{3}\.\d{3}$")


def kbo_normalise(value: str) -> str:
    """Bring a number typed as `0123456789`, `BE 0123 456 789` or `123.456.789` to
    `0123.456.789`; leaves anything that is not ten digits as it was, for the validator."""
    digits = re.sub(r"[\s.\-]", "", value.strip().upper().removeprefix("BE"))
    if len(digits) == 9 and digits.isdigit():
        digits = "0" + digits
    if len(digits) != 10 or not digits.isdigit():
        return value.strip()
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"


def kbo_is_valid(value: str) -> bool:
    if not _SHAPE.match(value):
        return False
    digits = value.replace(".", "")
    return 97 - int(digits[:8]) % 97 == int(digits[8:])


def validate_kbo(value: str) -> None:
    if not _SHAPE.match(value):
        raise ValidationError(
            _("Enter the enterprise number as 0123.456.789 (ten digits, starting with 0 or 1)."),
            code="kbo_format",
        )
    if not kbo_is_valid(value):
        raise ValidationError(
            _("This enterprise number does not exist: its check digits do not match."),
            code="kbo_checksum",
        )


def kbo_make(first_eight: int) -> str:
    """A valid number for the given first eight digits (demo data and tests); the number
    must start with 0 or 1, so `first_eight` stays below 20,000,000."""
    if not 0 <= first_eight < 20_000_000:
        raise ValueError("An enterprise number starts with 0 or 1.")
    body = f"{first_eight:08d}"
    check = 97 - first_eight % 97
    digits = f"{body}{check:02d}"
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"
