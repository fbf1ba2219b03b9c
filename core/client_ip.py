"""The client's address, as the rate limits of allauth and django-ratelimit must see it.

Behind a reverse proxy REMOTE_ADDR is the proxy's own address: every client would share one rate
limit (ten failed logins from anywhere would lock everyone out). The deployment says how to find the
real address, in the environment (README, « Déploiement »):

- TRUSTED_CLIENT_IP_HEADER: a header the proxy sets itself, overwriting what the client sent
  (nginx: `proxy_set_header X-Real-IP $remote_addr;` → `X-Real-IP`);
- or TRUSTED_PROXY_COUNT: how many proxies of ours append to X-Forwarded-For; the address is the
  N-th from the right (entries further left were written by the client and are not trusted).

With neither, or when the expected value is missing or malformed, REMOTE_ADDR is used."""

import ipaddress

from django.conf import settings


def valid_ip(value):
    """The address in `value` (an IPv4 or IPv6 address, possibly with a port), or None."""
    value = (value or "").strip()
    if value.startswith("[") and "]" in value:  # [IPv6]:port
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # IPv4:port
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request):
    """The client's address according to the trusted proxy settings (see the module's docstring)."""
    header = getattr(settings, "TRUSTED_CLIENT_IP_HEADER", "")
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    found = None
    if header:
        found = valid_ip(request.headers.get(header))
    elif count > 0:
        hops = [hop for hop in request.headers.get("X-Forwarded-For", "").split(",") if hop.strip()]
        if len(hops) >= count:
            found = valid_ip(hops[-count])
    return found or valid_ip(request.META.get("REMOTE_ADDR")) or "0.0.0.0"  # noqa: S104 (a key, not a bind)
