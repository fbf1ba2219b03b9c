import pytest
from django.urls import reverse

from tests.factories import ActorFactory, CaseStudyFactory

pytestmark = pytest.mark.django_db


def test_home_answers_in_french(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "fr"
    assert "Trouver un partenaire" in response.content.decode()


def test_home_counts_only_published_actors(client):
    ActorFactory.create_batch(3)
    ActorFactory(status="pending")
    assert client.get(reverse("home")).context["actor_count"] == 3


def test_home_lists_published_case_studies(client, django_assert_max_num_queries):
    CaseStudyFactory.create_batch(8)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("home"))
    assert len(response.context["case_studies"]) == 8


def test_unknown_page_gets_french_404(client):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_server_error_page_is_french_and_standalone(rf):
    from ess_coop.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Une erreur est survenue" in response.content.decode()


def test_english_is_available_through_the_language_switcher(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get(reverse("home"))
    content = response.content.decode()
    assert response.headers["Content-Language"] == "en"
    assert "SSE actors" in content
    assert 'lang="en"' in content


def test_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"
