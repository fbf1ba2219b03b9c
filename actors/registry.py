"""Look an organisation up in the national company registry (the open « recherche d’entreprises » API
of the French State: SIREN/SIRET → name, head-office address, catégorie juridique, ESS flag; also
the RNA number of associations registered in Sirene). No key; base URL and timeout are settings.

The network is optional: any failure (timeout, error status, unreadable answer) returns a
`RegistryResult` whose `error` says « registre injoignable, saisie manuelle » — callers never block
on it. Tests answer with recorded responses (respx), never the network."""

import re
from dataclasses import asdict, dataclass, field

import httpx
from django.conf import settings
from django.utils.translation import gettext as _

from .models import LegalForm, LegalStatus

# Catégories juridiques (INSEE, niveau III) → the directory's family and precise status. Only what
# the ESS families need; anything else is « autre », and the curator corrects.
STATUS_BY_CATEGORY = {
    "9220": LegalStatus.ASSOCIATION_1901,
    "9221": LegalStatus.ASSOCIATION_1901,
    "9222": LegalStatus.ASSOCIATION_1901,
    "9223": LegalStatus.ASSOCIATION_1901,
    "9230": LegalStatus.ASSOCIATION_RUP,
    "9260": LegalStatus.ASSOCIATION_1901,
    "5458": LegalStatus.SCOP,  # SARL coopérative ouvrière de production
    "5558": LegalStatus.SCOP,  # SA coopérative ouvrière de production à conseil d’administration
    "5658": LegalStatus.SCOP,  # … à directoire
    "5432": LegalStatus.SCIC,  # SARL d’intérêt collectif
    "5547": LegalStatus.SCIC,  # SA d’intérêt collectif à conseil d’administration
    "5647": LegalStatus.SCIC,  # … à directoire
    "6316": LegalStatus.COOPERATIVE_AGRICOLE,  # CUMA
    "6317": LegalStatus.COOPERATIVE_AGRICOLE,
    "6318": LegalStatus.COOPERATIVE_AGRICOLE,
    "8210": LegalStatus.MUTUELLE,
    "8250": LegalStatus.MUTUELLE,
    "8290": LegalStatus.MUTUELLE,
    "7430": LegalStatus.GIP,
}
FORM_BY_STATUS = {
    LegalStatus.ASSOCIATION_1901: LegalForm.ASSOCIATION,
    LegalStatus.ASSOCIATION_RUP: LegalForm.ASSOCIATION,
    LegalStatus.SCOP: LegalForm.COOPERATIVE,
    LegalStatus.SCIC: LegalForm.COOPERATIVE,
    LegalStatus.COOPERATIVE_AGRICOLE: LegalForm.COOPERATIVE,
    LegalStatus.MUTUELLE: LegalForm.MUTUELLE,
    LegalStatus.GIP: LegalForm.AUTRE,
}
# Other SARL coopératives (5451–5460), SA coopératives à conseil d’administration (5551–5560), à directoire (5651–5660).
COOPERATIVE_CATEGORIES = {str(code) for start in (5451, 5551, 5651) for code in range(start, start + 10)}


def legal_form_of(category, is_ess=False):
    """(family, precise status) for a catégorie juridique; ("", "") when unknown."""
    category = category or ""
    status = STATUS_BY_CATEGORY.get(category)
    if status:
        return FORM_BY_STATUS[status], status
    if category.startswith("92"):
        return LegalForm.ASSOCIATION, ""
    if category == "9300":
        return LegalForm.FONDATION, ""
    if category in COOPERATIVE_CATEGORIES:
        return LegalForm.COOPERATIVE, LegalStatus.COOPERATIVE
    if category.startswith(("5", "6")) and is_ess:
        return LegalForm.ENTREPRISE, LegalStatus.ESUS if category.startswith("5") else ""
    if category:
        return LegalForm.AUTRE, ""
    return "", ""


@dataclass
class RegistryResult:
    """What the registry says about one number (or why it could not say)."""

    number: str
    found: bool = False
    error: str = ""
    name: str = ""
    acronym: str = ""
    siren: str = ""
    siret: str = ""
    rna: str = ""
    street: str = ""
    postcode: str = ""
    city: str = ""
    category: str = ""
    legal_form: str = ""
    legal_status: str = ""
    is_ess: bool | None = None
    active: bool | None = None
    extra: dict = field(default_factory=dict)

    def as_dict(self):
        return asdict(self)

    def profile_values(self):
        """The profile fields it fills (only those it knows)."""
        values = {
            "name": self.name.title() if self.name.isupper() else self.name,
            "acronym": self.acronym,
            "siren": self.siren,
            "siret": self.siret,
            "rna": self.rna,
            "street": self.street,
            "postcode": self.postcode,
            "city": self.city.title() if self.city.isupper() else self.city,
            "legal_form": self.legal_form,
            "legal_status": self.legal_status,
        }
        return {key: value for key, value in values.items() if value}


def clean_number(number):
    return re.sub(r"\s", "", number or "").upper()


def lookup(number):
    """Ask the registry about a SIRET (14 digits), SIREN (9 digits) or RNA number (W + 9 digits)."""
    number = clean_number(number)
    if not re.fullmatch(r"\d{9}|\d{14}|W\d{9}", number):
        return RegistryResult(
            number, error=_("Numéro non reconnu : SIRET (14 chiffres), SIREN (9) ou RNA (W et 9 chiffres).")
        )
    try:
        response = httpx.get(
            settings.REGISTRY_BASE_URL.rstrip("/") + "/search",
            params={"q": number, "page": 1, "per_page": 5},
            timeout=settings.REGISTRY_TIMEOUT,
            headers={"Accept": "application/json"},
        )
        response.raise_for_status()
        results = response.json().get("results") or []
    except (httpx.HTTPError, ValueError, AttributeError):
        return RegistryResult(number, error=_("Registre injoignable, saisie manuelle."))
    match = next((r for r in results if matches(r, number)), None)
    if match is None:
        return RegistryResult(number, error=_("Aucune organisation de ce numéro dans le registre : saisie manuelle."))
    return from_answer(number, match)


def matches(result, number):
    if number.startswith("W"):
        return (result.get("complements") or {}).get("identifiant_association") == number
    return result.get("siren") == number[:9]


def establishment(result, number):
    """The establishment of a SIRET when the answer lists it, else the head office."""
    if len(number) == 14:
        for candidate in [result.get("siege") or {}, *(result.get("matching_etablissements") or [])]:
            if candidate.get("siret") == number:
                return candidate
    return result.get("siege") or {}


def from_answer(number, result):
    complements = result.get("complements") or {}
    place = establishment(result, number)
    street = " ".join(
        str(place.get(key) or "") for key in ("numero_voie", "indice_repetition", "type_voie", "libelle_voie")
    )
    category = str(result.get("nature_juridique") or "")
    is_ess = complements.get("est_ess")
    legal_form, legal_status = legal_form_of(category, bool(is_ess))
    return RegistryResult(
        number,
        found=True,
        name=result.get("nom_raison_sociale") or result.get("nom_complet") or "",
        acronym=result.get("sigle") or "",
        siren=result.get("siren") or "",
        siret=place.get("siret") or "",
        rna=complements.get("identifiant_association") or "",
        street=" ".join(street.split()),
        postcode=place.get("code_postal") or "",
        city=place.get("libelle_commune") or "",
        category=category,
        legal_form=legal_form,
        legal_status=legal_status,
        is_ess=is_ess,
        active=(result.get("etat_administratif") or "A") == "A",
    )
