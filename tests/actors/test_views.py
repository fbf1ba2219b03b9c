import json
import re

import pytest
from django.urls import reverse

from projects.models import AgreementKind, ContractMode, Role
from tests.factories import (
    ActorFactory,
    AgreementFactory,
    CollectivityFactory,
    DomainFactory,
    ParticipantFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db

ACTORS = reverse("actors:actor_list")
COLLECTIVITIES = reverse("actors:collectivity_list")


def names(response):
    return [str(a.name) for a in response.context["page_obj"].object_list]


@pytest.fixture
def water():
    root = DomainFactory(slug="eau-et-assainissement", name="Accès à l’eau et à l’assainissement")
    return root, DomainFactory(slug="eau-potable", name="Accès à l’eau potable", parent=root)


@pytest.fixture
def directory(water):
    root, theme = water
    east = ActorFactory(name="Eau, agriculture et santé en milieu tropical", acronym="EAST", legal_form="association")
    east.domains.add(theme)
    east.countries.add("MG", "VN")
    eau_vive = ActorFactory(name="Eau vive", legal_form="association", is_respondent=True)
    eau_vive.domains.add(root)
    eau_vive.countries.add("ML")
    coop = ActorFactory(name="Solaire Coop", legal_form="cooperative", is_respondent=True)
    coop.countries.add("MG")
    malagasy = ActorFactory(name="Association malgache", legal_form="association", country="MG")
    ActorFactory(name="Brouillon", status="draft")
    ActorFactory(name="Groupe", is_group=True)
    return {"east": east, "eau_vive": eau_vive, "coop": coop, "malagasy": malagasy}


def test_actor_list_shows_only_published_individual_actors(client, directory):
    response = client.get(ACTORS)
    # Sorted on names without accents or punctuation: « Eau, agriculture… » before « Eau vive ».
    assert names(response) == [
        "Association malgache",
        "Eau, agriculture et santé en milieu tropical",
        "Eau vive",
        "Solaire Coop",
    ]


def test_actor_list_filters_by_legal_form(client, directory):
    assert names(client.get(ACTORS, {"forme": "cooperative"})) == ["Solaire Coop"]


def test_actor_list_repeated_values_mean_any_of(client, directory):
    response = client.get(ACTORS + "?forme=cooperative&forme=association&pays=VN&pays=ML")
    assert names(response) == ["Eau, agriculture et santé en milieu tropical", "Eau vive"]


def test_actor_list_domain_includes_its_themes(client, directory):
    assert names(client.get(ACTORS, {"domaine": "eau-et-assainissement"})) == [
        "Eau, agriculture et santé en milieu tropical",
        "Eau vive",
    ]
    assert names(client.get(ACTORS, {"domaine": "eau-potable"})) == ["Eau, agriculture et santé en milieu tropical"]


def test_actor_list_country_means_based_in_or_working_in(client, directory):
    assert names(client.get(ACTORS, {"pays": "MG"})) == [
        "Association malgache",
        "Eau, agriculture et santé en milieu tropical",
        "Solaire Coop",
    ]


def test_actor_list_respondent_filter(client, directory):
    assert names(client.get(ACTORS, {"repondant": "1"})) == ["Eau vive", "Solaire Coop"]


def test_actor_list_search_combines_with_filters(client, directory):
    assert names(client.get(ACTORS, {"q": "eau", "pays": "MG"})) == ["Eau, agriculture et santé en milieu tropical"]
    assert names(client.get(ACTORS, {"q": "eau", "repondant": "1"})) == ["Eau vive"]


def test_actor_list_facet_counts_keep_the_other_filters(client, directory):
    response = client.get(ACTORS, {"pays": "MG"})
    facets = {g["name"]: {o["value"]: o["count"] for o in g["options"]} for g in response.context["facets"]}
    # Counts of `forme` among actors in Madagascar; counts of `pays` ignore the country filter itself.
    assert facets["forme"]["association"] == 2
    assert facets["forme"]["cooperative"] == 1
    assert facets["forme"]["fondation"] == 0
    assert facets["pays"]["MG"] == 3
    assert facets["pays"]["ML"] == 1
    assert facets["pays"]["VN"] == 1
    assert facets["pays"]["FR"] == 3
    assert facets["domaine"] == {"eau-et-assainissement": 1, "eau-potable": 1}
    assert facets["repondant"] == {"1": 1}


def test_actor_list_shows_active_filters_removable_one_by_one(client, directory):
    response = client.get(ACTORS + "?pays=MG&pays=VN&forme=association&page=2")
    chips = {(c["name"], str(c["label"])): c["url"] for c in response.context["active_filters"]}
    assert set(chips) == {("pays", "Madagascar"), ("pays", "Viêt Nam"), ("forme", "Association")}
    assert chips[("pays", "Madagascar")] == "?pays=VN&forme=association"


def test_actor_list_unknown_values_are_ignored_and_reported(client, directory):
    response = client.get(ACTORS, {"forme": ["cooperative", "sarl"], "pays": "ZZ", "domaine": "inconnu", "tri": "x"})
    assert response.status_code == 200
    assert names(response) == ["Solaire Coop"]
    assert sorted(v for _label, v in response.context["ignored_values"]) == ["ZZ", "inconnu", "sarl"]


def test_actor_list_pagination_keeps_filters(client, directory):
    ActorFactory.create_batch(25, legal_form="cooperative")
    response = client.get(ACTORS, {"forme": "cooperative", "tri": "-nom"})
    assert response.context["page_obj"].paginator.num_pages == 2
    assert response.context["page_query"] == "forme=cooperative&tri=-nom"
    assert 'href="?forme=cooperative&amp;tri=-nom&amp;page=2"' in response.content.decode()


def test_actor_list_sorts_by_name_ignoring_accents(client):
    for name in ("Zèbre", "École", "Abeille", "éducation"):
        ActorFactory(name=name)
    assert names(client.get(ACTORS)) == ["Abeille", "École", "éducation", "Zèbre"]
    assert names(client.get(ACTORS, {"tri": "-nom"})) == ["Zèbre", "éducation", "École", "Abeille"]


def test_actor_list_search_sorts_by_relevance_by_default(client):
    ActorFactory(name="Batik International", description="Projets d’eau.")
    ActorFactory(name="Eau vive")
    response = client.get(ACTORS, {"q": "eau"})
    assert names(response) == ["Eau vive", "Batik International"]
    assert response.context["sort_key"] == "pertinence"


def test_actor_list_empty_result_says_so(client, directory):
    response = client.get(ACTORS, {"q": "introuvablexyz"})
    assert response.status_code == 200
    assert "Aucun résultat" in response.content.decode()


def test_actor_list_page_beyond_the_end_shows_last_page(client, directory):
    response = client.get(ACTORS, {"page": "99999999999999999999"})
    assert response.status_code == 200
    assert response.context["page_obj"].number == 1


@pytest.fixture
def cooperation():
    region = CollectivityFactory(name="Région Île-de-France", slug="region-ile-de-france", kind="region")
    hanoi = CollectivityFactory(name="Comité populaire d’Hanoï", slug="hanoi", country="VN", kind="commune")
    batik = ActorFactory(
        name="Batik International", slug="batik-international", description="Une <em>association</em>."
    )
    batik.countries.add("VN")
    project = ProjectFactory(title="Mobil’Asie", slug="mobil-asie", start_year=2002)
    region_p = ParticipantFactory(project=project, actor=None, collectivity=region, role=Role.FINANCEUR)
    hanoi_p = ParticipantFactory(project=project, actor=None, collectivity=hanoi, role=Role.PARTENAIRE_LOCAL)
    batik_p = ParticipantFactory(project=project, actor=batik, role=Role.OPERATEUR, start_year=2002)
    AgreementFactory(
        project=project,
        slug="subvention",
        kind=AgreementKind.AUTRE,
        mode=ContractMode.SUBVENTION,
        start_year=2002,
        end_year=2007,
        parties=[region_p, batik_p],
    )
    AgreementFactory(
        project=project,
        slug="marche",
        kind=AgreementKind.MARCHE_PUBLIC,
        mode=ContractMode.PRESTATION,
        start_year=2007,
        parties=[region_p, batik_p],
    )
    AgreementFactory(
        project=project,
        slug="cadre",
        kind=AgreementKind.CONVENTION_CADRE,
        mode="",
        signed_year=2010,
        parties=[region_p, hanoi_p],
    )
    return {"region": region, "hanoi": hanoi, "batik": batik, "project": project}


def test_actor_detail_shows_projects_roles_modes_and_collectivities(client, cooperation):
    response = client.get(reverse("actors:actor_detail", args=["batik-international"]))
    content = response.content.decode()
    assert response.status_code == 200
    assert [p.get_role_display() for p in response.context["participations"]] == ["Opérateur / maître d’œuvre"]
    assert [e["collectivity"].slug for e in response.context["partners"]] == ["hanoi", "region-ile-de-france"]
    assert "Subvention" in content
    assert "Prestation" in content
    assert "Mobil’Asie" in content


def test_actor_detail_escapes_html_in_description(client, cooperation):
    content = client.get(reverse("actors:actor_detail", args=["batik-international"])).content.decode()
    assert "&lt;em&gt;association&lt;/em&gt;" in content
    assert "<em>association</em>" not in content


def test_actor_detail_has_schema_org_json_ld(client, cooperation):
    content = client.get(reverse("actors:actor_detail", args=["batik-international"])).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', content, re.S).group(1)
    data = json.loads(block)
    assert data["@type"] == "Organization"
    assert data["name"] == "Batik International"
    assert data["areaServed"][0]["identifier"] == "VN"
    assert data["url"] == "http://testserver/acteurs/batik-international/"


def test_actor_detail_hides_unpublished_and_group_actors(client):
    ActorFactory(slug="brouillon", status="draft")
    ActorFactory(slug="groupe", is_group=True)
    assert [
        client.get(reverse("actors:actor_detail", args=[s])).status_code for s in ("brouillon", "groupe", "absent")
    ] == [
        404,
        404,
        404,
    ]


def test_collectivity_list_filters_by_type_and_country(client, cooperation):
    CollectivityFactory(name="Ville de Chinon", kind="commune")
    response = client.get(COLLECTIVITIES, {"type": "commune", "pays": "VN"})
    assert names(response) == ["Comité populaire d’Hanoï"]


def test_collectivity_detail_shows_cooperations_partners_and_agreements(client, cooperation):
    response = client.get(reverse("actors:collectivity_detail", args=["region-ile-de-france"]))
    content = response.content.decode()
    (entry,) = response.context["cooperations"]
    assert [c.slug for c in response.context["partner_collectivities"]] == ["hanoi"]
    assert response.context["associated_bodies"] == []
    assert [a.actor.slug for a in entry["actors"]] == ["batik-international"]
    assert [p.collectivity.slug for p in entry["partners"]] == ["hanoi"]
    assert "Marché public" in content
    assert "Convention cadre de coopération décentralisée" in content


def test_actor_exports_every_matching_row_as_csv_for_excel(client):
    ActorFactory.create_batch(45, legal_form="association", description='=HYPERLINK("http://x")')
    ActorFactory.create_batch(3, legal_form="fondation")
    response = client.get(ACTORS, {"forme": "association", "format": "csv"})
    body = b"".join(response.streaming_content).decode("utf-8")
    lines = body.splitlines()
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert body[0] == "\ufeff"
    assert len(lines) == 46
    assert lines[0].lstrip("\ufeff").split(";")[:4] == ["Nom", "Sigle", "Forme juridique", "Statut précis"]
    assert all(';"\'=HYPERLINK(""http://x"")";' in line for line in lines[1:])


def test_exports_beyond_the_concurrent_slots_are_refused_until_one_is_sent(client, settings):
    settings.EXPORT_CONCURRENCY = 1
    ActorFactory(legal_form="association")
    query = {"forme": "association", "format": "csv"}
    first, second = client.get(ACTORS, query), client.get(ACTORS, query)
    b"".join(first.streaming_content)  # sent: the test client closes the response, the slot is free
    third = client.get(ACTORS, query)
    lines = b"".join(third.streaming_content).splitlines()
    assert (first.status_code, second.status_code, second["Retry-After"], third.status_code, len(lines)) == (
        200,
        429,
        "10",
        200,
        2,
    )


def test_actor_exports_xlsx(client, directory):
    from io import BytesIO

    from openpyxl import load_workbook

    response = client.get(ACTORS, {"pays": "MG", "format": "xlsx"})
    content = b"".join(response.streaming_content)
    response.close()  # removes the temporary file
    sheet = load_workbook(BytesIO(content)).active
    rows = list(sheet.values)
    assert rows[0][0] == "Nom"
    assert sorted(r[0] for r in rows[1:]) == [
        "Association malgache",
        "Eau, agriculture et santé en milieu tropical",
        "Solaire Coop",
    ]
