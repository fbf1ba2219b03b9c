"""Bulk indexing on PostgreSQL builds the same documents as the Python builders, for the whole study;
a rebuild indexes every published object once (both databases)."""

import pytest
from django.db import connection

from actors.models import Actor
from core import search
from core.models import SearchDocument
from core.text import words
from tests.factories import ActorFactory, DomainFactory

pytestmark = pytest.mark.django_db


def documents_by_sql(registration):
    select, params = registration.sql()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT object_id, title, keywords, body, url FROM ({select}) s", params)  # noqa: S608
        return {row[0]: row[1:] for row in cursor.fetchall()}


def documents_by_python(registration):
    documents = {}
    for obj in registration.queryset():
        document = registration.build(obj)
        documents[obj.pk] = (document.title, document.keywords, document.body, obj.get_absolute_url())
    return documents


def comparable(documents):
    """Title, body and URL as they are; keywords as a set of words (their order does not matter)."""
    return {
        pk: (title, sorted(set(words(keywords))), body, url) for pk, (title, keywords, body, url) in documents.items()
    }


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the SQL documents are PostgreSQL's")
def test_sql_documents_equal_python_documents_for_the_whole_study(study):
    compared = {}
    for registration in search.registrations():
        if registration.sql is not None:
            by_sql, by_python = (
                comparable(documents_by_sql(registration)),
                comparable(documents_by_python(registration)),
            )
            compared[registration.kind] = len(by_sql)
            assert by_sql == by_python, registration.kind
    assert min(compared.values()) > 10  # the study has actors, collectivities and projects


def test_rebuild_indexes_every_published_object_once(study):
    SearchDocument.objects.all().delete()
    search.rebuild()
    expected = {r.kind: r.queryset().count() for r in search.registrations()}
    counted = {r.kind: SearchDocument.objects.filter(kind=r.kind).count() for r in search.registrations()}
    assert counted == expected


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the SQL documents are PostgreSQL's")
def test_sql_keywords_list_countries_and_domains_in_their_own_order_not_the_links_order():
    actor = ActorFactory(slug="a", name="Eau vive", country="")
    actor.countries.add("SN")
    actor.countries.add("BF")  # linked after Senegal, listed before it (by code, as actor_document does)
    actor.domains.add(DomainFactory(slug="z", name="Zinc", position=2))
    actor.domains.add(DomainFactory(slug="y", name="Yaourt", position=1))
    by_sql = documents_by_sql(search._registry[Actor])[actor.pk][1]
    by_python = search._registry[Actor].build(Actor.objects.get(pk=actor.pk)).keywords
    assert list(dict.fromkeys(words(by_sql))) == list(dict.fromkeys(words(by_python)))  # repeated zones aside


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the SQL documents are PostgreSQL's")
def test_many_documents_computed_first_by_parallel_workers_equal_those_inserted_directly(study, monkeypatch):
    columns = ("kind", "object_id", "title", "title_plain", "keywords", "body", "url", "vector")

    def indexed():
        for registration in search.registrations():
            search.index_objects(registration, registration.queryset().values_list("pk", flat=True))
        return set(SearchDocument.objects.values_list(*columns))

    monkeypatch.setattr(search, "PARALLEL_ABOVE", 10**9)
    direct = indexed()
    monkeypatch.setattr(search, "PARALLEL_ABOVE", 0)
    assert indexed() == direct


@pytest.mark.skipif(connection.vendor != "postgresql", reason="storage is PostgreSQL's")
def test_search_vectors_are_stored_inline_on_postgresql():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstorage FROM pg_attribute WHERE attrelid = %s::regclass AND attname = 'vector'",
            [SearchDocument._meta.db_table],
        )
        assert cursor.fetchone() == ("m",)
