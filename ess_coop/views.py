"""Site-wide pages: home, one search across every kind, the statistics, error pages."""

from functools import partial

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.functional import SimpleLazyObject

from api import exceptions as api_exceptions
from core import directory_cache, search
from core.listing import part_keys
from core.text import MAX_QUERY_LENGTH

from . import selectors
from . import statistics as statistics_tables


def home(request):
    return render(request, "home.html", selectors.home_figures())


def search_page(request):
    """/recherche/?q=: the best matches of each kind, with a link to the full filtered list; when no
    entry holds every word, those holding the most of them. The rendered results are kept in the shared
    cache for the data version: searched only when they are not."""
    query = request.GET.get("q", "")[:MAX_QUERY_LENGTH]
    has_terms = search.has_terms(query)
    with directory_cache.read_ahead(raw=partial(part_keys, request, ["results"])) as parts:
        results = SimpleLazyObject(partial(search_results, query)) if has_terms else {}
        context = {"query": query, "has_terms": has_terms, "results": results, "parts": parts}
        return render(request, "search.html", context)


def search_results(query):
    groups, closest = selectors.search_groups(query), False
    if not any(g["count"] for g in groups):
        groups, closest = selectors.search_groups(query, closest=True), True
    total = sum(g["count"] for g in groups)
    return {
        "groups": [g for g in groups if g["count"]],
        "total": total,
        "closest": closest and bool(total),
        "suggestions": search.suggestions(query) if not total else [],
    }


def statistics(request):
    """The statistics, rendered once per data version and language (computed only when not cached)."""
    with directory_cache.read_ahead(raw=partial(part_keys, request, ["statistics"])) as parts:
        return render(request, "statistics.html", {"parts": parts, "statistics": statistics_tables.statistics_context})


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    if request.path.startswith("/api/"):
        return api_exceptions.server_error(request)
    # No context processors: the error may come from them or from the database.
    return HttpResponseServerError(loader.get_template("500.html").render())


def page_not_found_preview(request):
    return page_not_found(request)


def server_error_preview(request):
    return server_error(request)
