"""Public pages of the case studies."""

from django.shortcuts import get_object_or_404, render

from core.listing import list_page
from projects.diagram import stakeholder_diagram

from . import selectors
from .filters import CaseStudyFilter


def case_study_list(request):
    return list_page(
        request,
        filterset=CaseStudyFilter(request.GET, queryset=selectors.published_case_study_list()),
        template="case_studies/case_study_list.html",
        prefetch=selectors.CASE_STUDY_CARD_PREFETCH,
    )


def case_study_detail(request, number):
    case_study = get_object_or_404(selectors.published_case_study_pages(), number=number)
    project = case_study.project if case_study.project and case_study.project.is_published else None
    previous_number, next_number = selectors.neighbours(case_study)
    return render(
        request,
        "case_studies/case_study_detail.html",
        {
            "case_study": case_study,
            "project": project,
            "diagram": stakeholder_diagram(project) if project else None,
            "parts": list(case_study.parts.all()),
            "previous_number": previous_number,
            "next_number": next_number,
        },
    )
