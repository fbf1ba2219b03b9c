"""Keep the country table equal to ISO 3166 as django-countries knows it, each country with its zone."""

from django_countries.data import COUNTRIES

from core.text import plain

from .zones import ZONE_OF


def sync_countries(country_model):
    """Create the missing countries (idempotent); `country_model` may be a migration's historical model."""
    existing = set(country_model.objects.values_list("code", flat=True))
    country_model.objects.bulk_create(
        [country_model(code=code, zone=ZONE_OF[code]) for code in COUNTRIES if code not in existing]
    )


def countries_by_name(country_model):
    """[(code, French name)] of every country, in French alphabetical order: accents do not push a name
    to the end (« Égypte » after « Danemark »)."""
    return [
        (c.pk, str(c.code.name)) for c in sorted(country_model.objects.all(), key=lambda c: plain(str(c.code.name)))
    ]
