"""Cursor pagination in the order the pages use (`tri`), for the sort keys a cursor can follow."""

from django.utils.translation import gettext_lazy as _
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response

from .licence import licence_info

PAGE_SIZE = 50


class PageOrderCursorPagination(CursorPagination):
    """The FilterSet's ordering for `tri` when its first field is never empty (a cursor needs a value to
    resume from); otherwise — relevance, years that may be missing — the list's default ordering."""

    page_size = PAGE_SIZE
    page_size_query_param = "taille"
    max_page_size = 200
    cursor_query_description = _("Position dans la liste : la valeur donnée par `suivant` ou `precedent`.")
    page_size_query_description = _("Nombre d’entrées par page (50 par défaut, 200 au plus).")
    invalid_cursor_message = _("Curseur invalide : reprenez l’adresse donnée par « suivant » ou « precedent ».")
    ordering = ("pk",)

    def get_ordering(self, request, queryset, view):
        filterset = getattr(view, "filterset", None)
        if filterset is None:
            return getattr(view, "cursor_ordering", self.ordering)
        ordering = filterset.orderings.get(filterset.sort_key()) or filterset.orderings[filterset.default_ordering]
        field = queryset.model._meta.get_field(ordering[0].lstrip("-"))
        if field.null:
            ordering = filterset.orderings[filterset.default_ordering]
        return ordering

    def get_paginated_response(self, data):
        return Response(
            {
                "suivant": self.get_next_link(),
                "precedent": self.get_previous_link(),
                "valeurs_ignorees": self.ignored,
                "licence": licence_info(),
                "resultats": data,
            }
        )

    def paginate_queryset(self, queryset, request, view=None):
        filterset = getattr(view, "filterset", None)
        ignored = filterset.ignored_values() if filterset is not None else []
        self.ignored = [{"filtre": str(label), "valeur": value} for label, value in ignored]
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["resultats"],
            "properties": {
                "suivant": {"type": "string", "format": "uri", "nullable": True, "description": "Page suivante."},
                "precedent": {"type": "string", "format": "uri", "nullable": True, "description": "Page précédente."},
                "valeurs_ignorees": {
                    "type": "array",
                    "description": "Valeurs de filtre non comprises, ignorées comme sur les pages du site.",
                    "items": {
                        "type": "object",
                        "properties": {"filtre": {"type": "string"}, "valeur": {"type": "string"}},
                    },
                },
                "licence": LICENCE_SCHEMA,
                "resultats": schema,
            },
        }


LICENCE_SCHEMA = {
    "type": "object",
    "description": "Licence de réutilisation des données.",
    "properties": {
        "nom": {"type": "string"},
        "identifiant": {"type": "string"},
        "url": {"type": "string", "format": "uri"},
        "attribution": {"type": "string"},
    },
}
