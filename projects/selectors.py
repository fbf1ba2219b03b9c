"""The reads of the project pages and of the projects' statistics, shared by pages, API and matching."""

from django.db.models import Count, Prefetch, prefetch_related_objects

from actors.models import Actor, Domain
from actors.selectors import agreements_with_parties, with_organisation

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


def agreements_by_mode():
    """([(label, agreements, projects)] for every contracting mode, agreements without a mode — framework
    agreements), over the published projects, in one grouped query."""
    rows = (
        Agreement.objects.in_published_projects()
        .order_by()
        .values_list("mode")
        .annotate(n=Count("pk"), p=Count("project", distinct=True))
    )
    counts = {mode: (n, p) for mode, n, p in rows}
    by_mode = [(label, *counts.get(value, (0, 0))) for value, label in ContractMode.choices]
    return by_mode, counts.get("", (0, 0))[0]
