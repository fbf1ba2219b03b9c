"""The API and the pages list the same entries for the same query string, over the study's data."""

import pytest

pytestmark = pytest.mark.django_db

QUERIES = {
    ("/acteurs/", "/api/v1/acteurs/"): [
        "",
        "forme=association",
        "forme=cooperative&forme=fondation",
        "domaine=eau-et-assainissement",
        "domaine=tourisme-equitable-et-solidaire&pays=BF",
        "pays=MG&pays=ML",
        "repondant=1",
        "q=eau",
        "q=commerce équitable&forme=association",
        "pays=ZZ&forme=inconnue",
    ],
    ("/collectivites/", "/api/v1/collectivites/"): [
        "",
        "type=region",
        "pays=FR&type=commune",
        "repondant=1",
        "q=ville",
    ],
    ("/projets/", "/api/v1/projets/"): [
        "",
        "mode=subvention",
        "mode=prestation&domaine=eau-et-assainissement",
        "pays=ML",
        "initiative=acteur",
        "q=tourisme",
    ],
}


def page_entries(client, path, query):
    response = client.get(f"{path}?{query}")
    assert response.status_code == 200
    return [obj.slug for obj in response.context["page_obj"].paginator.object_list]


def api_entries(client, path, query):
    entries, url = [], f"{path}?{query}&taille=200"
    while url:
        body = client.get(url).json()
        entries += [entry["identifiant"] for entry in body["resultats"]]
        url = body["suivant"]
    return entries


@pytest.mark.parametrize(
    ("paths", "query"), [(paths, query) for paths, queries in QUERIES.items() for query in queries]
)
def test_api_and_page_list_the_same_entries(client, study, paths, query):
    page_path, api_path = paths
    on_page = page_entries(client, page_path, query)
    assert sorted(api_entries(client, api_path, query)) == sorted(on_page)


@pytest.mark.parametrize("query", ["", "tri=-nom"])
def test_api_keeps_the_page_order(client, study, query):
    assert api_entries(client, "/api/v1/acteurs/", query) == page_entries(client, "/acteurs/", query)


def test_study_lists_are_not_empty(client, study):
    """The comparisons above compare something: the study fills each list."""
    assert len(api_entries(client, "/api/v1/acteurs/", "")) > 100
    assert len(api_entries(client, "/api/v1/projets/", "mode=subvention")) > 3
    assert len(api_entries(client, "/api/v1/acteurs/", "q=eau")) > 3
