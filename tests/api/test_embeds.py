"""Embeddable lists: framable by any site, compact, filtered like the pages; every other page refuses framing."""

import pytest

from tests.factories import ActorFactory, DomainFactory

pytestmark = pytest.mark.django_db


def test_embed_route_allows_framing_and_other_pages_deny_it(client):
    ActorFactory(slug="eau-vive", name="Eau Vive")
    embed = client.get("/integrer/acteurs/")
    assert embed.status_code == 200
    assert "X-Frame-Options" not in embed
    assert "frame-ancestors *" in embed["Content-Security-Policy"]
    for path in ("/acteurs/", "/integrer/", "/donnees/", "/acteurs/eau-vive/"):
        response = client.get(path)
        assert response["X-Frame-Options"] == "DENY", path
        assert "frame-ancestors 'none'" in response["Content-Security-Policy"], path


def test_embed_lists_the_filtered_entries_with_links_to_their_pages(client):
    water = DomainFactory(slug="eau-et-assainissement")
    ActorFactory(slug="eau-vive", name="Eau Vive").domains.add(water)
    ActorFactory(slug="solaire", name="Solaire Coop")
    page = client.get("/integrer/acteurs/?domaine=eau-et-assainissement&page=3&format=csv").content.decode()
    assert 'href="http://testserver/acteurs/eau-vive/"' in page
    assert "Solaire Coop" not in page
    assert "http://testserver/acteurs/?domaine=eau-et-assainissement" in page
    assert "<script" not in page


def test_unknown_list_is_404(client):
    assert client.get("/integrer/inconnue/").status_code == 404


def test_builder_gives_the_snippet_for_the_filters_of_a_list_page(client):
    DomainFactory(slug="eau-et-assainissement")
    response = client.get("/integrer/?liste=acteurs&domaine=eau-et-assainissement&forme=association&hauteur=400")
    page = response.content.decode()
    assert (
        "&lt;iframe src=&quot;http://testserver/integrer/acteurs/?domaine=eau-et-assainissement&amp;amp;forme=association"
        in page
    )
    assert "height=&quot;400&quot;" in page


def test_list_page_links_to_the_builder_with_its_filters(client):
    ActorFactory(slug="eau-vive", name="Eau Vive")
    page = client.get("/acteurs/?forme=association").content.decode()
    assert "/integrer/?liste=acteurs&amp;forme=association" in page


def test_embed_query_count_does_not_grow(client, django_assert_max_num_queries):
    ActorFactory(slug="a").countries.add("ML")
    with django_assert_max_num_queries(5):
        client.get("/integrer/acteurs/?pays=ML")
    for i in range(5):
        ActorFactory(slug=f"b{i}").countries.add("ML", "SN")
    with django_assert_max_num_queries(5):
        client.get("/integrer/acteurs/?pays=ML")
