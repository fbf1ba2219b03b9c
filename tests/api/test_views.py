import pytest
from django.utils import timezone

from projects.models import ContractMode, Role
from tests.factories import (
    ActorFactory,
    AgreementFactory,
    CallFactory,
    CaseStudyFactory,
    CollectivityFactory,
    DomainFactory,
    ParticipantFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db


def identifiants(response):
    return [entry["identifiant"] for entry in response.json()["resultats"]]


def test_root_lists_resources_schema_and_licence(client):
    body = client.get("/api/v1/").json()
    assert body["ressources"]["acteurs"] == "http://testserver/api/v1/acteurs/"
    assert body["schema"] == "http://testserver/api/v1/schema/"
    assert body["licence"]["nom"] == "Licence Ouverte / Open Licence 2.0"


def test_actor_list_shows_published_actors_without_contact_email(client):
    actor = ActorFactory(slug="eau-vive", name="Eau vive", email="contact@eau-vive.example", phone="01 02 03 04 05")
    actor.countries.add("ML")
    ActorFactory(slug="brouillon", status="draft")
    ActorFactory(slug="groupe", is_group=True)
    response = client.get("/api/v1/acteurs/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert identifiants(response) == ["eau-vive"]
    entry = response.json()["resultats"][0]
    assert entry["url"] == "http://testserver/api/v1/acteurs/eau-vive/"
    assert entry["page"] == "http://testserver/acteurs/eau-vive/"
    assert entry["pays_intervention"] == ["ML"]
    assert "contact@eau-vive.example" not in response.content.decode()
    assert "email" not in entry and "courriel" not in entry


def test_actor_list_filters_with_the_page_parameters(client):
    root = DomainFactory(slug="eau-et-assainissement")
    theme = DomainFactory(slug="eau-potable", parent=root)
    water = ActorFactory(slug="eau", legal_form="association")
    water.domains.add(theme)
    water.countries.add("ML")
    ActorFactory(slug="coop", legal_form="cooperative").countries.add("ML")
    url = "/api/v1/acteurs/?domaine=eau-et-assainissement&pays=ML&pays=SN&forme=association"
    assert identifiants(client.get(url)) == ["eau"]


def test_unknown_filter_values_are_ignored_and_reported(client):
    ActorFactory(slug="eau")
    response = client.get("/api/v1/acteurs/?pays=ZZ&forme=inconnue&tri=n%00importe&q=%00")
    assert response.status_code == 200
    assert identifiants(response) == ["eau"]
    assert {"filtre": "Pays", "valeur": "ZZ"} in response.json()["valeurs_ignorees"]


def test_cursor_pagination_walks_every_entry_once(client):
    for i in range(7):
        ActorFactory(slug=f"a-{i}", name=f"Acteur {i}")
    seen, url = [], "/api/v1/acteurs/?taille=3&tri=-nom"
    while url:
        body = client.get(url).json()
        seen += [e["identifiant"] for e in body["resultats"]]
        url = body["suivant"]
    assert seen == [f"a-{i}" for i in reversed(range(7))]


def test_bad_cursor_is_a_json_404(client):
    response = client.get("/api/v1/acteurs/?cursor=pas-un-curseur")
    assert response.status_code == 404
    assert response.json()["statut"] == 404
    assert "Curseur invalide" in response.json()["message"]


def test_unknown_entry_and_unknown_address_are_json_404(client):
    detail = client.get("/api/v1/acteurs/personne/")
    assert detail.status_code == 404
    assert detail.json()["code"] == "not_found"
    nowhere = client.get("/api/v1/nulle-part/")
    assert nowhere.status_code == 404
    assert nowhere["Content-Type"] == "application/json"
    assert "/api/v1/" in nowhere.json()["message"]


def test_draft_actor_has_no_detail(client):
    ActorFactory(slug="brouillon", status="draft")
    assert client.get("/api/v1/acteurs/brouillon/").status_code == 404


def test_detail_is_not_filtered_by_query_parameters(client):
    ActorFactory(slug="eau", country="FR")
    assert client.get("/api/v1/acteurs/eau/?pays=ML").json()["identifiant"] == "eau"


def test_project_shows_participants_roles_agreements_and_modes(client):
    project = ProjectFactory(slug="eau-kayes", start_year=2005)
    project.countries.add("ML")
    region = ParticipantFactory(
        project=project, actor=None, collectivity=CollectivityFactory(slug="idf"), role=Role.FINANCEUR
    )
    operator = ParticipantFactory(project=project, actor=ActorFactory(slug="eau-vive"), role=Role.OPERATEUR)
    hidden = ParticipantFactory(project=project, actor=ActorFactory(slug="cache", status="draft"), role=Role.AMO)
    AgreementFactory(
        project=project, slug="financement", mode=ContractMode.SUBVENTION, parties=[region, operator, hidden]
    )
    body = client.get("/api/v1/projets/eau-kayes/").json()
    assert [(p["organisation"]["identifiant"], p["role"], p["role_iati"]) for p in body["participants"]] == [
        ("idf", "financeur", 1),
        ("eau-vive", "operateur", 4),
    ]
    assert body["participants"][0]["organisation"]["url"] == "http://testserver/api/v1/collectivites/idf/"
    assert body["modes"] == ["subvention"]
    assert body["conventions"][0]["parties"] == ["collectivite:idf", "acteur:eau-vive"]


def test_project_filter_by_mode(client):
    funded = ProjectFactory(slug="finance")
    AgreementFactory(project=funded, mode=ContractMode.SUBVENTION)
    ProjectFactory(slug="autre")
    assert identifiants(client.get("/api/v1/projets/?mode=subvention")) == ["finance"]


def test_case_studies_filter_through_their_project(client):
    project = ProjectFactory(slug="malgache")
    project.countries.add("MG")
    CaseStudyFactory(number=1, project=project)
    CaseStudyFactory(number=2, project=ProjectFactory(slug="autre"))
    body = client.get("/api/v1/etudes-de-cas/?pays=MG").json()
    assert [c["numero"] for c in body["resultats"]] == [1]
    assert body["resultats"][0]["projet"] == "http://testserver/api/v1/projets/malgache/"
    assert client.get("/api/v1/etudes-de-cas/2/").json()["numero"] == 2


def test_domains_list_parents_before_themes(client):
    root = DomainFactory(slug="eau-et-assainissement", position=1)
    DomainFactory(slug="eau-potable", parent=root, position=2)
    body = client.get("/api/v1/domaines/").json()
    assert [(d["identifiant"], d["parent"]) for d in body["resultats"]] == [
        ("eau-et-assainissement", None),
        ("eau-potable", "eau-et-assainissement"),
    ]


def test_anonymous_clients_are_throttled(client, settings):
    settings.API_ANON_RATE = "2/minute"
    assert client.get("/api/v1/domaines/").status_code == 200
    assert client.get("/api/v1/domaines/").status_code == 200
    response = client.get("/api/v1/domaines/")
    assert response.status_code == 429
    assert "Trop de requêtes" in response.json()["message"]


def test_format_parameter_of_the_pages_is_ignored(client):
    ActorFactory(slug="eau")
    response = client.get("/api/v1/acteurs/?format=csv")
    assert response.status_code == 200
    assert identifiants(response) == ["eau"]


def populate(n, start=0):
    root = DomainFactory(slug="eau-et-assainissement")
    for i in range(start, start + n):
        actor = ActorFactory(slug=f"actor-{i}")
        actor.domains.add(root)
        actor.countries.add("ML", "SN")
        project = ProjectFactory(slug=f"project-{i}")
        project.domains.add(root)
        project.countries.add("ML")
        a = ParticipantFactory(project=project, actor=actor, role=Role.OPERATEUR)
        b = ParticipantFactory(project=project, actor=None, collectivity=CollectivityFactory(), role=Role.FINANCEUR)
        AgreementFactory(project=project, parties=[a, b])
        CaseStudyFactory(number=i + 1, project=project)
        CallFactory(slug=f"call-{i}", collectivity=b.collectivity, domain=root, countries=["ML"])


ENDPOINTS = {
    "/api/v1/acteurs/": 6,
    "/api/v1/acteurs/?q=eau&pays=ML&domaine=eau-et-assainissement&forme=association": 6,
    "/api/v1/acteurs/actor-0/": 5,
    "/api/v1/collectivites/": 3,
    "/api/v1/projets/?mode=subvention&domaine=eau-et-assainissement": 13,
    "/api/v1/projets/project-0/": 12,
    "/api/v1/etudes-de-cas/?pays=ML": 12,
    "/api/v1/etudes-de-cas/1/": 11,
    "/api/v1/domaines/": 3,
    "/api/v1/appels/?pays=ML": 5,
    "/api/v1/appels/call-0/": 4,
}


@pytest.mark.parametrize(("url", "budget"), ENDPOINTS.items())
def test_query_count_does_not_grow_with_the_results(client, django_assert_max_num_queries, url, budget):
    populate(1)
    with django_assert_max_num_queries(budget):
        assert client.get(url).status_code == 200
    populate(4, start=1)
    with django_assert_max_num_queries(budget):
        assert client.get(url).status_code == 200


def test_throttle_counts_the_client_behind_the_trusted_proxy(client, settings):
    settings.API_ANON_RATE = "1/minute"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client.get("/api/v1/domaines/", HTTP_X_FORWARDED_FOR="203.0.113.1").status_code == 200
    assert client.get("/api/v1/domaines/", HTTP_X_FORWARDED_FOR="203.0.113.2").status_code == 200
    assert client.get("/api/v1/domaines/", HTTP_X_FORWARDED_FOR="203.0.113.1").status_code == 429


def test_open_calls_are_listed_with_the_page_filters(client):
    from datetime import timedelta

    region = CollectivityFactory(slug="idf")
    water = DomainFactory(slug="eau-et-assainissement")
    CallFactory(slug="eau-mali", collectivity=region, domain=water)
    CallFactory(slug="passe", collectivity=region, domain=water, deadline=timezone.localdate() - timedelta(days=1))
    CallFactory(slug="attente", collectivity=region, domain=water, status="pending", reviewed_at=None)
    body = client.get("/api/v1/appels/?domaine=eau-et-assainissement").json()
    assert [c["identifiant"] for c in body["resultats"]] == ["eau-mali"]
    assert body["resultats"][0]["collectivite"]["url"] == "http://testserver/api/v1/collectivites/idf/"
    assert "author" not in body["resultats"][0] and "auteur" not in body["resultats"][0]
    assert client.get("/api/v1/appels/passe/").json()["ouvert"] is False
    assert client.get("/api/v1/appels/attente/").status_code == 404


def test_server_error_under_api_is_json(client, monkeypatch):
    ActorFactory(slug="eau")

    def broken(self, actor):
        raise RuntimeError("boom")

    monkeypatch.setattr("api.serializers.ActorSerializer.get_domaines", broken)
    client.raise_request_exception = False
    response = client.get("/api/v1/acteurs/")
    assert response.status_code == 500
    assert response.json()["code"] == "server_error"
