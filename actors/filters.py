"""Query-string filters of the actors and collectivities lists (names and values: docs/architecture.md)."""

from collections import defaultdict

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.filters import FacetedFilterSet, MultipleValuesFilter, OneValueFilter

from .models import Actor, Collectivity, CollectivityType, Domain, LegalForm


def country_choices():
    """Every ISO country once (django-countries repeats COUNTRIES_FIRST at the top)."""
    return list(dict(countries).items())


RESPONDENT_CHOICES = [("1", _("Répondants au questionnaire de l’étude"))]


def domain_choices():
    """Domains then their themes, as (slug, name), in taxonomy order."""
    domains = list(Domain.objects.select_related("parent").order_by("position", "name"))
    ordered = []
    for root in (d for d in domains if d.parent_id is None):
        ordered.append((root.slug, root.name))
        ordered += [(d.slug, d.name) for d in domains if d.parent_id == root.pk]
    return ordered, domains


def domain_and_themes(slugs):
    return Domain.objects.filter(Q(slug__in=slugs) | Q(parent__slug__in=slugs))


def count_by_domain(pairs, domains):
    """pairs of (object id, domain id) → {slug: distinct objects}, a domain counting its themes' objects."""
    by_id = {d.pk: d for d in domains}
    objects = defaultdict(set)
    for object_id, domain_id in pairs:
        domain = by_id.get(domain_id)
        if domain is None:
            continue
        objects[domain.slug].add(object_id)
        if domain.parent_id in by_id:
            objects[by_id[domain.parent_id].slug].add(object_id)
    return {slug: len(ids) for slug, ids in objects.items()}


class DomainFacetMixin:
    """The `domaine` and `pays` facets of a list: their choices set when the filterset is built."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_domains()
        self.filters["pays"].extra["choices"] = country_choices()

    def setup_domains(self):
        choices, self._domains = domain_choices()
        self.filters["domaine"].extra["choices"] = choices
        self.domain_parents = {d.slug: (d.parent.slug if d.parent_id else None) for d in self._domains}


class ActorFilter(DomainFacetMixin, FacetedFilterSet):
    forme = MultipleValuesFilter(field_name="legal_form", choices=LegalForm.choices, label=_("Forme juridique"))
    domaine = MultipleValuesFilter(method="filter_domains", label=_("Domaine"))
    pays = MultipleValuesFilter(method="filter_countries", label=_("Pays"))
    repondant = OneValueFilter(method="filter_respondent", choices=RESPONDENT_CHOICES, label=_("Questionnaire"))

    facets = ["forme", "domaine", "pays", "repondant"]
    orderings = {"nom": ("sort_name", "pk"), "-nom": ("-sort_name", "-pk"), "recent": ("-updated_at", "pk")}
    default_ordering = "nom"

    class Meta:
        model = Actor
        fields = []

    def sort_labels(self):
        return [("nom", _("Nom (A → Z)")), ("-nom", _("Nom (Z → A)")), ("recent", _("Mises à jour récentes"))]

    def filter_domains(self, qs, name, slugs):
        through = Actor.domains.through.objects.filter(domain__in=domain_and_themes(slugs))
        return qs.filter(pk__in=through.values("actor_id"))

    def filter_countries(self, qs, name, codes):
        through = Actor.countries.through.objects.filter(country_id__in=codes)
        return qs.filter(Q(country__in=codes) | Q(pk__in=through.values("actor_id")))

    def filter_respondent(self, qs, name, value):
        return qs.filter(is_respondent=True)

    def count_forme(self, qs):
        return dict(qs.order_by().values_list("legal_form").annotate(n=Count("pk")))

    def count_domaine(self, qs):
        pairs = Actor.domains.through.objects.filter(actor_id__in=qs.values("pk")).values_list("actor_id", "domain_id")
        return count_by_domain(pairs, self._domains)

    def count_pays(self, qs):
        actors = defaultdict(set)
        for pk, code in qs.order_by().values_list("pk", "country"):
            actors[code].add(pk)
        through = Actor.countries.through.objects.filter(actor_id__in=qs.values("pk"))
        for pk, code in through.values_list("actor_id", "country_id"):
            actors[code].add(pk)
        return {code: len(ids) for code, ids in actors.items() if code}

    def count_repondant(self, qs):
        return {"1": qs.filter(is_respondent=True).count()}


class CollectivityFilter(FacetedFilterSet):
    type = MultipleValuesFilter(field_name="kind", choices=CollectivityType.choices, label=_("Type"))
    pays = MultipleValuesFilter(field_name="country", label=_("Pays"))
    repondant = OneValueFilter(method="filter_respondent", choices=RESPONDENT_CHOICES, label=_("Questionnaire"))

    facets = ["type", "pays", "repondant"]
    orderings = {"nom": ("sort_name", "pk"), "-nom": ("-sort_name", "-pk"), "recent": ("-updated_at", "pk")}
    default_ordering = "nom"

    class Meta:
        model = Collectivity
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["pays"].extra["choices"] = country_choices()

    def sort_labels(self):
        return [("nom", _("Nom (A → Z)")), ("-nom", _("Nom (Z → A)")), ("recent", _("Mises à jour récentes"))]

    def filter_respondent(self, qs, name, value):
        return qs.filter(is_respondent=True)

    def count_type(self, qs):
        return dict(qs.order_by().values_list("kind").annotate(n=Count("pk")))

    def count_pays(self, qs):
        return dict(qs.order_by().values_list("country").annotate(n=Count("pk")))

    def count_repondant(self, qs):
        return {"1": qs.filter(is_respondent=True).count()}
