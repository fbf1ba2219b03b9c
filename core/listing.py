"""The shared machinery of the public list pages: filter, facet, paginate, export."""

import hashlib
from functools import partial

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited
from django_ratelimit.decorators import ALL

from . import directory_cache, search
from .exports import FORMATS, column_rows, tabular_response
from .filters import LenientMultipleChoiceField, url_with
from .maps import world_map

PER_PAGE = 20


LONG_FACET = 12  # options shown before « Afficher les autres »
SHOWN_OF_LONG = 8
MAX_SHOWN = 20


def facet_groups(filterset, counts):
    """The options of every facet, with their counts and state, ready for the template.

    Options stay put whatever the filters: one with no result shows 0 (greyed) instead of vanishing;
    sparse facets offer the values found in the whole list, ordered by their count there. A long
    facet shows its first options and the rest behind a disclosure (no scroll box in the page)."""
    groups = []
    parents = getattr(filterset, "domain_parents", {})
    universe = filterset.facet_universe()
    for name in filterset.facets:
        field = filterset.form.fields[name]
        value = filterset.cleaned.get(name) or []
        selected = set(value if isinstance(value, list) else [value])
        options = []
        for key, label in field.choices:
            key = str(key)
            if not key or (name in universe and key not in universe[name] and key not in selected):
                continue
            options.append(
                {
                    "value": key,
                    "label": label,
                    "count": counts[name].get(key, 0),
                    "checked": key in selected,
                    "theme": bool(parents.get(key)),
                }
            )
        if name in universe:
            options.sort(key=lambda o: (-universe[name].get(o["value"], 0), str(o["label"])))
        # A tree (domains and their themes) is shown whole: cutting it would split a domain from its themes.
        shown, more = (options, []) if any(o["theme"] for o in options) else split_long(options)
        groups.append(
            {
                "name": name,
                "label": field.label,
                "options": shown,
                "more": more,
                "more_open": any(o["checked"] for o in more),
                "multiple": isinstance(field, LenientMultipleChoiceField),
            }
        )
    return groups


class CountedPaginator(Paginator):
    """A paginator told its count (cached by the filter set) instead of counting again, whose pages read
    their rows only when they are shown (`rows` makes a slice of the results a list of objects): a page
    whose rendered rows are cached reads none."""

    def __init__(self, object_list, per_page, count, rows=list):
        """`object_list` may be a function giving it (called only when a page's rows are read)."""
        super().__init__(object_list, per_page)
        self.known_count, self.rows = count, rows

    @property
    def count(self):
        return self.known_count

    @property
    def object_list(self):
        if callable(self._object_list):
            self._object_list = self._object_list()
        return self._object_list

    @object_list.setter
    def object_list(self, value):
        self._object_list = value

    def _check_object_list_is_ordered(self):
        pass  # the filter sets order their lists (and a function would be called here)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        return self._get_page(SimpleLazyObject(lambda: self.rows(self.object_list[bottom:top])), number, self)


def split_long(options):
    """(shown, behind the disclosure): the options with results or ticked (at most MAX_SHOWN), topped up
    to SHOWN_OF_LONG with the first others, all in the facet's stable order."""
    if len(options) <= LONG_FACET:
        return options, []
    live = [o["value"] for o in options if o["count"] or o["checked"]][:MAX_SHOWN]
    rest = [o["value"] for o in options if o["value"] not in live]
    keep = set(live + rest[: max(SHOWN_OF_LONG - len(live), 0)])
    return [o for o in options if o["value"] in keep], [o for o in options if o["value"] not in keep]


def list_page(
    request, *, filterset, template, prefetch=(), export=None, extra_context=None, map_caption=None, cache_rows=False
):
    """Render a filtered list (or its htmx partial), or export every matching row as CSV/XLSX.

    With `map_caption`, a world map of the `pays` facet's counts: a click filters on that country.
    With `cache_rows`, each row's HTML, and each page's rows, are kept in the shared cache for the data
    version: only for lists whose rows show nothing but directory data (`settings.DIRECTORY_APPS`, whose
    writes change it). What the page reads from the shared cache is read in one go (`read_ahead`): a
    page whose parts are all cached costs two round trips to the cache and no query."""
    export_format = request.GET.get("format")
    if export and export_format in FORMATS:
        return list_export(request, filterset, export, export_format)
    has_map = bool(map_caption) and "pays" in filterset.facets
    names = ["filters", *(["map"] if has_map else []), *(["results"] if cache_rows else [])]
    with directory_cache.read_ahead(filterset.cache_reads, partial(part_keys, request, names)) as parts:
        refusal, release = admit_new_list(request, filterset, parts)
        if refusal is not None:
            return refusal
        try:
            context = list_context(request, filterset, template, prefetch, cache_rows)
            counts = context.pop("counts")
            context |= {
                # Computed only when their cached parts are not.
                "facets": SimpleLazyObject(lambda: facet_groups(filterset, counts)),
                "world_map": SimpleLazyObject(lambda: list_map(request, counts, map_caption)),
                "has_map": has_map,
                "parts": parts,
                "can_export": export is not None,
                **(extra_context or {}),
            }
            return render(request, template, context)
        finally:
            release()


