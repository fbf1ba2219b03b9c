"""Pages every public site owes its visitors: the accessibility statement, the legal notice, the
personal data page, and the /favicon.ico browsers and the admin ask for."""

from functools import lru_cache

from django.conf import settings
from django.http import HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

FAVICON = settings.BASE_DIR / "static" / "img" / "favicon.ico"


@lru_cache(maxsize=1)
def favicon_bytes():
    return FAVICON.read_bytes()


@require_safe
@cache_control(max_age=60 * 60 * 24, public=True)
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says (the admin's pages name no icon)."""
    return HttpResponse(favicon_bytes(), content_type="image/x-icon")
