"""Query-string filters of the actors and collectivities lists (names and values: docs/architecture.md)."""

import functools

from django.db.models import BooleanField, Case, CharField, Count, Exists, F, OuterRef, Q, Value, When
from django.db.models.expressions import RawSQL
from django.http import QueryDict
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.filters import FacetedFilterSet, GroupedCount, MultipleValuesFilter, OneValueFilter

from .models import Actor, Collectivity, CollectivityType, Domain, LegalForm
from .selectors import actor_domain_counts, cached_domain_choices, country_counts_sql, has_arrays
from .zones import HOME_COUNTRY, Zone, codes_of


def country_choices():
    """Every ISO country once (django-countries repeats COUNTRIES_FIRST at the top), by name in the
    active language (sorted once per language: every list page builds these choices)."""
    return list(sorted_countries(translation.get_language()))


@functools.cache
def sorted_countries(language):
    with translation.override(language):
        return tuple(dict(countries).items())


RESPONDENT_CHOICES = [("1", _("Répondants au questionnaire de l’étude"))]


def domain_and_themes(slugs):
    return Domain.objects.filter(Q(slug__in=slugs) | Q(parent__slug__in=slugs))


def zones_filter(qs, zones, *, link=None, home=None):
    """Entries whose linked countries (`link`, a path to Country) — or whose own country `home`,
    France excepted — lie in one of `zones`."""
    condition = Q(**{f"{link}__zone__in": zones}) if link else Q(pk__in=[])
    if home:
        condition |= Q(**{f"{home}__in": [c for c in codes_of(zones) if c != HOME_COUNTRY]})
    if link:
        return qs.filter(pk__in=qs.model.objects.filter(condition).values("pk"))
    return qs.filter(condition)


def count_by_zone(qs, *, link=None, home=None):
    """{zone: distinct entries} in one grouped query: the zones of the entries' linked countries (`link`, a
    path to Country) and of their own country `home` (France excepted), distinct entries per zone."""
    parts, params = [], []
    if link:
        pairs = qs.order_by().annotate(e=F("pk"), z=F(f"{link}__zone")).values_list("e", "z")
        sql, part_params = pairs.query.sql_with_params()
        parts.append(sql)
        params += part_params
    if home:
        zone_of = Case(
            *[
                When(**{f"{home}__in": [c for c in codes_of([z]) if c != HOME_COUNTRY]}, then=Value(z))
                for z in Zone.values
            ],
            default=Value(None),
            output_field=CharField(),
        )
        sql, part_params = qs.order_by().annotate(e=F("pk"), z=zone_of).values_list("e", "z").query.sql_with_params()
        parts.append(sql)
        params += part_params
    union = " UNION ALL ".join(f"SELECT p{i}.e, p{i}.z FROM ({sql}) p{i}" for i, sql in enumerate(parts))
    return GroupedCount(f"SELECT u.z, COUNT(DISTINCT u.e) FROM ({union}) u WHERE u.z IS NOT NULL GROUP BY u.z", params)


def grouped(queryset, value):
    """{value: entries} of `queryset` grouped by the field `value`, as a facet count."""
    return GroupedCount.of(queryset.order_by().values_list(value).annotate(n=Count("pk")))


def respondents(queryset):
    sql, params = queryset.filter(is_respondent=True).order_by().values("pk").query.sql_with_params()
    return GroupedCount(f"SELECT '1', COUNT(*) FROM ({sql}) s", params)


