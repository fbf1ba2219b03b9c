"""The shared machinery of the public list pages: filter, facet, paginate, export."""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited
from django_ratelimit.decorators import ALL

from . import search
from .exports import FORMATS, tabular_response
from .filters import LenientMultipleChoiceField, url_with

PER_PAGE = 20


def facet_groups(filterset, counts):
    """The options of every facet, with their counts and state, ready for the template."""
    groups = []
    parents = getattr(filterset, "domain_parents", {})
    for name in filterset.facets:
        field = filterset.form.fields[name]
        value = filterset.cleaned.get(name) or []
        selected = set(value if isinstance(value, list) else [value])
        options = []
        for key, label in field.choices:
            key = str(key)
            if not key:
                continue
            count = counts[name].get(key, 0)
            if name == "pays" and not count and key not in selected:
                continue  # ~250 countries: only those with results, and those chosen
            options.append(
                {
                    "value": key,
                    "label": label,
                    "count": count,
                    "checked": key in selected,
                    "theme": bool(parents.get(key)),
                }
            )
        if name == "pays":
            options.sort(key=lambda o: (-o["count"], str(o["label"])))
        groups.append(
            {
                "name": name,
                "label": field.label,
                "options": options,
                "multiple": isinstance(field, LenientMultipleChoiceField),
            }
        )
    return groups


class CountedPaginator(Paginator):
    """A paginator told its count (cached by the filter set) instead of counting again."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self.known_count = count

    @property
    def count(self):
        return self.known_count


def list_page(request, *, filterset, template, prefetch=(), export=None, extra_context=None):
    """Render a filtered list (or its htmx partial), or export every matching row as CSV/XLSX."""
    queryset = filterset.qs
    export_format = request.GET.get("format")
    if export and export_format in FORMATS:
        if exports_limited(request):
            return too_many_exports()
        return export(queryset.prefetch_related(*prefetch), export_format)
    results = filterset.results()
    if isinstance(results, search.RankedResults):
        results.queryset = results.queryset.prefetch_related(*prefetch)
    else:
        results = results.prefetch_related(*prefetch)
    page = CountedPaginator(results, PER_PAGE, filterset.result_count()).get_page(request.GET.get("page"))
    context = {
        "filterset": filterset,
        "page_obj": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "facets": facet_groups(filterset, filterset.facet_counts()),
        "active_filters": filterset.active_filters(request),
        "ignored_values": filterset.ignored_values(),
        "query": filterset.query,
        "searching": filterset.searching,
        "sort_key": filterset.sort_key(),
        "default_sort": "pertinence" if filterset.searching else filterset.default_ordering,
        "sort_choices": filterset.sort_choices() if filterset.searching else filterset.sort_labels(),
        "suggestions": search.suggestions(filterset.query) if filterset.searching and not page.paginator.count else [],
        "page_query": url_with(request.GET, page=None, format=None),
        "csv_query": url_with(request.GET, page=None, format="csv"),
        "xlsx_query": url_with(request.GET, page=None, format="xlsx"),
        **(extra_context or {}),
    }
    return render(request, template, context)


def export_response(queryset, export_format, *, filename, title, columns):
    """columns: [(header, function(obj) → value)]."""
    headers = [header for header, _value in columns]
    rows = ([value(obj) for _header, value in columns] for obj in queryset.iterator(chunk_size=500))
    return tabular_response(export_format, filename, headers, rows, title=title)


def exports_limited(request):
    """Exports of whole lists are costly: EXPORT_RATE_LIMIT per client (core.client_ip) and per
    window, shared by every list, on the shared cache."""
    return is_ratelimited(
        request, group="exports", key="ip", rate=settings.EXPORT_RATE_LIMIT, method=ALL, increment=True
    )


def too_many_exports():
    response = HttpResponse(
        _("Trop d’exports demandés depuis votre connexion : réessayez dans une minute."),
        status=429,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = "60"
    return response
