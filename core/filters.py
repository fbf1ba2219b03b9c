"""What every public list shares: lenient query-string filters, full-text `q`, `tri`, facet counts and
removable active filters. Unknown or malformed values are dropped, never an error."""

from urllib.parse import urlencode

import django_filters
import django_filters.fields
from django.db import connections
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from . import directory_cache, search

MAX_VALUES = 50


class LenientMultipleChoiceField(django_filters.fields.MultipleChoiceField):
    """Keeps the known values of a repeated parameter (pays=ML&pays=ZZ → [ML]), ignores the rest."""

    def to_python(self, value):
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        return list(dict.fromkeys(str(v) for v in value))[:MAX_VALUES]

    def validate(self, value):
        pass

    def clean(self, value):
        value = self.to_python(value)
        if not value:  # most parameters are absent: no need to go through hundreds of choices
            self.ignored = []
            return []
        known = {str(k) for k, _label in self.flat_choices()}
        self.ignored = [v for v in value if v not in known]
        return [v for v in value if v in known]

    def flat_choices(self):
        for key, label in self.choices:
            if isinstance(label, list | tuple):
                yield from label
            else:
                yield key, label


class LenientChoiceField(django_filters.fields.ChoiceField):
    """A single value; an unknown one counts as absent."""

    def validate(self, value):
        pass

    def clean(self, value):
        value = super().to_python(value if isinstance(value, str) else "")
        return value if value in {str(k) for k, _label in self.choices} else ""


LONG_CHOICES = 50


def fixed(choices):
    """Long choices given as a function: a FilterSet deep-copies its filters, and its form its fields, on
    every request, and a field normalizes a list of choices when it is built; a function is neither copied
    nor read until the choices are (most parameters are absent: their hundreds of choices are never read).
    Short lists stay lists: the API schema lists them as the parameter's values."""
    return (lambda: choices) if isinstance(choices, list | tuple) and len(choices) > LONG_CHOICES else choices


class MultipleValuesFilter(django_filters.MultipleChoiceFilter):
    field_class = LenientMultipleChoiceField

    def __init__(self, *args, **kwargs):
        if "choices" in kwargs:
            kwargs["choices"] = fixed(kwargs["choices"])
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        if self.method:
            return self.method(qs, self.field_name, value)
        return qs.filter(**{f"{self.field_name}__in": value})


class OneValueFilter(django_filters.ChoiceFilter):
    field_class = LenientChoiceField

    def __init__(self, *args, **kwargs):
        if "choices" in kwargs:
            kwargs["choices"] = fixed(kwargs["choices"])
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return self.method(qs, self.field_name, value) if self.method else qs.filter(**{self.field_name: value})


class GroupedCount:
    """A facet's counts not yet run: `sql` selects (value, count) rows, `read(rows)` makes them
    {value: count} (values come back as text). A filterset runs all its facets' in one query."""

    def __init__(self, sql, params, read=None):
        self.sql, self.params = sql, list(params)
        self.read = read or dict

    @classmethod
    def of(cls, queryset, read=None):
        """From a `values_list(value).annotate(n=…)` queryset (ordering cleared)."""
        sql, params = queryset.query.sql_with_params()
        return cls(sql, params, read)


#: Pseudo-facets of a list's summary query: its number of results, whether any entry holds every
#: searched word, and the counts over the whole list (`FacetedFilterSet.facet_universe`).
COUNT, MATCHES, UNIVERSE = "__count__", "__matches__", "__universe__:"


def total(queryset, limit=None):
    """The number of rows of `queryset` (at most `limit`), as a GroupedCount read {"": n} (one arm of a
    summary query)."""
    rows = queryset.order_by().values("pk")
    sql, params = (rows[:limit] if limit else rows).query.sql_with_params()
    return GroupedCount(f"SELECT '', COUNT(*) FROM ({sql}) s", params)


def run_counts(pending, using):
    """{name: {value: count}} from {name: GroupedCount or dict}: the dicts as they are, every GroupedCount
    in one UNION ALL of them (one query for all the facets of a list, however many)."""
    grouped = [(name, counts) for name, counts in pending.items() if isinstance(counts, GroupedCount)]
    if not grouped:
        return dict(pending)
    ctes = ", ".join(f"g{i}(k, n) AS ({counts.sql})" for i, (_name, counts) in enumerate(grouped))
    arms = " UNION ALL ".join(f"SELECT {i}, CAST(k AS TEXT), n FROM g{i}" for i in range(len(grouped)))
    params = [param for _name, counts in grouped for param in counts.params]
    with connections[using].cursor() as cursor:
        cursor.execute(f"WITH {ctes} {arms}", params)
        rows = cursor.fetchall()
    results = dict(pending)
    for i, (name, counts) in enumerate(grouped):
        results[name] = counts.read([(key, n) for index, key, n in rows if index == i])
    return results


