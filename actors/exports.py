"""The columns of the actors' and collectivities' list exports (`core.exports.Column`: rows read as
values, links looked up per chunk of rows)."""

from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.exports import Column, links, yes_no

from .models import Actor, CollectivityType, Institution, LegalForm, LegalStatus


def country_names():
    """(code, name) of every country, in the current language."""
    return countries


ACTOR_COLUMNS = [
    Column(_("Nom"), "name"),
    Column(_("Sigle"), "acronym"),
    Column(_("Forme juridique"), "legal_form", labels=LegalForm.choices),
    Column(_("Statut précis"), "legal_status", labels=LegalStatus.choices),
    Column(_("Domaines"), per_chunk=links(Actor, "domains", "name")),
    Column(_("Pays du siège"), "country", labels=country_names),
    Column(_("Pays d’intervention"), per_chunk=links(Actor, "countries", "code"), labels=country_names),
    Column(_("Ville"), "city"),
    Column(_("Site web"), "website"),
    Column(_("Répondant au questionnaire"), "is_respondent", render=yes_no),
    Column(_("Description"), "description"),
    Column(_("Fiche"), "slug", page="actors:actor_detail"),
]

COLLECTIVITY_COLUMNS = [
    Column(_("Nom"), "name"),
    Column(_("Sigle"), "acronym"),
    Column(_("Type"), "kind", labels=CollectivityType.choices),
    Column(_("Institution"), "institution", labels=Institution.choices),
    Column(_("Pays"), "country", labels=country_names),
    Column(_("Territoire"), "territory"),
    Column(_("Code officiel"), "official_code"),
    Column(_("Site web"), "website"),
    Column(_("Répondant au questionnaire"), "is_respondent", render=yes_no),
    Column(_("Fiche"), "slug", page="actors:collectivity_detail"),
]

#: Columns that apps above this one add to the actors' export, with the annotation their cells read
#: (what actors did in projects comes from `matching`): [(annotate(queryset) → queryset, columns)].
ACTOR_EXTENSIONS = []


def extend_actor_export(annotate, columns):
    ACTOR_EXTENSIONS.append((annotate, columns))


def actor_export(queryset):
    """(the queryset annotated for every added column, the columns: own ones, added ones, page address)."""
    *own, page = ACTOR_COLUMNS
    for annotate, columns in ACTOR_EXTENSIONS:
        queryset = annotate(queryset)
        own += columns
    return queryset, [*own, page]
