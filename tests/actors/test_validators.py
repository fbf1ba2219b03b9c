import pytest
from django.core.exceptions import ValidationError

from actors.validators import (
    luhn_complete,
    luhn_is_valid,
    validate_departement,
    validate_rna,
    validate_siren,
    validate_siret,
)


@pytest.mark.parametrize("value", ["732829320", "552100554"])
def test_validate_siren_accepts_valid_numbers(value):
    validate_siren(value)


@pytest.mark.parametrize("value", ["732829321", "12345678", "1234567890", "73282932A", ""])
def test_validate_siren_refuses_invalid_numbers(value):
    with pytest.raises(ValidationError):
        validate_siren(value)


def test_validate_siret_accepts_valid_number():
    validate_siret("73282932000074")


def test_validate_siret_accepts_la_poste_exception():
    # La Poste's SIRETs follow a sum-of-digits rule, not Luhn.
    validate_siret("35600000000100")
    assert not luhn_is_valid("35600000000100")


@pytest.mark.parametrize("value", ["73282932000075", "7328293200007", "7328293200007X"])
def test_validate_siret_refuses_invalid_numbers(value):
    with pytest.raises(ValidationError):
        validate_siret(value)


@pytest.mark.parametrize("value", ["W751234567", "W931000001"])
def test_validate_rna_accepts_w_and_nine_digits(value):
    validate_rna(value)


@pytest.mark.parametrize("value", ["751234567", "W75123456", "w751234567", "W7512345678", "X751234567"])
def test_validate_rna_refuses_other_formats(value):
    with pytest.raises(ValidationError):
        validate_rna(value)


@pytest.mark.parametrize("value", ["01", "2A", "2B", "75", "93", "95", "971", "976"])
def test_validate_departement_accepts_codes(value):
    validate_departement(value)


@pytest.mark.parametrize("value", ["00", "20", "96", "977", "1", "ABC"])
def test_validate_departement_refuses_unknown_codes(value):
    with pytest.raises(ValidationError):
        validate_departement(value)


def test_luhn_complete_appends_the_check_digit_that_validates():
    number = luhn_complete("73282932")
    assert number == "732829320"
    assert luhn_is_valid(number)
