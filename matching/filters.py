"""What actors did, as filters of the actors list: collectivities worked with, contract modes, roles
held, countries and zones of their projects — each with its facet counted in SQL.

Registered on `actors.filters.ActorFilter` when the app is ready, so the list page, the API and the
partner search share one FilterSet."""

from django.db.models import Case, CharField, Count, Q, Value, When
from django.utils.translation import gettext_lazy as _

from actors.filters import ActorFilter, country_choices
from actors.models import Collectivity, PublicationStatus
from actors.zones import Zone
from core.filters import GroupedCount, MultipleValuesFilter
from projects.models import ContractMode, Participant, Role


class CollectivityExperience:
    FRENCH = "francaise"
    ABROAD = "partenaire"
    choices = [(FRENCH, _("Une collectivité française")), (ABROAD, _("Une collectivité partenaire à l’étranger"))]

    @classmethod
    def collectivities(cls, value):
        published = Collectivity.objects.published()
        return published.french() if value == cls.FRENCH else published.abroad()


def participations(actors):
    """The actors' places in published projects (the only evidence the directory shows)."""
    return Participant.objects.filter(actor_id__in=actors.values("pk"), project__status=PublicationStatus.PUBLISHED)


def published_participations():
    return Participant.objects.filter(project__status=PublicationStatus.PUBLISHED)


def actors_of(qs, participations_):
    # participations_ is not restricted to qs: nesting qs in its own filter would grow the SQL with every
    # filter applied (SQLite's parser gives up on deep nesting).
    return qs.filter(pk__in=participations_.values("actor_id"))


def distinct_actors(participations_, value_path):
    rows = participations_.order_by().values_list(value_path).annotate(n=Count("actor_id", distinct=True))
    return GroupedCount.of(rows, read=lambda rows: {str(value): n for value, n in rows if value})


# --- filters ----------------------------------------------------------------------------------------


def filter_collectivity(qs, name, values):
    condition = Q()
    for value in values:
        condition |= Q(project__participants__collectivity__in=CollectivityExperience.collectivities(value))
    return actors_of(qs, published_participations().filter(condition))


def filter_mode(qs, name, modes):
    return actors_of(qs, published_participations().filter(agreements__mode__in=modes))


def filter_role(qs, name, roles):
    return actors_of(qs, published_participations().filter(role__in=roles))


def filter_project_countries(qs, name, codes):
    return actors_of(qs, published_participations().filter(project__countries__in=codes))


def filter_project_zones(qs, name, zones):
    return actors_of(qs, published_participations().filter(project__countries__zone__in=zones))


# --- counts -----------------------------------------------------------------------------------------


def count_collectivity(qs):
    """Actors who worked with each kind of collectivity (one grouped count: the kind is computed per row)."""
    kind = Case(
        *[
            When(
                project__participants__collectivity__in=CollectivityExperience.collectivities(value), then=Value(value)
            )
            for value, _label in CollectivityExperience.choices
        ],
        default=Value(""),
        output_field=CharField(),
    )
    return distinct_actors(participations(qs).annotate(kind=kind), "kind")


def count_mode(qs):
    return distinct_actors(participations(qs).exclude(agreements__mode=""), "agreements__mode")


def count_role(qs):
    return distinct_actors(participations(qs), "role")


def count_project_countries(qs):
    return distinct_actors(participations(qs), "project__countries")


def count_project_zones(qs):
    return distinct_actors(participations(qs), "project__countries__zone")


def register_experience_filters():
    extra = [
        (
            "collectivite",
            MultipleValuesFilter(
                method=filter_collectivity,
                choices=CollectivityExperience.choices,
                label=_("A travaillé avec"),
            ),
            count_collectivity,
            False,
        ),
        (
            "mode",
            MultipleValuesFilter(method=filter_mode, choices=ContractMode.choices, label=_("Mode déjà pratiqué")),
            count_mode,
            False,
        ),
        (
            "role",
            MultipleValuesFilter(method=filter_role, choices=Role.choices, label=_("Rôle tenu")),
            count_role,
            False,
        ),
        (
            "zone_projet",
            MultipleValuesFilter(method=filter_project_zones, choices=Zone.choices, label=_("Zone de ses projets")),
            count_project_zones,
            False,
        ),
        (
            "pays_projet",
            MultipleValuesFilter(
                method=filter_project_countries, choices=country_choices, label=_("Pays de ses projets")
            ),
            count_project_countries,
            True,
        ),
    ]
    for name, filter_, count, sparse in extra:
        ActorFilter.extend(name, filter_, count, sparse=sparse)
