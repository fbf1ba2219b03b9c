"""The client address behind a trusted proxy: one rule for allauth and django-ratelimit."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from core.client_ip import client_ip
from tests.factories import ActorFactory, VerifiedUserFactory

PROXY = "10.0.0.2"


def request_from(xff=None, remote=PROXY, **headers):
    extra = {"REMOTE_ADDR": remote, **headers}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("count", "xff", "expected"),
    [
        (0, "203.0.113.5", PROXY),  # no trusted proxy: the header is the client's word only
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "1.2.3.4, 203.0.113.5", "203.0.113.5"),  # the client's own entry (left) is ignored
        (2, "1.2.3.4, 203.0.113.5, 10.0.0.1", "203.0.113.5"),
        (2, "203.0.113.5", PROXY),  # fewer hops than proxies: not trusted, and not a 500
        (1, "pas une adresse", PROXY),
        (1, "[2001:db8::1]:443", "2001:db8::1"),
        (1, "", PROXY),
    ],
)
def test_client_ip_from_x_forwarded_for(settings, count, xff, expected):
    settings.TRUSTED_PROXY_COUNT, settings.TRUSTED_CLIENT_IP_HEADER = count, ""
    assert client_ip(request_from(xff)) == expected


def test_client_ip_from_a_trusted_header_wins_over_x_forwarded_for(settings):
    settings.TRUSTED_PROXY_COUNT, settings.TRUSTED_CLIENT_IP_HEADER = 1, "X-Real-IP"
    request = request_from("1.2.3.4", HTTP_X_REAL_IP="198.51.100.7")
    assert (client_ip(request), client_ip(request_from("1.2.3.4"))) == ("198.51.100.7", PROXY)


@pytest.mark.django_db
def test_failed_logins_of_one_client_do_not_lock_out_another_behind_the_proxy(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(12):
        client.post(
            "/compte/login/",
            {"login": f"inconnu{n}@example.org", "password": "faux"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR="203.0.113.5",
        )
    user = VerifiedUserFactory()
    response = client.post(
        "/compte/login/",
        {"login": user.email, "password": "motdepasse-solide-42"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert (response.status_code, client.get("/espace-acteur/").status_code) == (302, 200)


@pytest.mark.django_db
def test_failed_logins_are_still_limited_per_client_behind_the_proxy(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    refused = [
        "Trop de tentatives de connexion échouées"
        in client.post(
            "/compte/login/",
            {"login": f"inconnu{n}@example.org", "password": "faux"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 203.0.113.5",  # the client varies its own entry
        ).content.decode()
        for n in range(12)
    ]
    assert (refused[:10], refused[10:]) == ([False] * 10, [True, True])


@pytest.mark.django_db
def test_contact_rate_limit_is_per_client_behind_the_proxy(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    actor = ActorFactory(email="x@example.org")
    data = {"name": "A", "email": "a@example.org", "subject": "S", "message": "M"}
    url = reverse("contributions:contact", args=[actor.slug])
    first = [
        client.post(url, data, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.5").status_code for _ in range(6)
    ]
    other = client.post(url, data, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code
    assert (first, other) == ([302] * 5 + [429], 302)
