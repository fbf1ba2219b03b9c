"""The reads of the project pages and of the projects' statistics, shared by pages, API and matching."""

from django.db.models import Count, Prefetch, prefetch_related_objects

from actors.models import Actor, Domain
from actors.selectors import agreements_with_parties, with_organisation
from core.filters import GroupedCount

from .models import Agreement, ContractMode, Project

# What a project's page shows of its links: domains, countries, participants and agreements with
# their organisations.
PAGE_PREFETCH = (
    Prefetch("domains", queryset=Domain.objects.select_related("parent")),
    "countries",
    Prefetch("participants", queryset=with_organisation(Actor.participations)),
    Prefetch("agreements", queryset=agreements_with_parties()),
)


def published_project_pages():
    """Published projects with what their page shows prefetched (PAGE_PREFETCH, the case study)."""
    return Project.objects.published().select_related("case_study").prefetch_related(*PAGE_PREFETCH)


def with_page_links(project):
    """`project` with PAGE_PREFETCH read (a relation already read is not read again): for a page whose
    cached fragments missed."""
    prefetch_related_objects([project], *PAGE_PREFETCH)
    return project


def published_case_study(project):
    """The project's case study when it is published, else None."""
    case_study = getattr(project, "case_study", None)  # reverse one-to-one: absent when no case study
    return case_study if case_study is not None and case_study.is_published else None


def mode_counts():
    """GroupedCounts of the agreements of the published projects by contracting mode, and of their projects."""
    agreements = Agreement.objects.in_published_projects().order_by().values_list("mode")
    return {
        "mode_agreements": GroupedCount.of(agreements.annotate(n=Count("pk"))),
        "mode_projects": GroupedCount.of(agreements.annotate(n=Count("project", distinct=True))),
    }


def agreements_by_mode(counts):
    """([(label, agreements, projects)] for every contracting mode, agreements without a mode — framework
    agreements), from `mode_counts`' results."""
    agreements, projects = counts["mode_agreements"], counts["mode_projects"]
    by_mode = [(label, agreements.get(value, 0), projects.get(value, 0)) for value, label in ContractMode.choices]
    return by_mode, agreements.get("", 0)
