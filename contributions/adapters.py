"""allauth's account adapter: the client address of its rate limits comes from core.client_ip."""

from allauth.account.adapter import DefaultAccountAdapter

from core.client_ip import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def get_client_ip(self, request):
        # One rule for allauth and django-ratelimit; allauth's own reading of X-Forwarded-For raises
        # ImproperlyConfigured (a 500) when the header holds fewer hops than expected.
        return client_ip(request)