def admit_new_list(request, filterset, parts):
    """(refusal, release) for a list page. A list whose counts are cached, or being computed by another
    request (which this one waits for: `directory_cache.cached`), is always served — but a page of
    search results not seen yet is new too (ranking every match: a third of a second for a common word
    at national scale). A new one — seconds of SQL at national scale — is refused with 429 past
    NEW_LIST_RATE_LIMIT for this client, and with 503 while NEW_LIST_CONCURRENCY others are computed
    (the remaining workers keep serving cached pages); otherwise it holds one of those slots until
    `release()`."""
    state = filterset.state()
    if directory_cache.get("summary", state) is not None:
        unranked = filterset.searching and parts.get("results", ("", True))[1] is None
        if not unranked:
            return None, lambda: None
    elif directory_cache.computing("summary", state):
        return None, lambda: None
    if is_ratelimited(
        request, group="new-lists", key="ip", rate=settings.NEW_LIST_RATE_LIMIT, method=ALL, increment=True
    ):
        return list_refused(request, 429, 60), lambda: None
    slot = take_slot("new-lists", settings.NEW_LIST_CONCURRENCY, settings.NEW_LIST_SLOT_SECONDS)
    if slot is None:
        return list_refused(request, 503, 5), lambda: None
    return None, lambda: cache.delete(slot)


def list_refused(request, status, retry):
    response = render(request, "core/list_refused.html", {"busy": status == 503, "retry": retry}, status=status)
    response["Retry-After"] = str(retry)
    return response


def list_context(request, filterset, template, prefetch, cache_rows):
    """The context of a list page: its page of results (read when shown), its filters, sort and links."""
    count, counts = filterset.summary()  # first: it tells `closest`, which the rows depend on
    prefix = row_key(template) if cache_rows else ""
    rows = {}

    def read(objects):
        objects, found = page_rows(objects, prefix, prefetch)
        rows.update(found)
        return objects

    results = partial(filterset.results, count)  # built only when the page's rows are read
    page = CountedPaginator(results, PER_PAGE, count, read).get_page(request.GET.get("page"))
    searching = filterset.searching
    return {
        "counts": counts,
        "filterset": filterset,
        "page_obj": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "row_key": prefix,
        "cached_rows": rows,  # filled when the page's rows are read
        "fragment_timeout": directory_cache.store_timeout(),
        "active_filters": filterset.active_filters(request),
        "ignored_values": filterset.ignored_values(),
        "query": filterset.query,
        "searching": searching,
        "closest": filterset.closest,
        "sort_key": filterset.sort_key(),
        "default_sort": "pertinence" if searching else filterset.default_ordering,
        "sort_choices": filterset.sort_choices() if searching else filterset.sort_labels(),
        "suggestions": SimpleLazyObject(lambda: search.suggestions(filterset.query) if searching and not count else []),
        "page_query": url_with(request.GET, page=None, format=None),
        "csv_query": url_with(request.GET, page=None, format="csv"),
        "xlsx_query": url_with(request.GET, page=None, format="xlsx"),
    }


def part_keys(request, names):
    return {name: part_cache_key(request, name) for name in names}


def part_cache_key(request, name):
    """The cache key of a rendered part of a list page (its filter panel, its map, its page of results):
    what it depends on is the data version, the language, the page's path and its filters (and, for the
    results, the page number). A facet panel is a few hundred options, the costliest part to render."""
    query = url_with(request.GET, page=None, format=None)
    page = request.GET.get("page", "") if name == "results" else ""
    key = f"{directory_cache.data_version()}:{translation.get_language()}:{request.path}?{query}:{name}:{page}"
    return "ess_coop:part:" + hashlib.sha256(key.encode()).hexdigest()[:32]


