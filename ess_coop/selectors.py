"""The reads of the site-wide pages (home, search) across the directory's apps."""

from django.utils.translation import gettext_lazy as _

from actors.models import Actor, Collectivity, Domain
from case_studies.models import CaseStudy
from core import search
from projects.models import Project

SEARCH_LIMIT = 8


def home_figures():
    return {
        "actor_count": Actor.objects.published().count(),
        "collectivity_count": Collectivity.objects.published().count(),
        "project_count": Project.objects.published().count(),
        "domains": Domain.objects.roots(),
        "case_studies": CaseStudy.objects.published(),
    }


def search_kinds():
    """(key, label, published queryset, URL name of the full list or None) of every searchable kind."""
    return [
        ("actors", _("Acteurs de l’ESS"), Actor.objects.published(), "actors:actor_list"),
        ("collectivities", _("Collectivités"), Collectivity.objects.published(), "actors:collectivity_list"),
        ("projects", _("Projets"), Project.objects.published(), "projects:project_list"),
        ("case_studies", _("Études de cas"), CaseStudy.objects.published(), None),
    ]


def search_groups(query):
    """For every kind: its best SEARCH_LIMIT matches of `query` and how many match in all."""
    groups = []
    for key, label, queryset, list_url in search_kinds():
        matches = search.best_first(queryset, query)
        groups.append(
            {
                "key": key,
                "label": label,
                "results": list(matches[:SEARCH_LIMIT]),
                "count": matches.count(),
                "list_url": list_url,
            }
        )
    return groups
