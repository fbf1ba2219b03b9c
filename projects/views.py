"""Public pages of cooperation projects: filterable list (with exports) and project page."""

from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from actors.views import absolute, join
from core.listing import export_response, list_page

from .diagram import stakeholder_diagram
from .filters import ProjectFilter
from .models import Project


def participants_text(project):
    return join(f"{p.organisation} ({p.get_role_display()})" for p in project.participants.all())


def modes_text(project):
    return join(dict.fromkeys(a.get_mode_display() for a in project.agreements.all() if a.mode))


PROJECT_COLUMNS = [
    (_("Titre"), lambda p: p.title),
    (_("Pays"), lambda p: join(c.name for c in p.countries.all())),
    (_("Lieux"), lambda p: p.places),
    (_("Domaines"), lambda p: join(d.name for d in p.domains.all())),
    (_("Début"), lambda p: p.start_year),
    (_("Fin"), lambda p: p.end_year),
    (_("État"), lambda p: p.get_project_status_display() if p.project_status else ""),
    (_("Initiative"), lambda p: p.get_initiative_display() if p.initiative else ""),
    (_("Modes de contractualisation"), modes_text),
    (_("Participants"), participants_text),
    (_("Résumé"), lambda p: p.summary),
    (_("Fiche"), lambda p: p.get_absolute_url()),
]


def project_list(request):
    filterset = ProjectFilter(request.GET, queryset=Project.objects.published())
    return list_page(
        request,
        filterset=filterset,
        template="projects/project_list.html",
        prefetch=["domains", "countries", "agreements", "participants__actor", "participants__collectivity"],
        export=lambda qs, fmt: export_response(
            qs, fmt, filename="projets", title="Projets", columns=absolute(request, PROJECT_COLUMNS)
        ),
    )


def project_detail(request, slug):
    project = get_object_or_404(
        Project.objects.published()
        .select_related("case_study")
        .prefetch_related(
            "domains__parent",
            "countries",
            "participants__actor",
            "participants__collectivity",
            "agreements__parties__actor",
            "agreements__parties__collectivity",
        ),
        slug=slug,
    )
    case_study = getattr(project, "case_study", None)  # reverse one-to-one: absent when no case study
    return render(
        request,
        "projects/project_detail.html",
        {
            "project": project,
            "case_study": case_study if case_study is not None and case_study.is_published else None,
            "diagram": stakeholder_diagram(project),
        },
    )
