"""schema.org JSON-LD on the collectivity and project pages."""

import json
import re

import pytest

from projects.models import Role
from tests.factories import ActorFactory, CollectivityFactory, DomainFactory, ParticipantFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def jsonld(response):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S)
    assert match, "no JSON-LD block"
    return json.loads(match.group(1))


def test_collectivity_page_describes_a_government_organization(client):
    CollectivityFactory(slug="kayes", name="Assemblée régionale de Kayes", country="ML", territory="Région de Kayes")
    data = jsonld(client.get("/collectivites/kayes/"))
    assert data["@type"] == "GovernmentOrganization"
    assert data["name"] == "Assemblée régionale de Kayes"
    assert data["url"] == "http://testserver/collectivites/kayes/"
    assert data["address"] == {"@type": "PostalAddress", "addressCountry": "ML", "addressRegion": "Région de Kayes"}


def test_project_page_describes_a_project_with_its_participants_in_their_roles(client):
    project = ProjectFactory(slug="eau-kayes", title="Eau potable à Kayes", start_year=2005, end_year=2008)
    project.countries.add("ML")
    project.domains.add(DomainFactory(name="Accès à l’eau"))
    region = CollectivityFactory(slug="idf", name="Région Île-de-France")
    ParticipantFactory(project=project, actor=None, collectivity=region, role=Role.FINANCEUR)
    ParticipantFactory(
        project=project, actor=ActorFactory(slug="eau-vive", name="Eau Vive"), role=Role.OPERATEUR, start_year=2006
    )
    ParticipantFactory(project=project, actor=ActorFactory(slug="cache", name="Caché", status="draft"), role=Role.AMO)
    data = jsonld(client.get("/projets/eau-kayes/"))
    assert data["@type"] == "Project"
    assert data["areaServed"] == [{"@type": "Country", "name": "Mali", "identifier": "ML"}]
    assert data["keywords"] == ["Accès à l’eau"]
    assert (data["foundingDate"], data["dissolutionDate"]) == ("2005", "2008")
    assert [(m["member"]["name"], m["roleName"]) for m in data["member"]] == [
        ("Région Île-de-France", "Financeur"),
        ("Eau Vive", "Opérateur / maître d’œuvre"),
    ]
    assert data["member"][1]["startDate"] == "2006"
    assert data["funder"] == [
        {
            "@type": "GovernmentOrganization",
            "name": "Région Île-de-France",
            "url": "http://testserver/collectivites/idf/",
        }
    ]
