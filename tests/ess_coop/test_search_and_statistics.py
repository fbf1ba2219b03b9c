import pytest
from django.urls import reverse

from projects.models import Role
from tests.factories import (
    ActorFactory,
    AgreementFactory,
    CaseStudyFactory,
    CollectivityFactory,
    DomainFactory,
    ParticipantFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db


def test_search_page_groups_results_by_kind(client):
    ActorFactory(name="Eau vive")
    CollectivityFactory(name="Syndicat des eaux d’Île-de-France")
    ProjectFactory(title="Eau potable à Yélimané")
    CaseStudyFactory(title="Accès à l’eau")
    response = client.get(reverse("search"), {"q": "eau"})
    groups = {g["key"]: [str(o) for o in g["results"]] for g in response.context["results"]["groups"]}
    assert set(groups) == {"actors", "collectivities", "projects", "case_studies"}
    assert groups["actors"] == ["Eau vive"]
    assert response.context["results"]["total"] == 4


def test_search_page_without_words_asks_for_one(client):
    content = client.get(reverse("search"), {"q": "de la"}).content.decode()
    assert "Saisissez au moins un mot significatif" in content


def test_search_page_says_plainly_when_nothing_matches(client):
    ActorFactory(name="Électriciens sans frontières")
    response = client.get(reverse("search"), {"q": "elektrisiens"})
    assert response.context["results"]["total"] == 0
    assert "Aucune fiche ne contient tous ces mots" in response.content.decode()


def test_search_page_links_to_filtered_lists(client):
    ActorFactory.create_batch(9, name="Eau vive")
    content = client.get(reverse("search"), {"q": "eau"}).content.decode()
    assert 'href="/acteurs/?q=eau"' in content


def test_statistics_counts_forms_domains_countries_zones_and_modes(client):
    root = DomainFactory(slug="eau-et-assainissement", name="Eau")
    theme = DomainFactory(parent=root)
    east = ActorFactory(legal_form="association", is_respondent=True)
    east.domains.add(theme)
    east.countries.add("MG", "VN")
    ActorFactory(legal_form="cooperative", country="ML")
    ActorFactory(legal_form="cooperative", status="draft")
    project = ProjectFactory()
    a = ParticipantFactory(project=project, actor=east)
    b = ParticipantFactory(project=project, actor=None, collectivity=CollectivityFactory(), role=Role.FINANCEUR)
    AgreementFactory(project=project, parties=[a, b])
    context = client.get(reverse("statistics")).context
    forms = {row["value"]: (row["count"], row["respondents"], row["study_respondents"]) for row in context["by_form"]}
    assert forms["association"] == (1, 1, 24)
    assert forms["cooperative"] == (1, 0, 5)
    assert forms["fondation"] == (0, 0, 2)
    assert [(d["domain"].slug, d["count"]) for d in context["by_domain"]] == [("eau-et-assainissement", 1)]
    assert [(str(c["country"].code), c["count"]) for c in context["by_country"]] == [("MG", 1), ("ML", 1), ("VN", 1)]
    assert sorted((z["label"], z["count"]) for z in context["by_zone"]) == [
        ("Afrique de l’Ouest", 1),
        ("Asie du Sud-Est", 1),
        ("Océan Indien", 1),
    ]
    assert [(m["label"], m["agreements"], m["projects"]) for m in context["by_mode"]] == [
        ("Subvention", 1, 1),
        ("Prestation", 0, 0),
    ]
