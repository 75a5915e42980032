import pytest

from core.geo import distance_km, postal_code_lookup


@pytest.mark.parametrize(
    "code, municipality, province",
    [
        ("9000", "Gent", "oost-vlaanderen"),
        ("2000", "Antwerpen", "antwerpen"),
        ("3500", "Hasselt", "limburg"),
        ("8500", "Kortrijk", "west-vlaanderen"),
        ("3000", "Leuven", "vlaams-brabant"),
        ("1000", "Brussel", "brussel"),
    ],
)
def test_known_postal_codes_give_municipality_province_and_coordinates(
    code, municipality, province
):
    place = postal_code_lookup(code)
    assert place is not None
    assert place.municipality == municipality
    assert place.province == province
    # Inside Belgium's bounding box.
    assert 49.4 < place.latitude < 51.6 and 2.5 < place.longitude < 6.5


@pytest.mark.parametrize("code", ["9999", "0000", "12345", "abcd", "", " 90"])
def test_unknown_or_malformed_codes_give_none(code):
    assert postal_code_lookup(code) is None


def test_distance_between_gent_and_antwerpen_is_about_fifty_km():
    gent, antwerpen = postal_code_lookup("9000"), postal_code_lookup("2000")
    d = distance_km(gent.latitude, gent.longitude, antwerpen.latitude, antwerpen.longitude)
    assert 45 < d < 55
    assert distance_km(51.0, 3.7, 51.0, 3.7) == 0
