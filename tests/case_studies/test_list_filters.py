"""The case studies list: filters with counts like the other lists, cards with place and stakeholders."""

import pytest
from django.urls import reverse


@pytest.fixture(autouse=True)
def loaded(study, db):
    return study


def numbers(client, **params):
    response = client.get(reverse("case_studies:case_study_list"), params)
    return [c.number for c in response.context["page_obj"]]


def test_case_studies_by_zone(client):
    assert (numbers(client, zone="maghreb"), numbers(client, zone="afrique-de-l-ouest")) == ([2, 4], [1, 5, 8])


def test_case_studies_by_country_domain_mode_initiative(client):
    assert numbers(client, pays="MG") == [7]
    assert numbers(client, domaine="eau-et-assainissement") == [6, 7]
    assert numbers(client, mode="prestation") == [3]
    assert numbers(client, initiative="collectivite") == [1, 4, 7]


def test_case_studies_by_legal_form_of_the_ess_actor(client):
    assert numbers(client, forme="fondation") == [6, 8]


def test_case_study_facets_count_the_case_studies(client):
    response = client.get(reverse("case_studies:case_study_list"), {"zone": "afrique-de-l-ouest"})
    facets = {g["name"]: {o["value"]: o["count"] for o in g["options"] + g["more"]} for g in response.context["facets"]}
    assert (facets["zone"]["maghreb"], facets["zone"]["afrique-de-l-ouest"], facets["mode"]["subvention"]) == (2, 3, 3)
    assert facets["domaine"]["energies-renouvelables"] == 1


def test_case_study_cards_show_the_place_and_the_stakeholders(client):
    content = client.get(reverse("case_studies:case_study_list"), {"pays": "MA"}).content.decode()
    assert "Figuig (région orientale du Maroc)" in content
    assert ">Commune urbaine de Figuig</a>" in content and ">Batik International</a>" in content


def test_case_study_list_searches(client):
    assert numbers(client, q="Figuig") == [4]


def test_case_study_list_query_budget(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(16):
        client.get(reverse("case_studies:case_study_list"), {"zone": "afrique-de-l-ouest", "mode": "subvention"})
