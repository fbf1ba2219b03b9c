"""The reads of the site-wide pages (home, search) across the directory's apps."""

from functools import partial

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
    """For every kind: its best SEARCH_LIMIT matches of `query` (one joined ranking query) and how many
    match in all; both kept in the shared cache until the data changes. With `closest` (no entry holds
    every word), the entries holding the most of its words."""
    groups = []
    for key, label, queryset, list_url in search_kinds():
        if closest:
            matches = search.closest(queryset, query).order_by("-search_rank", "pk")
            count, results = matches.count(), list(matches[:SEARCH_LIMIT])
        else:
            state = ("search", key, tuple(query_words(query)))
            count = directory_cache.cached("count", state, partial(match_count, queryset, query))
            results = search.RankedResults(queryset, query, count, key=state)[:SEARCH_LIMIT] if count else []
        groups.append({"key": key, "label": label, "results": results, "count": count, "list_url": list_url})
    return groups


def match_count(queryset, query):
    return search.search(queryset, query).order_by().count()
