"""Exports cannot starve the site: a per-client rate limit on every list's CSV/XLSX export."""

import pytest

from tests.factories import ActorFactory

pytestmark = pytest.mark.django_db


def test_exports_are_rate_limited_per_client_and_pages_keep_answering(client, settings):
    settings.EXPORT_RATE_LIMIT = "3/d"  # a day-long window: the four requests never straddle two
    ActorFactory()
    exports = []
    for _ in range(4):
        exports.append(client.get("/acteurs/?format=xlsx", REMOTE_ADDR="203.0.113.5").status_code)
    other_client = client.get("/acteurs/?format=csv", REMOTE_ADDR="198.51.100.7").status_code
    page = client.get("/acteurs/", REMOTE_ADDR="203.0.113.5").status_code
    assert (exports, other_client, page) == ([200, 200, 200, 429], 200, 200)
