"""Experience filters of the actors list (what actors did in published projects), on the study's data."""

import pytest
from django.urls import reverse

from actors.filters import ActorFilter
from actors.models import Actor


@pytest.fixture(autouse=True)
def loaded(study, db):
    return study


def actors(**params):
    return sorted(ActorFilter(params, queryset=Actor.objects.published()).qs.values_list("slug", flat=True))


def counts(name, **params):
    return ActorFilter(params, queryset=Actor.objects.published()).facet_counts()[name]


def test_role_filter_gives_the_actors_that_held_it():
    assert (actors(role=["amo"]), actors(role=["appui-technique"])) == (["east"], ["france-initiative"])


def test_mode_filter_gives_the_actors_party_to_such_an_agreement():
    assert actors(mode=["prestation"]) == ["batik-international"]


def test_subvention_includes_east_and_tetraktys():
    assert {"east", "tetraktys", "incite-formation", "minga"} <= set(actors(mode=["subvention"]))


def test_worked_with_a_french_collectivity_excludes_actors_without_projects():
    found = actors(collectivite=["francaise"])
    assert ("east" in found, "batik-international" in found, "fafrad" in found) == (True, True, False)


def test_worked_with_a_partner_collectivity_abroad():
    found = actors(collectivite=["partenaire"])
    assert ("tetraktys" in found, "east" in found, "eden" in found) == (True, True, False)


def test_zone_of_projects_filter():
    assert actors(zone_projet=["ocean-indien"]) == ["east"]


def test_country_of_projects_filter():
    assert actors(pays_projet=["ML"]) == ["eden", "fondation-abbe-pierre", "le-damier-france", "le-damier-mali"]


def test_experience_filters_combine_with_domain_and_zone():
    assert actors(role=["amo"], zone=["ocean-indien"], domaine=["eau-et-assainissement"]) == ["east"]


def test_experience_facet_counts_keep_the_other_filters():
    assert (counts("role", zone_projet=["ocean-indien"])["amo"], counts("mode", role=["amo"])) == (
        1,
        {"subvention": 1},
    )


def test_collectivity_facet_counts_distinct_actors():
    found = counts("collectivite")
    assert (found["francaise"], found["partenaire"]) == (
        len(actors(collectivite=["francaise"])),
        len(actors(collectivite=["partenaire"])),
    )


def test_actor_list_page_shows_experience_facets_with_zero_kept(client):
    response = client.get(reverse("actors:actor_list"), {"role": "amo", "zone_projet": "ocean-indien"})
    groups = {g["name"]: {o["value"]: o["count"] for o in g["options"] + g["more"]} for g in response.context["facets"]}
    assert (groups["role"]["amo"], groups["role"]["financeur"], groups["mode"]["prestation"]) == (1, 0, 0)
    assert [a.slug for a in response.context["page_obj"]] == ["east"]
