"""Exports cannot starve the site: a per-client rate limit on every list's CSV/XLSX export."""

import pytest

from tests.factories import ActorFactory

pytestmark = pytest.mark.django_db


def status_of(response):
    """The status, the body read to the end (the test client then closes the response: its temporary
    file goes, its export slot is freed)."""
    if response.streaming:
        b"".join(response.streaming_content)
    return response.status_code


def test_exports_are_rate_limited_per_client_and_pages_keep_answering(client, settings):
    settings.EXPORT_RATE_LIMIT = "3/d"  # a day-long window: the four requests never straddle two
    ActorFactory()
    exports = []
    for _ in range(4):
        exports.append(status_of(client.get("/acteurs/?format=xlsx", REMOTE_ADDR="203.0.113.5")))
    other_client = status_of(client.get("/acteurs/?format=csv", REMOTE_ADDR="198.51.100.7"))
    page = client.get("/acteurs/", REMOTE_ADDR="203.0.113.5").status_code
    assert (exports, other_client, page) == ([200, 200, 200, 429], 200, 200)
