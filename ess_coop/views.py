"""Site-wide pages: home, one search across every kind, the statistics, error pages."""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from api import exceptions as api_exceptions
from core import search
from core.text import MAX_QUERY_LENGTH

from . import selectors
from . import statistics as statistics_tables


def home(request):
    return render(request, "home.html", selectors.home_figures())


def search_page(request):
    """/recherche/?q=: the best matches of each kind, with a link to the full filtered list; when no
    entry holds every word, those holding the most of them."""
    query = request.GET.get("q", "")[:MAX_QUERY_LENGTH]
    groups, closest = [], False
    if search.has_terms(query):
        groups = selectors.search_groups(query)
        if not any(g["count"] for g in groups):
            groups, closest = selectors.search_groups(query, closest=True), True
    total = sum(g["count"] for g in groups)
    return render(
        request,
        "search.html",
        {
            "query": query,
            "has_terms": search.has_terms(query),
            "groups": [g for g in groups if g["count"]],
            "total": total,
            "closest": closest and bool(total),
            "suggestions": search.suggestions(query) if groups and not total else [],
        },
    )


def statistics(request):
    return render(request, "statistics.html", statistics_tables.statistics_context())


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
