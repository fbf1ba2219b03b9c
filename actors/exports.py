"""The columns of the actors' and collectivities' list exports: [(header, function(obj) → value)]."""

from django.utils.translation import gettext_lazy as _

from core.exports import join, yes_no

ACTOR_COLUMNS = [
    (_("Nom"), lambda a: a.name),
    (_("Sigle"), lambda a: a.acronym),
    (_("Forme juridique"), lambda a: a.get_legal_form_display()),
    (_("Statut précis"), lambda a: a.get_legal_status_display() if a.legal_status else ""),
    (_("Domaines"), lambda a: join(d.name for d in a.domains.all())),
    (_("Pays du siège"), lambda a: a.country.name),
    (_("Pays d’intervention"), lambda a: join(c.name for c in a.countries.all())),
    (_("Ville"), lambda a: a.city),
    (_("Site web"), lambda a: a.website),
    (_("Répondant au questionnaire"), lambda a: yes_no(a.is_respondent)),
    (_("Description"), lambda a: a.description),
    (_("Fiche"), lambda a: a.get_absolute_url()),
]

COLLECTIVITY_COLUMNS = [
    (_("Nom"), lambda c: c.name),
    (_("Sigle"), lambda c: c.acronym),
    (_("Type"), lambda c: c.get_kind_display()),
    (_("Institution"), lambda c: c.get_institution_display() if c.institution else ""),
    (_("Pays"), lambda c: c.country.name),
    (_("Territoire"), lambda c: c.territory),
    (_("Code officiel"), lambda c: c.official_code),
    (_("Site web"), lambda c: c.website),
    (_("Répondant au questionnaire"), lambda c: yes_no(c.is_respondent)),
    (_("Fiche"), lambda c: c.get_absolute_url()),
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
