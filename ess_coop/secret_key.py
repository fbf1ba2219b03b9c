"""The rule production applies to SECRET_KEY."""

from django.core.exceptions import ImproperlyConfigured

INSECURE_PREFIXES = ("dev-only", "test-only", "django-insecure", "change-me", "changeme")


def check_secret_key(key):
    """Return `key`, or refuse an empty, short, repetitive or known placeholder key."""
    if not key or len(key) < 40 or key.lower().startswith(INSECURE_PREFIXES) or len(set(key)) < 8:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set to a random value of at least 40 characters in production "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    return key
