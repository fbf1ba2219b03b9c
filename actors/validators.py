"""Validators for French organisation identifiers (SIREN, SIRET, RNA) and département codes."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# La Poste's establishments share one SIREN and do not follow the Luhn rule for SIRET.
LA_POSTE_SIREN = "356000000"


def luhn_is_valid(number: str) -> bool:
    """True when the digit string passes the Luhn checksum used by SIREN and SIRET."""
    total = 0
    for index, char in enumerate(reversed(number)):
        digit = int(char)
        if index % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def luhn_complete(digits: str) -> str:
    """`digits` followed by the check digit that makes it pass the Luhn checksum (generated data)."""
    return next(digits + last for last in "0123456789" if luhn_is_valid(digits + last))


def validate_siren(value: str) -> None:
    if not re.fullmatch(r"\d{9}", value or ""):
        raise ValidationError(_("Un SIREN compte exactement 9 chiffres."), code="siren_format")
    if not luhn_is_valid(value):
        raise ValidationError(_("Ce SIREN n’est pas valide (clé de contrôle incorrecte)."), code="siren_luhn")


def validate_siret(value: str) -> None:
    if not re.fullmatch(r"\d{14}", value or ""):
        raise ValidationError(_("Un SIRET compte exactement 14 chiffres."), code="siret_format")
    if value.startswith(LA_POSTE_SIREN):
        if sum(int(c) for c in value) % 5 != 0:
            raise ValidationError(_("Ce SIRET n’est pas valide (clé de contrôle incorrecte)."), code="siret_luhn")
        return
    if not luhn_is_valid(value):
        raise ValidationError(_("Ce SIRET n’est pas valide (clé de contrôle incorrecte)."), code="siret_luhn")


def validate_rna(value: str) -> None:
    if not re.fullmatch(r"W\d{9}", value or ""):
        raise ValidationError(
            _("Un numéro RNA s’écrit W suivi de 9 chiffres (par exemple W751234567)."), code="rna_format"
        )


def validate_departement(value: str) -> None:
    if not re.fullmatch(r"(0[1-9]|1\d|2[1-9]|[3-8]\d|9[0-5]|2A|2B|97[1-6])", value or ""):
        raise ValidationError(_("Code de département inconnu (par exemple 75, 2A ou 974)."), code="departement_format")


# Kept importable from here: migrations 0008 and later name `actors.validators.validate_logo`.
from .logos import validate_logo  # noqa: E402, F401
