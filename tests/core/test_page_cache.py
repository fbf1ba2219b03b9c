"""Whole public pages served from the shared cache to visitors without a session (core.page_cache)."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import ActorFactory, EditorshipFactory, UserFactory

pytestmark = pytest.mark.django_db


def queries(client, url, **headers):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, headers=headers)
    return response, len(context.captured_queries)


def test_public_page_second_visit_runs_no_query(client):
    ActorFactory(name="Eau Vive")
    first, first_queries = queries(client, "/acteurs/")
    second, second_queries = queries(client, "/acteurs/")
    assert first.status_code == 200
    assert first_queries > 0
    assert second_queries == 0
    assert second.content.count(b"Eau Vive") == first.content.count(b"Eau Vive")


def test_public_page_edit_is_shown_on_next_visit(client):
    actor = ActorFactory(name="Eau Vive")
    client.get(f"/acteurs/{actor.slug}/")
    actor.name = "Eau Vive Internationale"
    actor.save()
    response = client.get(f"/acteurs/{actor.slug}/")
    assert b"Eau Vive Internationale" in response.content


def test_public_page_new_editor_shows_contact_button_on_next_visit(client):
    actor = ActorFactory(email="")
    before = client.get(f"/acteurs/{actor.slug}/").content.decode()
    EditorshipFactory(actor=actor)
    after = client.get(f"/acteurs/{actor.slug}/").content.decode()
    assert "Écrire à cette organisation" not in before
    assert "Écrire à cette organisation" in after


def test_public_page_logged_in_visitor_is_never_served_from_cache(client):
    ActorFactory()
    client.get("/acteurs/")
    client.force_login(UserFactory())
    _response, count = queries(client, "/acteurs/")
    assert count > 0


def test_public_page_logged_in_page_is_not_stored_for_anonymous_visitors(client):
    user = UserFactory()
    client.force_login(user)
    logged_in = client.get("/acteurs/").content.decode()
    anonymous = Client().get("/acteurs/").content.decode()
    assert "Mon espace acteur" in logged_in
    assert "Mon espace acteur" not in anonymous


def test_public_page_language_is_part_of_the_key(client):
    ActorFactory()
    french = client.get("/acteurs/", headers={"accept-language": "fr"})
    english = client.get("/acteurs/", headers={"accept-language": "en"})
    assert french.content != english.content
    assert english["Content-Language"] == "en"


def test_public_page_htmx_partial_is_kept_apart_from_the_page(client):
    ActorFactory()
    page = client.get("/acteurs/")
    partial = client.get("/acteurs/", headers={"hx-request": "true", "hx-target": "results"})
    assert page.content != partial.content


def test_public_page_query_string_is_part_of_the_key(client):
    ActorFactory(name="Alpha", legal_form="association")
    ActorFactory(name="Omega", legal_form="cooperative")
    client.get("/acteurs/?forme=association")
    response = client.get("/acteurs/?forme=cooperative")
    assert b"Omega" in response.content
    assert b"Alpha" not in response.content.split(b"<main", 1)[1]


def test_public_page_cached_csrf_token_is_the_visitors_own(client):
    ActorFactory()
    Client().get("/acteurs/")  # another visitor fills the cache
    visitor = Client(enforce_csrf_checks=True)
    response = visitor.get("/acteurs/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]{64})"', response.content).group(1)
    form = {"language": "en", "next": "/acteurs/", "csrfmiddlewaretoken": token.decode()}
    switched = visitor.post("/i18n/setlang/", form)
    assert switched.status_code == 302
    assert "csrftoken" in response.cookies


def test_public_page_missing_object_is_not_stored(client):
    first = client.get("/acteurs/pas-encore/")
    actor = ActorFactory(slug="pas-encore")
    second = client.get(f"/acteurs/{actor.slug}/")
    assert first.status_code == 404
    assert second.status_code == 200


def test_public_page_cache_off_computes_every_page(client, settings):
    settings.PUBLIC_PAGE_CACHE = False
    ActorFactory()
    client.get("/acteurs/")
    _response, count = queries(client, "/acteurs/")
    assert count > 0


def test_public_page_is_not_kept_while_a_replica_may_lag_behind_a_change(client, settings):
    settings.DATABASE_ROUTERS = ["core.routing.PrimaryReplicaRouter"]  # reads still on the test database
    ActorFactory()  # a change just now
    client.get("/acteurs/")
    _response, count = queries(client, "/acteurs/")
    assert count > 0
