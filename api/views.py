"""The read API (/api/v1/): the published directory, filtered like the pages, paginated by cursor."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import api_view
from rest_framework.response import Response
from rest_framework.reverse import reverse

from actors import selectors as actor_selectors
from actors.filters import ActorFilter, CollectivityFilter
from actors.models import Actor, Collectivity, Domain
from calls import selectors as call_selectors
from calls.filters import CallFilter
from calls.models import Call
from case_studies import selectors as case_study_selectors
from projects import selectors as project_selectors
from projects.filters import ProjectFilter

from . import serializers as api_serializers
from .filters import CaseStudyFilter
from .licence import licence_info

ERROR = inline_serializer(
    "Erreur",
    {
        "statut": serializers.IntegerField(),
        "code": serializers.CharField(),
        "message": serializers.CharField(),
    },
)
LIST_ERRORS = {
    404: OpenApiResponse(ERROR, description=_("Curseur invalide.")),
    429: OpenApiResponse(ERROR, description=_("Trop de requêtes.")),
}
DETAIL_ERRORS = {
    404: OpenApiResponse(ERROR, description=_("Aucune entrée publiée sous cet identifiant.")),
    429: OpenApiResponse(ERROR, description=_("Trop de requêtes.")),
}


def documented(name, plural, filters, serializer):
    """OpenAPI descriptions of a read-only viewset, in French."""
    return extend_schema_view(
        list=extend_schema(
            summary=_("Liste des %(plural)s") % {"plural": plural},
            description=_(
                "Les entrées publiées (%(plural)s), filtrées comme sur le site (%(filters)s) : un paramètre "
                "répété veut dire « l’un ou l’autre », une valeur inconnue est ignorée et "
                "signalée dans `valeurs_ignorees`. Pagination par curseur : suivez `suivant`."
            )
            % {"plural": plural, "filters": filters},
            responses={200: serializer(many=True), **LIST_ERRORS},
        ),
        retrieve=extend_schema(
            summary=_("Un(e) %(name)s") % {"name": name},
            description=_("Une entrée publiée, par son identifiant stable."),
            responses={200: serializer, **DETAIL_ERRORS},
        ),
    )


class PublishedViewSet(viewsets.ReadOnlyModelViewSet):
    """A list filtered like its page, from the queryset the page lists (`listed()`), and details from
    the queryset the detail page reads (`detailed()`, the owning app's selector)."""

    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    prefetch = ()

    def get_queryset(self):
        if self.action == "list":
            return self.listed().prefetch_related(*self.prefetch)
        return self.detailed()

    def detailed(self):
        return self.listed().prefetch_related(*self.prefetch)


@documented(
    _("acteur de l’ESS"),
    _("acteurs de l’ESS"),
    "q, forme, domaine, pays, repondant, tri",
    api_serializers.ActorSerializer,
)
class ActorViewSet(PublishedViewSet):
    serializer_class = api_serializers.ActorSerializer
    filterset_class = ActorFilter
    prefetch = ("domains", "countries")

    def listed(self):
        return Actor.objects.published()

    def detailed(self):
        return actor_selectors.published_actor_profiles()


@documented(
    _("collectivité"), _("collectivités"), "q, type, pays, repondant, tri", api_serializers.CollectivitySerializer
)
class CollectivityViewSet(PublishedViewSet):
    serializer_class = api_serializers.CollectivitySerializer
    filterset_class = CollectivityFilter

    def listed(self):
        return Collectivity.objects.published()


@documented(_("projet"), _("projets"), "q, domaine, pays, mode, initiative, tri", api_serializers.ProjectSerializer)
class ProjectViewSet(PublishedViewSet):
    serializer_class = api_serializers.ProjectSerializer
    filterset_class = ProjectFilter

    def listed(self):
        # The published projects (what the page lists), with what a project page shows prefetched.
        return project_selectors.published_project_pages()


@documented(
    _("étude de cas"),
    _("études de cas"),
    "q, et ceux des projets : domaine, pays, mode, initiative",
    api_serializers.CaseStudySerializer,
)
class CaseStudyViewSet(PublishedViewSet):
    serializer_class = api_serializers.CaseStudySerializer
    filterset_class = CaseStudyFilter
    lookup_field = "number"
    lookup_value_regex = "[0-9]{1,2}"

    def listed(self):
        return case_study_selectors.published_case_study_pages()


@documented(
    _("appel à partenaires"),
    _("appels à partenaires ouverts"),
    "domaine, pays, zone, role, mode, tri",
    api_serializers.CallSerializer,
)
class CallViewSet(PublishedViewSet):
    """Open calls, as on /appels/; a detail also answers for an archived (published) call."""

    serializer_class = api_serializers.CallSerializer
    filterset_class = CallFilter

    def listed(self):
        return call_selectors.open_calls().prefetch_related("countries")

    def detailed(self):
        return (
            (Call.objects.open() | Call.objects.archived())
            .select_related("collectivity", "domain")
            .prefetch_related("countries")
        )


@extend_schema_view(
    list=extend_schema(
        summary=_("Domaines et thèmes"),
        description=_("Les quatre domaines de l’étude et leurs thèmes : valeurs du filtre `domaine`."),
        responses={200: api_serializers.DomainSerializer(many=True), **LIST_ERRORS},
    ),
    retrieve=extend_schema(
        summary=_("Un domaine ou thème"), responses={200: api_serializers.DomainSerializer, **DETAIL_ERRORS}
    ),
)
class DomainViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = api_serializers.DomainSerializer
    lookup_field = "slug"
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    filter_backends = []
    cursor_ordering = ("position", "slug")

    def get_queryset(self):
        return Domain.objects.select_related("parent")


ROOT = inline_serializer(
    "Racine",
    {
        "ressources": serializers.DictField(child=serializers.URLField()),
        "schema": serializers.URLField(),
        "documentation": serializers.URLField(),
        "licence": serializers.DictField(child=serializers.CharField()),
    },
)


@extend_schema(summary=_("Racine de l’API"), description=_("Les ressources, le schéma et la licence."), responses=ROOT)
@api_view(["GET"])
def root(request):
    return Response(
        {
            "ressources": {
                name: reverse(f"api:{view}-list", request=request)
                for name, view in (
                    ("acteurs", "actor"),
                    ("collectivites", "collectivity"),
                    ("projets", "project"),
                    ("etudes-de-cas", "casestudy"),
                    ("domaines", "domain"),
                    ("appels", "call"),
                )
            },
            "schema": reverse("api:schema", request=request),
            "documentation": reverse("api:docs", request=request),
            "licence": licence_info(),
        }
    )
