import pytest
from django.core.exceptions import ValidationError

from core.kbo import kbo_is_valid, kbo_make, kbo_normalise, validate_kbo


@pytest.mark.parametrize("number", ["0403.170.701", "0202.239.951", "0417.497.106"])
def test_real_enterprise_numbers_pass(number):
    assert kbo_is_valid(number)
    validate_kbo(number)


def test_wrong_check_digits_are_refused_with_the_checksum_message():
    with pytest.raises(ValidationError) as exc:
        validate_kbo("0403.170.702")
    assert exc.value.code == "kbo_checksum"


@pytest.mark.parametrize("bad", ["403.170.701", "0403170701", "2403.170.701", "0403.17.0701", ""])
def test_badly_shaped_numbers_are_refused_with_the_format_message(bad):
    with pytest.raises(ValidationError) as exc:
        validate_kbo(bad)
    assert exc.value.code == "kbo_format"


@pytest.mark.parametrize(
    "typed", ["0403170701", "BE 0403.170.701", "be0403 170 701", "403.170.701", "0403-170-701"]
)
def test_typed_variants_are_normalised(typed):
    assert kbo_normalise(typed) == "0403.170.701"


def test_normalise_leaves_garbage_for_the_validator():
    assert kbo_normalise("12ab") == "12ab"


def test_made_numbers_are_valid_and_the_range_is_guarded():
    assert all(kbo_is_valid(kbo_make(n)) for n in (0, 1, 4_030_000, 19_999_999))
    with pytest.raises(ValueError):
        kbo_make(20_000_000)
