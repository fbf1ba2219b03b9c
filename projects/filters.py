"""Query-string filters of the projects list (names and values: docs/architecture.md)."""

from django.db.models import Count
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from actors.filters import DomainFacetMixin, count_by_zone, domain_and_themes, zones_filter
from actors.selectors import count_by_domain
from actors.zones import Zone
from core.filters import FacetedFilterSet, GroupedCount, MultipleValuesFilter

from .models import Agreement, ContractMode, Initiative, Project


class ProjectFilter(DomainFacetMixin, FacetedFilterSet):
    domaine = MultipleValuesFilter(method="filter_domains", label=_("Domaine"))
    zone = MultipleValuesFilter(method="filter_zones", choices=Zone.choices, label=_("Zone"))
    pays = MultipleValuesFilter(method="filter_countries", label=_("Pays"))
    mode = MultipleValuesFilter(
        method="filter_mode", choices=ContractMode.choices, label=_("Mode de contractualisation")
    )
    initiative = MultipleValuesFilter(field_name="initiative", choices=Initiative.choices, label=_("Initiative"))

    facets = ["domaine", "zone", "pays", "mode", "initiative"]
    orderings = {
        "titre": ("sort_title", "pk"),
        "recent": ("-start_year", "sort_title", "pk"),
        "ancien": ("start_year", "sort_title", "pk"),
    }
    default_ordering = "titre"

    class Meta:
        model = Project
        fields = []

    def sort_labels(self):
        return [
            ("titre", _("Titre (A → Z)")),
            ("recent", _("Les plus récents d’abord")),
            ("ancien", _("Les plus anciens d’abord")),
        ]

    def filter_domains(self, qs, name, slugs):
        through = Project.domains.through.objects.filter(domain__in=domain_and_themes(slugs))
        return qs.filter(pk__in=through.values("project_id"))

    def filter_countries(self, qs, name, codes):
        through = Project.countries.through.objects.filter(country_id__in=codes)
        return qs.filter(pk__in=through.values("project_id"))

    def filter_zones(self, qs, name, zones):
        return zones_filter(qs, zones, link="countries")

    def count_zone(self, qs):
        return count_by_zone(qs, link="countries")

    def filter_mode(self, qs, name, modes):
        return qs.filter(pk__in=Agreement.objects.filter(mode__in=modes).values("project_id"))

    def count_domaine(self, qs):
        return count_by_domain(Project.domains.through, "project_id", qs, self._domains)

    def count_pays(self, qs):
        through = Project.countries.through.objects.filter(project_id__in=qs.order_by().values("pk"))
        return GroupedCount.of(
            through.order_by().values_list("country_id").annotate(n=Count("project_id", distinct=True))
        )

    def count_mode(self, qs):
        agreements = Agreement.objects.filter(project_id__in=qs.order_by().values("pk")).exclude(mode="")
        return GroupedCount.of(agreements.order_by().values_list("mode").annotate(n=Count("project_id", distinct=True)))

    def count_initiative(self, qs):
        return GroupedCount.of(qs.exclude(initiative="").order_by().values_list("initiative").annotate(n=Count("pk")))


def warm_list():
    """The counts of the unfiltered projects list, recomputed after a change (core.warming)."""
    ProjectFilter(QueryDict(), queryset=Project.objects.published()).summary()
