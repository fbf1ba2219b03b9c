"""Query-string filters of the case studies list: zone, pays, domaine, mode, initiative and the legal
form of the ESS actors taking part (names and values of the other lists)."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from actors.filters import DomainFacetMixin, count_by_zone, domain_and_themes, zones_filter
from actors.models import LegalForm
from actors.selectors import count_by_domain
from actors.zones import Zone
from core.filters import FacetedFilterSet, GroupedCount, MultipleValuesFilter
from projects.models import ContractMode, Initiative, Project

from .models import CaseStudy


class CaseStudyFilter(DomainFacetMixin, FacetedFilterSet):
    zone = MultipleValuesFilter(method="filter_zones", choices=Zone.choices, label=_("Zone"))
    pays = MultipleValuesFilter(method="filter_countries", label=_("Pays"))
    domaine = MultipleValuesFilter(method="filter_domains", label=_("Domaine"))
    mode = MultipleValuesFilter(
        method="filter_mode", choices=ContractMode.choices, label=_("Mode de contractualisation")
    )
    initiative = MultipleValuesFilter(
        field_name="project__initiative", choices=Initiative.choices, label=_("Initiative")
    )
    forme = MultipleValuesFilter(method="filter_form", choices=LegalForm.choices, label=_("Forme de l’acteur de l’ESS"))

    facets = ["zone", "pays", "domaine", "mode", "initiative", "forme"]
    orderings = {"numero": ("number",)}
    default_ordering = "numero"

    class Meta:
        model = CaseStudy
        fields = []

    def sort_labels(self):
        return [("numero", _("Numéro"))]

    def filter_zones(self, qs, name, zones):
        return zones_filter(qs, zones, link="project__countries")

    def filter_countries(self, qs, name, codes):
        return qs.filter(pk__in=CaseStudy.objects.filter(project__countries__in=codes).values("pk"))

    def filter_domains(self, qs, name, slugs):
        return qs.filter(pk__in=CaseStudy.objects.filter(project__domains__in=domain_and_themes(slugs)).values("pk"))

    def filter_mode(self, qs, name, modes):
        return qs.filter(pk__in=CaseStudy.objects.filter(project__agreements__mode__in=modes).values("pk"))

    def filter_form(self, qs, name, forms):
        actors = CaseStudy.objects.filter(
            project__participants__actor__legal_form__in=forms, project__participants__actor__is_group=False
        )
        return qs.filter(pk__in=actors.values("pk"))

    def count_zone(self, qs):
        return count_by_zone(qs, link="project__countries")

    def count_pays(self, qs):
        return grouped(qs, "project__countries")

    def count_domaine(self, qs):
        """Per domain, the case studies whose project is tagged with it or one of its themes (a case study
        has one project: distinct projects are distinct case studies)."""
        return count_by_domain(Project.domains.through, "project_id", qs, self._domains, key="project_id")

    def count_mode(self, qs):
        return grouped(qs, "project__agreements__mode")

    def count_initiative(self, qs):
        return grouped(qs, "project__initiative")

    def count_forme(self, qs):
        return grouped(
            qs.filter(project__participants__actor__is_group=False), "project__participants__actor__legal_form"
        )


def grouped(qs, path):
    """{value: distinct case studies} by GROUP BY in SQL (a facet's GroupedCount; no value: not counted)."""
    rows = qs.order_by().values_list(path).annotate(n=Count("pk", distinct=True))
    return GroupedCount.of(rows, read=lambda pairs: {str(value): n for value, n in pairs if value})
