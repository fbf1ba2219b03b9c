"""Public pages of the case studies."""

from django.shortcuts import get_object_or_404, render
from django.utils.functional import SimpleLazyObject

from core.fragments import detail_context
from core.listing import list_page
from projects.diagram import stakeholder_diagram

from . import selectors
from .filters import CaseStudyFilter


def case_study_list(request):
    return list_page(
        request,
        filterset=CaseStudyFilter(request.GET, queryset=selectors.published_case_study_list()),
        template="case_studies/case_study_list.html",
        cache_rows=True,  # the cards show directory data only
        prefetch=selectors.CASE_STUDY_CARD_PREFETCH,
    )


def case_study_detail(request, number):
    """A case study's page: all of it is directory data, cached as one fragment (core.fragments); its
    links are read only when it is not."""
    case_study = get_object_or_404(selectors.published_case_study_page(), number=number)
    linked = SimpleLazyObject(lambda: selectors.with_page_links(case_study))
    project = SimpleLazyObject(lambda: published_project(linked))
    return render(
        request,
        "case_studies/case_study_detail.html",
        {
            "case_study": case_study,
            "linked": linked,
            "project": project,
            "diagram": SimpleLazyObject(lambda: stakeholder_diagram(project) if project else None),
            "parts": SimpleLazyObject(lambda: list(linked.parts.all())),
            "previous_number": case_study.previous_number,
            "next_number": case_study.next_number,
            **detail_context(request, case_study, names=("case-study-page",)),
        },
    )


def published_project(case_study):
    project = case_study.project
    return project if project and project.is_published else None