def page_rows(object_list, prefix, prefetch):
    """(the page's objects, {pk: their cached row HTML}): the rows kept for the data version (`prefix`)
    come from the shared cache in one read, and only the others have their relations prefetched."""
    objects = list(object_list)
    keys = {obj.pk: row_cache_key(prefix, obj.pk) for obj in objects} if prefix else {}
    found = cache.get_many(keys.values()) if keys else {}
    rows = {pk: found[key] for pk, key in keys.items() if key in found}
    missing = [obj for obj in objects if obj.pk not in rows]
    if missing and prefetch:
        prefetch_related_objects(missing, *prefetch)
    return objects, rows


def row_cache_key(prefix, pk):
    return "ess_coop:row:" + hashlib.sha256(f"{prefix}:{pk}".encode()).hexdigest()[:32]


def row_key(template):
    """The prefix of a list's cached rows: the data version, the language and the template."""
    return f"{directory_cache.data_version()}:{translation.get_language()}:{template}"


def list_map(request, counts, caption):
    if not caption or "pays" not in counts:
        return None
    return world_map(
        "carte-liste",
        counts["pays"],
        caption=caption,
        url=lambda code: "?" + url_with(request.GET, page=None, format=None, pays=code),
    )


#: The whole published directory as a file (the open-data archive): [function() → its address, or None
#: while there is none]. The app that builds it registers it (core imports no app above it).
WHOLE_DIRECTORY = []


def register_whole_directory(address):
    WHOLE_DIRECTORY[:] = [address]


def whole_directory_url():
    return WHOLE_DIRECTORY[0]() if WHOLE_DIRECTORY else None


def list_export(request, filterset, export, export_format):
    """The export of a list. The whole list (no filter, no search) is the open-data file: redirected
    there, nothing built in the request. A filtered list above EXPORT_MAX_ROWS is refused with a page
    pointing to that file; otherwise rows stream (EXPORT_RATE_LIMIT per client, EXPORT_CONCURRENCY at
    once on the whole site)."""
    whole = whole_directory_url()
    if whole and not filterset.state()[2]:
        return redirect(whole)
    if filterset.result_count() > settings.EXPORT_MAX_ROWS:
        return too_large_export(request, whole)
    slot = take_export_slot()  # first: a client waiting for a free slot spends none of its exports
    if slot is None:
        return too_many_exports(_("Des exports sont déjà en cours : réessayez dans quelques secondes."), retry=10)
    if exports_limited(request):
        cache.delete(slot)
        return too_many_exports()
    try:
        response = export(filterset.qs, export_format)
    except BaseException:
        cache.delete(slot)
        raise
    response._resource_closers.append(lambda: cache.delete(slot))  # freed once the response is sent
    return response


def take_export_slot():
    """One of the EXPORT_CONCURRENCY slots, so that exports never hold all the workers and pages keep
    answering. A slot is freed when its response is closed (after EXPORT_SLOT_SECONDS at worst)."""
    return take_slot("exports", settings.EXPORT_CONCURRENCY, settings.EXPORT_SLOT_SECONDS)


def take_slot(group, count, seconds):
    """One of `count` slots of `group`, shared by every server through the cache: its key, or None when
    all are taken. Its holder deletes it when done; a slot left by a crash is freed after `seconds`."""
    for index in range(count):
        key = f"{group}:slot:{index}"
        if cache.add(key, True, timeout=seconds):
            return key
    return None


def export_response(request, queryset, export_format, *, filename, title, columns):
    """Every row of `queryset` in `columns` (`core.exports.Column`), read as values in chunks: CSV
    streamed, XLSX streamed from a temporary file; page addresses absolute for `request`."""
    headers = [column.header for column in columns]
    rows = column_rows(queryset, columns, request)
    return tabular_response(export_format, filename, headers, rows, title=title)


def exports_limited(request):
    """Exports of whole lists are costly: EXPORT_RATE_LIMIT per client (core.client_ip) and per
    window, shared by every list, on the shared cache."""
    return is_ratelimited(
        request, group="exports", key="ip", rate=settings.EXPORT_RATE_LIMIT, method=ALL, increment=True
    )


def too_large_export(request, whole):
    context = {"max_rows": settings.EXPORT_MAX_ROWS, "whole_directory": whole}
    return render(request, "core/export_too_large.html", context)


def too_many_exports(message=None, retry=60):
    response = HttpResponse(
        message or _("Trop d’exports demandés depuis votre connexion : réessayez dans une minute."),
        status=429,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(retry)
    return response
