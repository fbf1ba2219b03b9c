"""Keep the country table equal to ISO 3166 as django-countries knows it, each country with its zone."""

from django_countries.data import COUNTRIES

from .zones import ZONE_OF


def sync_countries(country_model):
    """Create the missing countries (idempotent); `country_model` may be a migration's historical model."""
    existing = set(country_model.objects.values_list("code", flat=True))
    country_model.objects.bulk_create(
        [country_model(code=code, zone=ZONE_OF[code]) for code in COUNTRIES if code not in existing]
    )
