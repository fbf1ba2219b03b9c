"""The reads of the site-wide pages (home, search) across the directory's apps."""

from django.utils.translation import gettext_lazy as _

from actors.models import Actor, Collectivity, Domain
from case_studies.models import CaseStudy
from core import directory_cache, search
from core.text import query_words
from projects.models import Project

SEARCH_LIMIT = 8


def directory_counts():
    return {
        "actor_count": Actor.objects.published().count(),
        "collectivity_count": Collectivity.objects.published().count(),
        "project_count": Project.objects.published().count(),
    }


def home_figures():
    return {
        **directory_cache.cached("home-counts", "", directory_counts),
        "domains": Domain.objects.roots(),
        "case_studies": CaseStudy.objects.published(),
    }


def search_kinds():
    """(key, label, published queryset, URL name of the full list or None) of every searchable kind."""
    return [
        ("actors", _("Acteurs de l’ESS"), Actor.objects.published(), "actors:actor_list"),
        ("collectivities", _("Collectivités"), Collectivity.objects.published(), "actors:collectivity_list"),
        ("projects", _("Projets"), Project.objects.published(), "projects:project_list"),
        ("case_studies", _("Études de cas"), CaseStudy.objects.published(), "case_studies:case_study_list"),
    ]


def search_groups(query, *, closest=False):
    """For every kind: its best SEARCH_LIMIT matches of `query` and how many match in all (one joined
    ranking query for every kind, kept in the shared cache until the data changes), then each kind's
    objects. With `closest` (no entry holds every word), the entries holding the most of its words."""
    kinds = search_kinds()
    querysets = [queryset for _key, _label, queryset, _url in kinds]
    ranked = directory_cache.cached(
        "search-best",
        (tuple(query_words(query)), closest),
        lambda: search.best_of_each(querysets, query, SEARCH_LIMIT, closest=closest),
    )
    best = [(count, in_order(queryset, ids)) for queryset, (count, ids) in zip(querysets, ranked, strict=True)]
    return [
        {"key": key, "label": label, "results": results, "count": count, "list_url": list_url}
        for (key, label, _queryset, list_url), (count, results) in zip(kinds, best, strict=True)
    ]


def in_order(queryset, ids):
    """The objects of `queryset` with these primary keys, in their order (no query when there are none)."""
    objects = queryset.order_by().in_bulk(ids) if ids else {}
    return [objects[pk] for pk in ids if pk in objects]