class FacetedFilterSet(django_filters.FilterSet):
    """A FilterSet whose `qs` is filtered, searched (`q`) and ordered (`tri`), and that can count, for
    each faceted parameter, the results each of its values would give with the other filters kept."""

    q = django_filters.CharFilter(method="filter_search", label=_("Rechercher"))
    tri = OneValueFilter(method="filter_noop", label=_("Trier par"), empty_label=None)

    #: (parameter, label) of the query-string parameters whose values are counted and removable.
    facets: list[str] = []
    #: facets with hundreds of possible values (countries): only the values found in the whole list
    #: are offered, in the order of their count there, so that options never jump or vanish.
    sparse_facets: tuple[str, ...] = ("pays",)
    #: tri value → ordering (a tuple of fields); "pertinence" is added when a query is given.
    orderings: dict[str, tuple] = {}
    default_ordering = ""

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["tri"].extra["choices"] = self.sort_choices()

    # --- filtering --------------------------------------------------------------------------------

    def sort_choices(self):
        return [("pertinence", _("Pertinence")), *self.sort_labels()]

    def sort_labels(self):
        return []

    def filter_search(self, qs, name, value):
        if self.closest:
            return search.closest(qs, value)
        return search.search(qs, value)

    @cached_property
    def closest(self):
        """True when no entry of the list holds every word of the query: the list then shows those
        holding the most of them. Decided once, on the whole list, so that facets agree with it."""
        if not self.searching:
            return False
        known = directory_cache.get("closest", self.closest_key())
        if known is None:
            known = not search.search(self.queryset, self.query).exists()
            directory_cache.put("closest", self.closest_key(), known)
        return known

    def closest_key(self):
        return (*self.state()[:2], self.query)

    def filter_noop(self, qs, name, value):
        return qs

    @property
    def cleaned(self):
        """The understood part of the query string (a bad value drops only its own parameter)."""
        if not self.is_bound:
            return {}
        self.form.is_valid()
        return self.form.cleaned_data

    @property
    def query(self):
        return self.cleaned.get("q") or ""

    @property
    def searching(self):
        return search.has_terms(self.query)

    def sort_key(self):
        tri = self.cleaned.get("tri") or ""
        if tri == "pertinence" and not self.searching:
            tri = ""
        return tri or ("pertinence" if self.searching else self.default_ordering)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        key = self.sort_key()
        if key == "pertinence":
            return queryset.order_by("-search_rank", *self.orderings[self.default_ordering])
        return queryset.order_by(*self.orderings[key])

    def queryset_without(self, name):
        """The search and every filter but `name` applied (what a facet of `name` counts over)."""
        queryset = self.queryset
        for field_name, value in self.cleaned.items():
            if field_name not in (name, "tri"):
                queryset = self.filters[field_name].filter(queryset, value)
        return queryset

    # --- facets and active filters ---------------------------------------------------------------

    def state(self):
        """What the results depend on: the model and the understood filters (not the sort order)."""
        items = sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in self.cleaned.items() if k != "tri" and v)
        return (self._meta.model._meta.label_lower, type(self).__name__, tuple(items))

    def cache_reads(self):
        """The (name, key) pairs of the shared cache a list page of this filter set reads: read ahead
        together (`directory_cache.read_ahead`)."""
        reads = [("summary", self.state()), ("universe", self.state()[:2])]
        return [*reads, ("closest", self.closest_key())] if self.searching else reads

    def summary(self):
        """(number of results, {parameter: {value: count}} for every faceted parameter): what a list page
        shows above its rows, one query for both, cached until the data changes."""
        return directory_cache.cached("summary", self.state(), self.compute_summary)

    def facet_counts(self):
        """{parameter: {value: count}} for every faceted parameter (cached until the data changes)."""
        return self.summary()[1]

    def compute_facet_counts(self):
        return self.compute_summary()[1]

    def compute_summary(self):
        """The count, the facets and, when not cached yet, the facet universe and whether any entry holds
        every searched word (`closest`): all of them in one UNION ALL query."""
        probe = self.searching and "closest" not in self.__dict__ and self.known_closest() is None
        if probe:  # strict matching assumed, checked by the same query; redone in the rare other case
            self.__dict__["closest"] = False
        pending = {name: getattr(self, f"count_{name}")(self.queryset_without(name)) for name in self.facets}
        pending[COUNT] = total(self.qs)
        if probe:
            pending[MATCHES] = total(search.search(self.queryset, self.query), limit=1)
        universe = directory_cache.get("universe", self.state()[:2])
        whole = not self.state()[2]  # no filter, no search: its facets are the universe's counts
        if universe is None and not whole:
            pending.update(self.universe_counts())
        results = run_counts(pending, self.queryset.db)
        if universe is None:
            self._universe = self.read_universe(
                {UNIVERSE + name: results[name] for name in self.facets if name in self.sparse_facets}
                if whole
                else results
            )
            directory_cache.put("universe", self.state()[:2], self._universe)
        if probe and not results[MATCHES].get(""):
            directory_cache.put("closest", self.closest_key(), True)
            self.__dict__["closest"] = True
            self.__dict__.pop("_qs", None)
            return self.compute_summary()
        if probe:
            directory_cache.put("closest", self.closest_key(), False)
        return results[COUNT].get("", 0), {name: results[name] for name in self.facets}

    def known_closest(self):
        return directory_cache.get("closest", self.closest_key())

    def result_count(self):
        """The number of results alone (an export; a list page reads it from `summary`)."""
        return directory_cache.cached("count", self.state(), lambda: self.qs.order_by().count())

    def results(self, count=None):
        """What a page lists: the matches best first (`search.RankedResults`) when sorted by relevance,
        else `qs`."""
        if self.sort_key() == "pertinence":
            count = self.result_count() if count is None else count
            # The filtered rows without the search: RankedResults matches and ranks them itself, once
            # (given `qs`, each page re-ran the match, and on SQLite a rank subquery per row).
            rows = self.queryset_without("q")
            return search.RankedResults(rows, self.query, count, key=self.state(), closest=self.closest)
        return self.qs

    def facet_universe(self):
        """{sparse parameter: {value: count over the whole, unfiltered list}} (cached until the data changes)."""
        if getattr(self, "_universe", None) is None:
            self._universe = directory_cache.cached("universe", self.state()[:2], self.compute_facet_universe)
        return self._universe

    def compute_facet_universe(self):
        return self.read_universe(run_counts(self.universe_counts(), self.queryset.db))

    def universe_counts(self):
        return {
            UNIVERSE + name: getattr(self, f"count_{name}")(self.queryset)
            for name in self.facets
            if name in self.sparse_facets
        }

    def read_universe(self, results):
        return {
            name[len(UNIVERSE) :]: {k: n for k, n in counts.items() if n}
            for name, counts in results.items()
            if name.startswith(UNIVERSE)
        }

    def active_filters(self, request):
        """Each active value with its label and the URL of the same page without it."""
        chips = []
        for name, value in self.cleaned.items():
            if name == "tri" or not value:
                continue
            values = value if isinstance(value, list) else [value]
            labels = dict(self.form.fields[name].choices) if hasattr(self.form.fields[name], "choices") else {}
            for item in values:
                chips.append(
                    {
                        "name": name,
                        "field_label": self.form.fields[name].label,
                        "label": labels.get(item, item),
                        "url": "?" + url_without(request.GET, name, item),
                    }
                )
        return chips

    def ignored_values(self):
        """Values of the query string that were not understood (shown so that nothing is silently lost)."""
        self.cleaned  # noqa: B018 - validates the form
        ignored = []
        for field in self.form.fields.values():
            ignored += [(field.label, v) for v in getattr(field, "ignored", [])]
        return ignored


def url_without(query_dict, name, value):
    """The query string without one value of one parameter, and without the page number."""
    pairs = [
        (key, item)
        for key, items in query_dict.lists()
        for item in items
        if key not in ("page", "format") and not (key == name and item == str(value))
    ]
    return urlencode(pairs)


def url_with(query_dict, **changes):
    pairs = [(key, item) for key, items in query_dict.lists() for item in items if key not in changes]
    pairs += [(key, value) for key, value in changes.items() if value not in (None, "")]
    return urlencode(pairs)
