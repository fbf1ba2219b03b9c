"""The rule production applies to SECRET_KEY: Django's own (`check --deploy`, security.W009), enforced."""

from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)
from django.core.exceptions import ImproperlyConfigured

INSECURE_PREFIXES = (SECRET_KEY_INSECURE_PREFIX, "dev-only", "test-only", "change-me", "changeme")


def check_secret_key(key):
    """Return `key`, or refuse a key `check --deploy` would warn about (shorter than 50 characters,
    fewer than 5 distinct ones, Django's insecure prefix) or one of our known placeholders."""
    if (
        not key
        or len(key) < SECRET_KEY_MIN_LENGTH
        or len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
        or key.lower().startswith(INSECURE_PREFIXES)
    ):
        raise ImproperlyConfigured(
            f"SECRET_KEY must be set to a random value of at least {SECRET_KEY_MIN_LENGTH} characters in "
            "production (python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    return key
