"""Public pages of cooperation projects: filterable list (with exports) and project page."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from core.fragments import detail_context
from core.listing import export_response, list_page
from core.maps import world_map

from .diagram import stakeholder_diagram
from .exports import PROJECT_COLUMNS, with_evidence
from .filters import ProjectFilter
from .models import Participant, Project, Role
from .selectors import published_case_study, with_page_links


def project_list(request):
    filterset = ProjectFilter(request.GET, queryset=Project.objects.published())
    return list_page(
        request,
        filterset=filterset,
        template="projects/project_list.html",
        cache_rows=True,
        map_caption=_("Où se déroulent ces projets (hors France) — cliquez un pays pour filtrer"),
        prefetch=[
            "domains",
            "countries",
            "agreements",
            Prefetch("participants", queryset=Participant.objects.select_related("actor", "collectivity")),
        ],
        export=lambda qs, fmt: export_response(
            request, with_evidence(qs), fmt, filename="projets", title="Projets", columns=PROJECT_COLUMNS
        ),
    )


def project_detail(request, slug):
    """A project's page: all of it is directory data, cached as fragments (core.fragments); its links
    are read only when they are not."""
    project = get_object_or_404(Project.objects.published().select_related("case_study"), slug=slug)
    linked = SimpleLazyObject(lambda: with_page_links(project))
    return render(
        request,
        "projects/project_detail.html",
        {
            "project": project,
            "linked": linked,
            "jsonld": lambda: project_jsonld(request, linked),
            "case_study": published_case_study(project),
            "diagram": SimpleLazyObject(lambda: stakeholder_diagram(linked)),
            "world_map": SimpleLazyObject(lambda: project_map(linked)),
            **detail_context(request, project, names=("project-jsonld", "project-page")),
        },
    )


def project_map(project):
    return world_map(
        "carte-projet",
        {str(c.code): 1 for c in project.countries.all()},
        caption=_("Pays du projet"),
        small=True,
        skip_home=False,
        url=lambda code: f"{reverse('projects:project_list')}?pays={code}",
        unit=_("projet"),
    )


def project_jsonld(request, project):
    """schema.org Project: its countries, domains, years, and each published participant in its role
    (an OrganizationRole); the funders also as `funder`."""
    members = []
    funders = []
    for participant in project.published_participants:
        organisation = participant.organisation
        entry = {
            "@type": "GovernmentOrganization" if participant.collectivity_id else "Organization",
            "name": organisation.name,
        }
        if organisation.public_url:
            entry["url"] = request.build_absolute_uri(organisation.public_url)
        role = {"@type": "OrganizationRole", "roleName": str(participant.get_role_display()), "member": entry}
        role.update(
            {k: str(v) for k, v in (("startDate", participant.start_year), ("endDate", participant.end_year)) if v}
        )
        members.append(role)
        if participant.role == Role.FINANCEUR:
            funders.append(entry)
    data = {
        "@context": "https://schema.org",
        "@type": "Project",
        "name": project.title,
        "url": request.build_absolute_uri(project.get_absolute_url()),
        "areaServed": [
            {"@type": "Country", "name": str(c.name), "identifier": str(c.code)} for c in project.countries.all()
        ],
        "keywords": [d.name for d in project.domains.all()],
        "member": members,
    }
    optional = {
        "description": project.summary,
        "foundingDate": str(project.start_year or ""),
        "dissolutionDate": str(project.end_year or ""),
        "funder": funders,
    }
    data.update({key: value for key, value in optional.items() if value})
    return data
