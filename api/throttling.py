"""Anonymous clients are throttled per address on the shared cache (CACHE_URL in production)."""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle

from core.client_ip import client_ip


class AnonymousThrottle(AnonRateThrottle):
    """The rate is read from the settings at each request (API_ANON_RATE), so that it can change
    without a restart of the class machinery (DRF reads its own once, at import)."""

    def get_rate(self):
        return settings.API_ANON_RATE

    def get_ident(self, request):
        """The client address by the site's one rule (trusted proxies), as the other rate limits use."""
        return client_ip(request)