class DomainFacetMixin:
    """The `domaine` and `pays` facets of a list: their choices set when the filterset is built."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read only when needed (a `domaine` parameter, the facet panel): a page's reads of the shared
        # cache happen together (`cache_reads`).
        self.filters["domaine"].extra["choices"] = lambda: self._domain_choices[0]
        self.filters["pays"].extra["choices"] = country_choices

    @cached_property
    def _domain_choices(self):
        return cached_domain_choices()

    @cached_property
    def _domains(self):
        return self._domain_choices[1]

    @cached_property
    def domain_parents(self):
        return {d.slug: (d.parent.slug if d.parent_id else None) for d in self._domains}

    def cache_reads(self):
        return [*super().cache_reads(), ("domain-choices", "")]


class ActorFilter(DomainFacetMixin, FacetedFilterSet):
    forme = MultipleValuesFilter(field_name="legal_form", choices=LegalForm.choices, label=_("Forme juridique"))
    domaine = MultipleValuesFilter(method="filter_domains", label=_("Domaine"))
    zone = MultipleValuesFilter(method="filter_zones", choices=Zone.choices, label=_("Zone"))
    pays = MultipleValuesFilter(method="filter_countries", label=_("Pays"))
    repondant = OneValueFilter(method="filter_respondent", choices=RESPONDENT_CHOICES, label=_("Questionnaire"))

    facets = ["forme", "domaine", "zone", "pays", "repondant"]
    sparse_facets = ("pays",)
    orderings = {"nom": ("sort_name", "pk"), "-nom": ("-sort_name", "-pk"), "recent": ("-updated_at", "pk")}
    default_ordering = "nom"

    class Meta:
        model = Actor
        fields = []

    def sort_labels(self):
        return [("nom", _("Nom (A → Z)")), ("-nom", _("Nom (Z → A)")), ("recent", _("Mises à jour récentes"))]

    @classmethod
    def extend(cls, name, filter_, count, *, sparse=False):
        """Add a faceted parameter from an app above this one (what actors did in projects comes from
        `matching`: this app knows nothing of projects). `count(queryset)` gives {value: actors}."""
        cls.base_filters[name] = filter_
        cls.facets = [*dict.fromkeys([*cls.facets, name])]
        cls.sparse_facets = tuple(dict.fromkeys([*cls.sparse_facets, name])) if sparse else cls.sparse_facets
        setattr(cls, f"count_{name}", staticmethod(count))

    def filter_domains(self, qs, name, slugs):
        if has_arrays(qs):  # domain_ids holds the parents of the actor's themes: a domain includes its themes
            ids = [d.pk for d in self._domains if d.slug in slugs]
            return qs.filter(RawSQL("domain_ids && %s::bigint[]", (ids,), output_field=BooleanField()))
        # SQLite: a correlated EXISTS lets the list walk its sort index and stop at the page's 20 rows;
        # `pk IN (links)` made it fetch and sort every matching actor (a quarter of the directory).
        links = Actor.domains.through.objects.filter(domain__in=domain_and_themes(slugs), actor_id=OuterRef("pk"))
        return qs.filter(Exists(links))

    def filter_countries(self, qs, name, codes):
        if has_arrays(qs):  # country_codes: headquarters and countries worked in, GIN-indexed
            return qs.filter(RawSQL("country_codes && %s::varchar(2)[]", (codes,), output_field=BooleanField()))
        links = Actor.countries.through.objects.filter(country_id__in=codes, actor_id=OuterRef("pk"))
        return qs.filter(Q(country__in=codes) | Exists(links))  # EXISTS: as for the domains

    def filter_zones(self, qs, name, zones):
        return zones_filter(qs, zones, link="countries", home="country")

    def filter_respondent(self, qs, name, value):
        return qs.filter(is_respondent=True)

    def count_zone(self, qs):
        return count_by_zone(qs, link="countries", home="country")

    def count_forme(self, qs):
        return grouped(qs, "legal_form")

    def count_domaine(self, qs):
        return actor_domain_counts(qs, self._domains)

    def count_pays(self, qs):
        return GroupedCount(*country_counts_sql(qs))

    def count_repondant(self, qs):
        return respondents(qs)


class CollectivityFilter(FacetedFilterSet):
    type = MultipleValuesFilter(field_name="kind", choices=CollectivityType.choices, label=_("Type"))
    zone = MultipleValuesFilter(method="filter_zones", choices=Zone.choices, label=_("Zone"))
    pays = MultipleValuesFilter(field_name="country", label=_("Pays"))
    repondant = OneValueFilter(method="filter_respondent", choices=RESPONDENT_CHOICES, label=_("Questionnaire"))

    facets = ["type", "zone", "pays", "repondant"]
    orderings = {"nom": ("sort_name", "pk"), "-nom": ("-sort_name", "-pk"), "recent": ("-updated_at", "pk")}
    default_ordering = "nom"

    class Meta:
        model = Collectivity
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["pays"].extra["choices"] = country_choices

    def sort_labels(self):
        return [("nom", _("Nom (A → Z)")), ("-nom", _("Nom (Z → A)")), ("recent", _("Mises à jour récentes"))]

    def filter_respondent(self, qs, name, value):
        return qs.filter(is_respondent=True)

    def filter_zones(self, qs, name, zones):
        # A French collectivity works abroad through its partners: its own zone is not a filter value.
        return zones_filter(qs, zones, home="country")

    def count_zone(self, qs):
        return count_by_zone(qs, home="country")

    def count_type(self, qs):
        return grouped(qs, "kind")

    def count_pays(self, qs):
        return grouped(qs, "country")

    def count_repondant(self, qs):
        return respondents(qs)


def warm_lists():
    """The counts of the unfiltered actors and collectivities lists, recomputed after a change
    (core.warming): the costliest first visit after an edit."""
    ActorFilter(QueryDict(), queryset=Actor.objects.published()).summary()
    CollectivityFilter(QueryDict(), queryset=Collectivity.objects.published()).summary()
