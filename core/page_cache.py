"""Whole public pages kept in the shared cache for visitors without a session, per data version.

Most visits to a directory are anonymous readings of the same lists, searches and pages. For a request
that carries no session and no pending message, the rendered HTML of a page marked `public_page` is
kept under the directory's data version (`core.directory_cache`), the language, the HTMX headers and
the full path: the next such request is answered from the cache, with no SQL at all. Any edit of the
directory replaces the data version, so no page is served stale after an edit.

What stays per visitor: the CSRF token of the page's forms (the language switcher, on every page) is
cut out of the cached HTML and a fresh one, from the visitor's own CSRF cookie, is put back on each
answer; the middleware (CSRF cookie, security headers, CSP, `Vary`) runs on every answer as usual.
Logged-in visitors, and any request with a session, never read nor fill this cache: their pages hold
edit links, pending changes and messages.

A view is marked only if everything it shows comes from the directory apps (`settings.DIRECTORY_APPS`)
or from the models `settings.DIRECTORY_CACHE_EXTRA_MODELS` names (the actor page's contact button
depends on its editors), whose writes replace the data version."""

import hashlib
import re
from contextlib import ExitStack
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token

from . import directory_cache

TIMEOUT = 10 * 60
# The masked token Django writes in `{% csrf_token %}`: 64 letters and digits.
CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{64}(")')
CSRF_HOLE = b"\x00csrf\x00"
# Headers a view may set that belong to its page (the rest comes from the middleware on every answer).
KEPT_HEADERS = ("Content-Type", "Content-Language", "X-Robots-Tag", "Link")


def enabled():
    return getattr(settings, "PUBLIC_PAGE_CACHE", True)


def _anonymous(request):
    return (
        request.method in {"GET", "HEAD"}
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and getattr(settings, "MESSAGES_COOKIE_NAME", "messages") not in request.COOKIES
    )


def _key(request):
    parts = (
        request.get_full_path(),
        getattr(request, "LANGUAGE_CODE", ""),
        request.headers.get("HX-Request", ""),
        request.headers.get("HX-Target", ""),
    )
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"ess_coop:page:{directory_cache.data_version()}:{digest}"


def _storable(request, response):
    session = getattr(request, "session", None)
    return (
        isinstance(response, HttpResponse)
        and response.status_code == 200
        and response["Content-Type"].startswith("text/html")
        and not response.cookies
        and not (session is not None and session.modified)
    )


def _frozen(response):
    return {
        "content": CSRF_INPUT.sub(rb"\1" + CSRF_HOLE + rb"\2", response.content),
        "headers": {name: response[name] for name in KEPT_HEADERS if response.has_header(name)},
    }


def _thawed(request, frozen):
    content = frozen["content"]
    if CSRF_HOLE in content:
        content = content.replace(CSRF_HOLE, get_token(request).encode())
    response = HttpResponse(content)
    for name, value in frozen["headers"].items():
        response[name] = value
    return response


def public_page(view):
    """Serve `view`'s page from the shared cache to visitors without a session (see the module)."""

    atomic = [
        alias
        for alias, database in settings.DATABASES.items()
        if database.get("ATOMIC_REQUESTS") and alias not in getattr(view, "_non_atomic_requests", set())
    ]

    def computed(request, *args, **kwargs):
        # ATOMIC_REQUESTS, applied here rather than around the cached answer, which reads no database.
        with ExitStack() as stack:
            for alias in atomic:
                stack.enter_context(transaction.atomic(using=alias))
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            return response

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not (enabled() and _anonymous(request)):
            return computed(request, *args, **kwargs)
        key = _key(request)
        frozen = cache.get(key)
        if frozen is not None:
            return _thawed(request, frozen)
        response = computed(request, *args, **kwargs)
        if _storable(request, response) and (keep := directory_cache.store_timeout(TIMEOUT)):
            cache.set(key, _frozen(response), keep)
        return response

    wrapped._non_atomic_requests = set(settings.DATABASES)
    return wrapped
