"""Reads on the replica, writes and read-after-write on the primary (core/routing.py).

The test settings define `replica` as a test mirror of the default database: a second connection to
the same test database, so the tests see which connection each request's queries went to."""

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connections
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actors.models import Actor
from core import routing

ROUTED = {
    "DATABASE_ROUTERS": ["core.routing.PrimaryReplicaRouter"],
    "MIDDLEWARE": [settings.MIDDLEWARE[0], "core.routing.ReplicaReadsMiddleware", *settings.MIDDLEWARE[1:]],
}


def reads(captured):
    """The statements of a capture, without the savepoints of ATOMIC_REQUESTS."""
    return [q["sql"] for q in captured.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]


@pytest.fixture
def replica_connection():
    yield connections["replica"]
    connections["replica"].close()  # else the test database cannot be dropped at the end


def through_middleware(request, view):
    seen = {}

    def get_response(req):
        seen["result"] = view()
        return HttpResponse("ok")

    response = routing.ReplicaReadsMiddleware(get_response)(request)
    routing._reset()
    return seen["result"], response


def test_router_reads_primary_outside_requests():
    assert routing.PrimaryReplicaRouter().db_for_read(Actor) == "default"


def test_router_never_migrates_the_replica():
    router = routing.PrimaryReplicaRouter()
    assert (router.allow_migrate("default", "actors"), router.allow_migrate("replica", "actors")) == (True, False)


@override_settings(**ROUTED)
def test_safe_request_reads_replica_and_sets_no_pin():
    result, response = through_middleware(RequestFactory().get("/acteurs/"), lambda: Actor.objects.all().db)
    assert (result, routing.PIN_COOKIE in response.cookies) == ("replica", False)


@override_settings(**ROUTED)
def test_sessions_are_read_on_the_primary_even_in_safe_requests():
    result, _response = through_middleware(RequestFactory().get("/"), lambda: Session.objects.all().db)
    assert result == "default"


@override_settings(**ROUTED)
def test_post_reads_primary_and_pins_the_client():
    result, response = through_middleware(RequestFactory().post("/acteurs/"), lambda: Actor.objects.all().db)
    cookie = response.cookies[routing.PIN_COOKIE]
    assert (result, cookie["max-age"], cookie["httponly"]) == ("default", settings.REPLICA_PIN_SECONDS, True)


@override_settings(**ROUTED)
def test_pinned_client_reads_primary():
    request = RequestFactory().get("/acteurs/")
    request.COOKIES[routing.PIN_COOKIE] = "1"
    result, _response = through_middleware(request, lambda: Actor.objects.all().db)
    assert result == "default"


@override_settings(**ROUTED)
def test_a_write_in_a_safe_request_moves_its_later_reads_to_primary_and_pins():
    def view():
        before = Actor.objects.all().db
        routing.PrimaryReplicaRouter().db_for_write(Actor)
        return before, Actor.objects.all().db

    result, response = through_middleware(RequestFactory().get("/"), view)
    assert (result, routing.PIN_COOKIE in response.cookies) == (("replica", "default"), True)


@override_settings(**ROUTED)
def test_state_is_back_to_primary_after_the_response():
    through_middleware(RequestFactory().get("/"), lambda: None)
    assert (routing.using_replica(), Actor.objects.all().db) == (False, "default")


@pytest.mark.django_db(databases=["default", "replica"])
@override_settings(**ROUTED)
def test_pages_read_replica_until_the_client_writes(client, replica_connection):
    url = reverse("actors:actor_list")
    with (
        CaptureQueriesContext(replica_connection) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        assert client.get(url).status_code == 200
    anonymous = (len(reads(on_replica)) > 0, len(reads(on_primary)))
    client.post(url)  # any unsafe request pins the client to the primary
    cache.clear()  # counts and facets come from the shared cache once computed: read them again
    with (
        CaptureQueriesContext(replica_connection) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        assert client.get(url).status_code == 200
    assert (anonymous, len(reads(on_replica)), len(reads(on_primary)) > 0) == ((True, 0), 0, True)
