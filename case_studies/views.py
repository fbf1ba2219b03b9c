"""Public pages of the case studies."""

from django.shortcuts import get_object_or_404, render

from .models import CaseStudy


def case_study_list(request):
    return render(request, "case_studies/case_study_list.html", {"case_studies": CaseStudy.objects.published()})


def case_study_detail(request, number):
    case_study = get_object_or_404(CaseStudy.objects.published(), number=number)
    return render(request, "case_studies/case_study_detail.html", {"case_study": case_study})
