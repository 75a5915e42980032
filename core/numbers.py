"""Numbers as people write them."""

from __future__ import annotations

from decimal import Decimal


def hours_text(value: Decimal | float) -> str:
    """Hours as people write them: 12 or 12.5, not 12.000."""
    return f"{Decimal(value).normalize():f}"
