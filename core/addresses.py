"""Absolute addresses of the site's pages, for what is read outside it (e-mails, feeds)."""

from django.conf import settings


def absolute_url(path):
    """SITE_URL followed by `path` (« /espace-acteur/ » → « https://annuaire.example.org/espace-acteur/ »)."""
    return settings.SITE_URL.rstrip("/") + path
