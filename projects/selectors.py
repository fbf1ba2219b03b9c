"""The reads of the project pages and of the projects' statistics, shared by pages, API and matching."""

from django.db.models import Count

from .models import Agreement, ContractMode, Project


def published_project_pages():
    """Published projects with what their page shows prefetched (domains, countries, participants
    and agreements with their organisations, the case study)."""
    return (
        Project.objects.published()
        .select_related("case_study")
        .prefetch_related(
            "domains__parent",
            "countries",
            "participants__actor",
            "participants__collectivity",
            "agreements__parties__actor",
            "agreements__parties__collectivity",
        )
    )


def published_case_study(project):
    """The project's case study when it is published, else None."""
    case_study = getattr(project, "case_study", None)  # reverse one-to-one: absent when no case study
    return case_study if case_study is not None and case_study.is_published else None


def agreements_by_mode():
    """[(label, agreements, projects)] for every contracting mode, over the published projects."""
    with_mode = Agreement.objects.in_published_projects().with_mode().order_by().values_list("mode")
    agreements = dict(with_mode.annotate(n=Count("pk")))
    projects = dict(with_mode.annotate(n=Count("project", distinct=True)))
    return [(label, agreements.get(value, 0), projects.get(value, 0)) for value, label in ContractMode.choices]


def agreements_without_mode():
    """How many agreements of published projects have no contracting mode (framework agreements)."""
    return Agreement.objects.in_published_projects().without_mode().count()
