"""Zones: the one table, its documentation, the `zone` filter of every list and the search by zone,
on the study's data."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django_countries.data import COUNTRIES

from actors.models import Country
from actors.zones import ZONE_COUNTRIES, ZONE_OF, Zone, codes_of, in_zone


@pytest.fixture(autouse=True)
def loaded(study, db):
    return study


def slugs(response, attribute="slug"):
    return [getattr(o, attribute) for o in response.context["page_obj"].object_list]


def test_zone_table_puts_every_country_in_exactly_one_zone():
    placed = [code for codes in ZONE_COUNTRIES.values() for code in codes.split()]
    assert (sorted(placed) == sorted(set(placed)), set(COUNTRIES) - set(placed)) == (True, set())


def test_zone_slugs_are_those_of_the_public_filters():
    assert {"afrique-de-l-ouest", "afrique-centrale", "maghreb", "ocean-indien", "asie-du-sud-est"} <= set(Zone.values)


def test_zone_table_is_the_documented_one():
    documented = {}
    for line in (Path(settings.BASE_DIR) / "docs" / "zones.md").read_text().splitlines():
        match = re.match(r"\| `([a-z-]+)` \| [^|]+ \| ([A-Z ]+) \|", line)
        if match:
            documented[match[1]] = match[2].split()
    assert documented == {zone: codes.split() for zone, codes in ZONE_COUNTRIES.items()}


def test_country_rows_are_in_the_zones_of_the_table():
    stored = dict(Country.objects.values_list("code", "zone"))
    assert (stored["ML"], stored["MA"], stored["VN"], stored["MG"], len(stored)) == (
        "afrique-de-l-ouest",
        "maghreb",
        "asie-du-sud-est",
        "ocean-indien",
        249,
    )
    assert {code: zone for code, zone in stored.items() if ZONE_OF[code] != zone} == {}


def test_codes_of_and_french_phrase_of_a_zone():
    assert (codes_of(["maghreb"]), codes_of(["lune"]), str(in_zone("ocean-indien"))) == (
        ["DZ", "EH", "LY", "MA", "TN"],
        [],
        "dans l’océan Indien",
    )


def test_actor_list_zone_and_domain_give_water_actors_of_west_africa(client):
    response = client.get(
        reverse("actors:actor_list"), {"zone": "afrique-de-l-ouest", "domaine": "eau-et-assainissement"}
    )
    assert sorted(slugs(response)) == ["eau-vive", "ecodev"]


def test_actor_list_zone_ignores_a_french_head_office(client):
    response = client.get(reverse("actors:actor_list"), {"zone": "europe"})
    assert "east" not in slugs(response)


def test_actor_list_zone_facet_counts_each_actor_once_per_zone(client):
    response = client.get(reverse("actors:actor_list"), {"domaine": "eau-et-assainissement"})
    zones = {o["value"]: o["count"] for g in response.context["facets"] if g["name"] == "zone" for o in g["options"]}
    assert (zones["afrique-de-l-ouest"], zones["ocean-indien"], zones["asie-du-sud-est"], zones["maghreb"]) == (
        2,
        1,
        1,
        0,
    )


def test_search_finds_water_actors_working_in_west_africa(client):
    response = client.get(reverse("actors:actor_list"), {"q": "eau Afrique de l’Ouest"})
    assert (sorted(slugs(response)), response.context["closest"]) == (["eau-vive", "ecodev"], False)


def test_search_with_accents_and_apostrophe_variants_finds_the_zone(client):
    response = client.get(reverse("actors:actor_list"), {"q": "eau assainissement afrique de l'ouest"})
    assert sorted(slugs(response)) == ["eau-vive", "ecodev"]


def test_project_list_zone_filter(client):
    response = client.get(reverse("projects:project_list"), {"zone": "maghreb"})
    assert sorted(slugs(response)) == ["figuig-commerce-equitable", "souss-massa-draa-plateformes-initiative"]


def test_collectivity_list_zone_filter(client):
    response = client.get(reverse("actors:collectivity_list"), {"zone": "asie-du-sud-est"})
    names = [c.name for c in response.context["page_obj"].object_list]
    assert "Comité populaire d’Hanoï" in names and all(c.country.code == "VN" for c in response.context["page_obj"])


def test_statistics_zone_rows_link_to_the_filtered_actor_list(client):
    response = client.get(reverse("statistics"))
    zones = {row["value"]: row["count"] for row in response.context["by_zone"]}
    assert (zones["afrique-de-l-ouest"] > zones["ocean-indien"] > 0, 'href="/acteurs/?zone=maghreb"') == (
        True,
        'href="/acteurs/?zone=maghreb"',
    )
    assert 'href="/acteurs/?zone=maghreb"' in response.content.decode()


def test_country_facet_keeps_a_country_with_no_result_at_zero(client):
    """Bénin has actors, none of them in water: it stays in the list, greyed at 0."""
    response = client.get(reverse("actors:actor_list"), {"domaine": "eau-et-assainissement"})
    group = next(g for g in response.context["facets"] if g["name"] == "pays")
    options = {o["value"]: o["count"] for o in group["options"] + group["more"]}
    assert (options["BJ"], options["MG"]) == (0, 1)
    assert 'class=" facet-zero"' in response.content.decode()


def test_long_facets_show_the_rest_behind_a_disclosure_not_a_scroll_box(client):
    content = client.get(reverse("actors:actor_list")).content.decode()
    assert ("facet-scroll" in content, '<details class="facet-more"' in content) == (False, True)
