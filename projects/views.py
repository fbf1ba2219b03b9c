"""Public pages of cooperation projects."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from .models import Project


def project_list(request):
    page = Paginator(Project.objects.published().for_list(), 30).get_page(request.GET.get("page"))
    return render(request, "projects/project_list.html", {"page_obj": page})


def project_detail(request, slug):
    project = get_object_or_404(Project.objects.published().for_list(), slug=slug)
    return render(request, "projects/project_detail.html", {"project": project})
