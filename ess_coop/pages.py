"""Pages every public site owes its visitors: the accessibility statement, the legal notice, the
personal data page, and the /favicon.ico browsers and the admin ask for."""

from functools import lru_cache

from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

FAVICON = settings.BASE_DIR / "static" / "img" / "favicon.ico"


@lru_cache(maxsize=1)
def favicon_bytes():
    return FAVICON.read_bytes()


@require_safe
@cache_control(max_age=60 * 60 * 24, public=True)
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says (the admin's pages name no icon)."""
    return HttpResponse(favicon_bytes(), content_type="image/x-icon")


class LegalPage(TemplateView):
    """A page of text kept in its template, naming who publishes and hosts the site (settings)."""

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "publisher": settings.SITE_PUBLISHER,
            "director": settings.SITE_PUBLICATION_DIRECTOR,
            "host": settings.SITE_HOST,
            "contact_email": settings.SITE_CONTACT_EMAIL,
            "site_url": settings.SITE_URL,
        }
