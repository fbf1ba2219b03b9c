"""Public pages of cooperation projects: filterable list (with exports) and project page."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from core.exports import absolute
from core.listing import export_response, list_page

from .diagram import stakeholder_diagram
from .exports import PROJECT_COLUMNS
from .filters import ProjectFilter
from .models import Participant, Project
from .selectors import published_case_study, published_project_pages


def project_list(request):
    filterset = ProjectFilter(request.GET, queryset=Project.objects.published())
    return list_page(
        request,
        filterset=filterset,
        template="projects/project_list.html",
        prefetch=[
            "domains",
            "countries",
            "agreements",
            Prefetch("participants", queryset=Participant.objects.select_related("actor", "collectivity")),
        ],
        export=lambda qs, fmt: export_response(
            qs, fmt, filename="projets", title="Projets", columns=absolute(request, PROJECT_COLUMNS)
        ),
    )


def project_detail(request, slug):
    project = get_object_or_404(published_project_pages(), slug=slug)
    return render(
        request,
        "projects/project_detail.html",
        {
            "project": project,
            "case_study": published_case_study(project),
            "diagram": stakeholder_diagram(project),
        },
    )
