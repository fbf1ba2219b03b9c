"""French phrases of the reasons: « au Mali », « à Madagascar », « en Guinée », « aux Comores »."""

from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries

from core.text import unaccent

# Countries whose French name does not follow the rule (vowel or final e → « en », else « au »).
PREPOSITION = {
    **dict.fromkeys(["MG", "MU", "SG", "MT", "CY", "BH", "CU", "ST", "MC", "TW", "HK"], "à"),
    **dict.fromkeys(["KM", "SC", "MV", "PH", "US", "NL", "AE", "BS", "MH", "SB", "FJ"], "aux"),
    **dict.fromkeys(["MX", "KH", "MZ", "ZW", "BZ", "SR", "CV", "LI"], "au"),
    **dict.fromkeys(["HT", "GW", "CD", "CF", "DO", "CZ"], "en"),
}


def in_country(code):
    """« au Mali », « à Madagascar » (French), « in Mali » (other languages)."""
    name = str(countries.name(code)) or code
    if not translation.get_language().startswith("fr"):
        return _("in %(country)s") % {"country": name}
    preposition = PREPOSITION.get(code)
    if preposition is None:
        first, last = unaccent(name[:1]).lower(), name.split(" (")[0].rstrip()[-1:].lower()
        preposition = "en" if first in "aeiou" or last == "e" else "au"
    return f"{preposition} {name}"
