"""Curation of actors, collectivities and domains in the admin."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.filters import CountryFilter
from simple_history.admin import SimpleHistoryAdmin

from .models import ACTOR_STUDY_FIELDS, Actor, Collectivity, Country, Domain


def countries_filter(field, title=None):
    """A list filter on a many-to-many link to Country (the admin's related filter cannot urlencode
    a django-countries value as a primary key)."""

    class CountriesFilter(admin.SimpleListFilter):
        parameter_name = f"{field}_code"

        def lookups(self, request, model_admin):
            codes = (
                model_admin.model._default_manager.exclude(**{f"{field}__isnull": True})
                .values_list(f"{field}__code", flat=True)
                .distinct()
            )
            return sorted(((str(c), Country(code=c).name) for c in codes), key=lambda item: item[1])

        def queryset(self, request, queryset):
            if self.value():
                return queryset.filter(**{f"{field}__code": self.value()}).distinct()
            return queryset

    CountriesFilter.title = title or _("pays d’intervention")
    return CountriesFilter


@admin.register(Domain)
class DomainAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "slug", "position", "actor_count"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["parent"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(actor_total=Count("actors", distinct=True))

    @admin.display(description=_("acteurs"), ordering="actor_total")
    def actor_count(self, obj):
        return obj.actor_total


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "zone"]
    list_filter = ["zone"]
    search_fields = ["code"]

    def get_search_results(self, request, queryset, search_term):
        # Names come from django-countries in the active language, not from the table.
        term = search_term.strip().lower()
        if not term:
            return queryset, False
        codes = [code for code, name in countries if term in name.lower() or term == code.lower()]
        return queryset.filter(code__in=codes), False

    # The table mirrors ISO 3166 (filled by a migration): curators may only change a country's zone.
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Actor)
class ActorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "acronym", "legal_form", "country", "is_respondent", "status", "updated_at"]
    list_filter = [
        "status",
        "legal_form",
        "is_respondent",
        "source",
        "in_study_annex",
        "is_group",
        "domains",
        countries_filter("countries"),
        ("country", CountryFilter),
    ]
    search_fields = ["name", "acronym", "study_names", "city", "siren", "siret", "rna"]
    autocomplete_fields = ["domains", "countries"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at", "updated_at"]
    date_hierarchy = "updated_at"
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["name", "acronym", "slug", "legal_form", "legal_status", "description"]}),
        (
            _("Contact"),
            {"fields": ["website", "email", "phone", "street", "postcode", "city", "departement", "country"]},
        ),
        (_("Identifiants"), {"fields": ["siren", "siret", "rna"]}),
        (_("Activité"), {"fields": ["domains", "countries", "staff_band", "volunteer_band"]}),
        (
            _("Étude"),
            {"fields": ACTOR_STUDY_FIELDS},
        ),
        (_("Publication"), {"fields": ["status", "source", "created_at", "updated_at"]}),
    ]


@admin.register(Collectivity)
class CollectivityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "institution", "country", "is_respondent", "status", "updated_at"]
    list_filter = [
        "status",
        "kind",
        "institution",
        "is_respondent",
        "in_study_annex",
        "is_group",
        ("country", CountryFilter),
    ]
    search_fields = ["name", "acronym", "study_names", "territory", "official_code"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at", "updated_at"]
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["name", "acronym", "slug", "kind", "institution", "description"]}),
        (_("Territoire"), {"fields": ["country", "territory", "official_code", "website"]}),
        (_("Étude"), {"fields": ["is_respondent", "in_study_annex", "is_group", "study_mentions", "study_names"]}),
        (_("Publication"), {"fields": ["status", "source", "created_at", "updated_at"]}),
    ]
