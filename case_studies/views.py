"""Public pages of the case studies."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from projects.diagram import stakeholder_diagram
from projects.models import Participant

from .models import CaseStudy


def case_study_list(request):
    case_studies = CaseStudy.objects.published().select_related("project").prefetch_related("key_points")
    return render(request, "case_studies/case_study_list.html", {"case_studies": case_studies})


def case_study_detail(request, number):
    participants = Participant.objects.select_related("actor", "collectivity")
    case_study = get_object_or_404(
        CaseStudy.objects.published()
        .select_related("project")
        .prefetch_related(
            "key_points",
            "parts",
            "key_figures",
            "project__countries",
            "project__domains",
            Prefetch("project__participants", queryset=participants),
            Prefetch("project__agreements__parties", queryset=participants),
        ),
        number=number,
    )
    project = case_study.project if case_study.project and case_study.project.is_published else None
    parts = list(case_study.parts.all())
    numbers = list(CaseStudy.objects.published().values_list("number", flat=True))
    index = numbers.index(case_study.number)
    return render(
        request,
        "case_studies/case_study_detail.html",
        {
            "case_study": case_study,
            "project": project,
            "diagram": stakeholder_diagram(project) if project else None,
            "parts": parts,
            "previous_number": numbers[index - 1] if index > 0 else None,
            "next_number": numbers[index + 1] if index + 1 < len(numbers) else None,
        },
    )
