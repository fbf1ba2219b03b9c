"""Query-string filters of the calls list: domaine, pays, zone, role, mode."""

from collections import Counter

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from actors.filters import DomainFacetMixin, domain_and_themes
from actors.models import Zone
from actors.zones import ZONE_COUNTRIES, ZONE_OF
from core.filters import FacetedFilterSet, MultipleValuesFilter

from .models import Call, CallMode, Role


class CallFilter(DomainFacetMixin, FacetedFilterSet):
    domaine = MultipleValuesFilter(method="filter_domains", label=_("Domaine"))
    pays = MultipleValuesFilter(method="filter_countries", label=_("Pays"))
    zone = MultipleValuesFilter(method="filter_zones", choices=Zone.choices, label=_("Zone"))
    role = MultipleValuesFilter(field_name="role", choices=Role.choices, label=_("Rôle recherché"))
    mode = MultipleValuesFilter(field_name="mode", choices=CallMode.choices, label=_("Contrat envisagé"))

    facets = ["domaine", "zone", "role", "mode"]
    orderings = {
        "echeance": ("deadline", "pk"),
        "recent": ("-created_at", "-pk"),
        "titre": ("title", "pk"),
    }
    default_ordering = "echeance"

    class Meta:
        model = Call
        fields = []

    def sort_labels(self):
        return [
            ("echeance", _("Date limite la plus proche")),
            ("recent", _("Les plus récents")),
            ("titre", _("Titre (A → Z)")),
        ]

    def filter_domains(self, qs, name, slugs):
        return qs.filter(domain__in=domain_and_themes(slugs))

    def filter_countries(self, qs, name, codes):
        """A call names countries, or a whole zone: pays=ML finds both « Mali » and « Afrique de l’Ouest »."""
        through = Call.countries.through.objects.filter(country_id__in=codes)
        zones = {ZONE_OF[code] for code in codes if code in ZONE_OF}
        return qs.filter(Q(pk__in=through.values("call_id")) | Q(zone__in=zones))

    def filter_zones(self, qs, name, zones):
        codes = [code for zone in zones for code in ZONE_COUNTRIES[zone].split()]
        through = Call.countries.through.objects.filter(country_id__in=codes)
        return qs.filter(Q(pk__in=through.values("call_id")) | Q(zone__in=zones))

    def count_domaine(self, qs):
        """A call has one domain: counted for it and for its parent domain, two grouped queries."""
        qs = qs.order_by()
        counts = Counter(dict(qs.values_list("domain__slug").annotate(n=Count("pk"))))
        counts.update(dict(qs.exclude(domain__parent=None).values_list("domain__parent__slug").annotate(n=Count("pk"))))
        return {d.slug: counts[d.slug] for d in self._domains if counts[d.slug]}

    def count_zone(self, qs):
        return dict(qs.exclude(zone="").order_by().values_list("zone").annotate(n=Count("pk")))

    def count_role(self, qs):
        return dict(qs.order_by().values_list("role").annotate(n=Count("pk")))

    def count_mode(self, qs):
        return dict(qs.order_by().values_list("mode").annotate(n=Count("pk")))
