import re

import pytest
from django.urls import reverse

from projects.models import AgreementKind, ContractMode, Initiative, Role
from tests.factories import (
    ActorFactory,
    AgreementFactory,
    CaseStudyFactory,
    CollectivityFactory,
    DomainFactory,
    ParticipantFactory,
    ProjectFactory,
    project_funded_by_afd_and_region,
)

pytestmark = pytest.mark.django_db

PROJECTS = reverse("projects:project_list")


def titles(response):
    return [p.title for p in response.context["page_obj"].object_list]


@pytest.fixture
def projects():
    energy = DomainFactory(slug="energies-renouvelables", name="Énergies renouvelables")
    solar = DomainFactory(slug="energie-solaire", name="Énergie solaire", parent=energy)
    region = CollectivityFactory(name="Région Île-de-France", kind="region")
    damier = ActorFactory(name="Le Damier France", legal_form="cooperative")
    paceres = ProjectFactory(title="PACERES", slug="paceres", initiative=Initiative.ACTEUR, start_year=2003)
    paceres.domains.add(solar)
    paceres.countries.add("ML")
    funder = ParticipantFactory(project=paceres, actor=None, collectivity=region, role=Role.FINANCEUR)
    operator = ParticipantFactory(project=paceres, actor=damier, role=Role.OPERATEUR)
    AgreementFactory(project=paceres, parties=[funder, operator], mode=ContractMode.SUBVENTION)
    mobil = ProjectFactory(title="Mobil’Asie", slug="mobil-asie", initiative=Initiative.ACTEUR, start_year=2002)
    mobil.countries.add("VN")
    batik = ParticipantFactory(project=mobil, actor=ActorFactory(name="Batik International"))
    region_m = ParticipantFactory(project=mobil, actor=None, collectivity=region, role=Role.MAITRE_OUVRAGE)
    AgreementFactory(project=mobil, slug="s", parties=[batik, region_m], start_year=2002, end_year=2007)
    AgreementFactory(
        project=mobil,
        slug="m",
        kind=AgreementKind.MARCHE_PUBLIC,
        mode=ContractMode.PRESTATION,
        start_year=2007,
        parties=[batik, region_m],
    )
    figuig = ProjectFactory(title="Figuig", slug="figuig", initiative=Initiative.COLLECTIVITE, start_year=2000)
    figuig.countries.add("MA")
    ProjectFactory(title="Brouillon", status="draft")
    return {"paceres": paceres, "mobil": mobil, "figuig": figuig}


def test_project_list_filters_by_mode(client, projects):
    assert titles(client.get(PROJECTS, {"mode": "prestation"})) == ["Mobil’Asie"]
    assert titles(client.get(PROJECTS, {"mode": "subvention"})) == ["Mobil’Asie", "PACERES"]


def test_project_list_filters_by_initiative_domain_and_country(client, projects):
    assert titles(client.get(PROJECTS, {"initiative": "collectivite"})) == ["Figuig"]
    assert titles(client.get(PROJECTS, {"domaine": "energies-renouvelables"})) == ["PACERES"]
    assert titles(client.get(PROJECTS, {"pays": ["VN", "MA"]})) == ["Figuig", "Mobil’Asie"]


def test_project_list_sorts_by_start_year(client, projects):
    assert titles(client.get(PROJECTS, {"tri": "recent"})) == ["PACERES", "Mobil’Asie", "Figuig"]
    assert titles(client.get(PROJECTS, {"tri": "ancien"})) == ["Figuig", "Mobil’Asie", "PACERES"]


def test_project_list_mode_facet_counts_projects(client, projects):
    facets = {g["name"]: {o["value"]: o["count"] for o in g["options"]} for g in client.get(PROJECTS).context["facets"]}
    assert facets["mode"] == {"subvention": 2, "prestation": 1}
    assert facets["initiative"] == {"collectivite": 1, "acteur": 2}


def test_project_detail_shows_participants_and_agreement_timeline(client, projects):
    response = client.get(reverse("projects:project_detail", args=["mobil-asie"]))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Le mode de contractualisation a changé au fil du projet" in content
    assert content.index("2002-2007") < content.index("depuis 2007")
    assert "Batik International" in content
    assert "Maître d’ouvrage" in content


def test_project_detail_links_its_case_study(client, projects):
    CaseStudyFactory(number=3, title="Mobil’Asie, le dispositif", project=projects["mobil"])
    content = client.get(reverse("projects:project_detail", args=["mobil-asie"])).content.decode()
    assert 'href="/etudes-de-cas/3/"' in content


def test_project_detail_hides_drafts(client, projects):
    assert client.get(reverse("projects:project_detail", args=["brouillon"])).status_code == 404


def test_project_export_csv_lists_participants_and_modes(client, projects):
    response = client.get(PROJECTS, {"pays": "VN", "format": "csv"})
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == 2
    assert "Subvention ; Prestation" in lines[1]
    assert "Batik International (Opérateur / maître d’œuvre)" in lines[1]


def test_project_card_names_each_organisation_once_with_its_roles(client):
    project = ProjectFactory(title="Plan vert")
    region = CollectivityFactory(name="Région Île-de-France", kind="region")
    tana = CollectivityFactory(name="Commune urbaine d’Antananarivo", kind="commune", country="MG")
    for organisation, role in ((region, Role.FINANCEUR), (region, Role.MAITRE_OUVRAGE), (tana, Role.PARTENAIRE_LOCAL)):
        ParticipantFactory(project=project, actor=None, collectivity=organisation, role=role)
    html = client.get(PROJECTS).content.decode()
    (line,) = re.findall(r"Participants\u00a0:</span>(.*?)</p>", html)
    assert (
        line == "Région Île-de-France (financeur, maître d’ouvrage) · Commune urbaine d’Antananarivo (partenaire local)"
    )


def test_participants_table_names_a_public_body_as_what_it_is(client):
    project = project_funded_by_afd_and_region()
    ParticipantFactory(project=project, actor=ActorFactory(name="EAST"), role=Role.OPERATEUR)
    html = client.get(project.get_absolute_url()).content.decode()
    assert "Établissement public, France" in html
    assert "Région, France" in html
    assert "Acteur de l’ESS, France" in html
    assert "collectivité, France" not in html
