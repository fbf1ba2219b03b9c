"""Keep the country table equal to ISO 3166 as django-countries knows it, each country with its zone."""

from django_countries.data import COUNTRIES

from core.text import plain

from .zones import ZONE_OF


def sync_countries(country_model, zone_of=None):
    """Create the missing countries and put every country in its zone (idempotent).

    `country_model` may be a migration's historical model, `zone_of` the zone table frozen in it."""
    zone_of = ZONE_OF if zone_of is None else zone_of
    existing = dict(country_model.objects.values_list("code", "zone"))
    country_model.objects.bulk_create(
        [country_model(code=code, zone=zone_of[code]) for code in COUNTRIES if code not in existing]
    )
    for code, zone in existing.items():
        if code in zone_of and zone_of[code] != zone:
            country_model.objects.filter(code=code).update(zone=zone_of[code])


def countries_by_name(country_model):
    """[(code, French name)] of every country, in French alphabetical order: accents do not push a name
    to the end (« Égypte » after « Danemark »)."""
    return [
        (c.pk, str(c.code.name)) for c in sorted(country_model.objects.all(), key=lambda c: plain(str(c.code.name)))
    ]
