"""The « trouver un partenaire », method and compare pages: GET-driven, bounded in queries, never a 500."""

import pytest
from django.urls import reverse

from tests.factories import ActorFactory


@pytest.fixture(autouse=True)
def loaded(study, db):
    return study


def test_find_partner_form_is_prefilled_from_the_query_string(client):
    response = client.get(
        reverse("matching:find_partner"),
        {"domaine": "eau-et-assainissement", "pays": "MG", "role": "amo", "mode": "subvention", "type": "region"},
    )
    form = response.context["form"]
    assert (form["domaine"].value(), form["pays"].value(), form["role"].value(), form["type"].value()) == (
        ["eau-et-assainissement"],
        ["MG"],
        "amo",
        "region",
    )
    content = response.content.decode()
    assert '<option value="MG" selected>' in content
    assert response.context["matches"][0].actor.slug == "east"


def test_find_partner_shows_reasons_with_links_to_the_evidence(client):
    content = client.get(
        reverse("matching:find_partner"), {"domaine": "eau-et-assainissement", "pays": "MG"}
    ).content.decode()
    assert 'href="/projets/antananarivo-accompagnement-sanitaire-social/"' in content
    assert "assistance à maîtrise d’ouvrage pour Région Île-de-France" in content


def test_find_partner_says_when_an_actor_has_no_recorded_project(client):
    content = client.get(
        reverse("matching:find_partner"), {"domaine": "eau-et-assainissement", "pays": "BF"}
    ).content.decode()
    assert "Aucun projet enregistré\u00a0: classé sur ses domaines et pays déclarés" in content


def test_find_partner_without_criteria_shows_the_form_only(client):
    response = client.get(reverse("matching:find_partner"))
    assert (response.status_code, response.context["searched"], response.context["matches"]) == (200, False, [])


def test_find_partner_ignores_unknown_and_malformed_values(client):
    response = client.get(reverse("matching:find_partner"), {"pays": ["ZZ", "MG"], "role": "<script>", "zone": "lune"})
    assert (response.status_code, response.context["need"].countries, response.context["need"].role) == (
        200,
        ("MG",),
        "",
    )


def test_find_partner_query_budget(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(16):
        client.get(
            reverse("matching:find_partner"),
            {
                "domaine": "eau-et-assainissement",
                "zone": "afrique-de-l-ouest",
                "role": "operateur",
                "mode": "subvention",
                "type": "region",
            },
        )


def test_method_page_lists_the_weights(client):
    content = client.get(reverse("matching:method")).content.decode()
    assert ("A tenu le rôle demandé dans un projet" in content, "<td>4</td>" in content) == (True, True)


def test_compare_two_actors_side_by_side(client):
    response = client.get(reverse("matching:compare"), {"a": ["east", "batik-international"]})
    rows = response.context["rows"]
    assert [r["actor"].slug for r in rows] == ["east", "batik-international"]
    content = response.content.decode()
    assert (
        "Région Île-de-France" in content,
        "Prestation" in content,
        "Assistance à maîtrise d’ouvrage" in content,
    ) == (
        True,
        True,
        True,
    )
    assert "Comité populaire d’Hanoï" in [c.name for c in rows[1]["partners"]]


def test_compare_keeps_four_at_most_and_says_so(client):
    slugs = ["east", "batik-international", "tetraktys", "eden", "fafrad"]
    response = client.get(reverse("matching:compare"), {"a": slugs})
    assert (len(response.context["rows"]), response.context["too_many"]) == (4, True)


def test_compare_with_one_or_unknown_actors_explains(client):
    response = client.get(reverse("matching:compare"), {"a": ["east", "inconnu"]})
    assert (response.status_code, response.context["too_few"], response.context["missing"]) == (200, True, True)


def test_compare_hides_unpublished_actors(client):
    ActorFactory(slug="cache", status="draft")
    response = client.get(reverse("matching:compare"), {"a": ["east", "cache"]})
    assert [r["actor"].slug for r in response.context["rows"]] == ["east"]


def test_compare_query_budget(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(14):
        client.get(reverse("matching:compare"), {"a": ["east", "batik-international", "tetraktys", "eden"]})


def test_actor_list_offers_a_compare_checkbox(client):
    content = client.get(reverse("actors:actor_list")).content.decode()
    assert ('form="comparer"' in content, 'action="/acteurs/comparer/"' in content) == (True, True)
