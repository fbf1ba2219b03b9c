"""OpenAPI description of the list filters: the pages' query-string parameters, documented in French.

The FilterSets load some choices when they are bound (domains from the database, countries); the
schema describes those parameters in words instead of freezing today's values into an enum."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.plumbing import build_array_type, build_basic_type, build_parameter_type
from drf_spectacular.types import OpenApiTypes

from core.filters import MultipleValuesFilter

PARAMETERS = {
    "q": _("Texte libre, cherché comme sur le site (sans accents ni pluriels qui comptent)."),
    "forme": _("Famille juridique de l’acteur."),
    "domaine": _(
        "Identifiant d’un domaine ou d’un thème (voir /api/v1/domaines/) ; un domaine inclut ses thèmes. "
        "Les quatre domaines de l’étude : appui-au-developpement, tourisme-equitable-et-solidaire, "
        "energies-renouvelables, eau-et-assainissement."
    ),
    "pays": _(
        "Code pays ISO 3166-1 alpha-2, par exemple MG. Pour un acteur : un pays où il intervient ou celui de son siège."
    ),
    "zone": _("Zone du monde (afrique-de-l-ouest, maghreb, ocean-indien, asie-du-sud-est…), regroupant des pays."),
    "type": _("Type de collectivité."),
    "mode": _("Mode de contractualisation d’au moins une de ses conventions."),
    "role": _("Rôle tenu dans au moins un projet."),
    "initiative": _("Qui a pris l’initiative de la collaboration."),
    "collectivite": _("Acteurs ayant déjà travaillé avec une collectivité : francaise ou partenaire (à l’étranger)."),
    "zone_projet": _("Zone du monde d’au moins un de ses projets."),
    "pays_projet": _("Code pays ISO 3166-1 alpha-2 d’au moins un de ses projets, par exemple ML."),
    "repondant": _("1 : seulement les répondants au questionnaire de l’étude."),
    "tri": _("Ordre de la liste ; « pertinence » et les tris sur une année suivent l’ordre par défaut dans l’API."),
}
REPEATABLE = _(" Répétez le paramètre pour plusieurs valeurs (l’une ou l’autre). Une valeur inconnue est ignorée.")


class PageFilterExtension(DjangoFilterExtension):
    """The pages' filters: lists of strings (repeatable), their static choices as enums, French text."""

    target_class = "api.filters.PageFilterBackend"
    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        if field_name not in PARAMETERS:
            return super().resolve_filter_field(auto_schema, model, filterset_class, field_name, filter_field)
        description = str(PARAMETERS[field_name])
        choices = self.static_choices(filterset_class, field_name, filter_field)
        schema = build_basic_type(OpenApiTypes.STR)
        if choices:
            schema["enum"] = choices
        if isinstance(filter_field, MultipleValuesFilter):
            schema = build_array_type(schema)
            description += str(REPEATABLE)
        return [
            build_parameter_type(
                name=field_name, schema=schema, location="query", description=description, explode=True, style="form"
            )
        ]

    @staticmethod
    def static_choices(filterset_class, field_name, filter_field):
        if field_name == "tri":
            return ["pertinence", *filterset_class.orderings]
        choices = filter_field.extra.get("choices")
        if not choices or callable(choices):
            return []
        return [str(key) for key, _label in choices]
