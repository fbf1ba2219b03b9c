"""What the site-wide search knows of projects."""

from actors.models import Actor, Collectivity, Domain
from actors.search_index import country_names, domain_names
from core.search import Document, register

from .models import Participant, Project


def participant_names(project):
    names = []
    for participant in project.participants.all():
        organisation = participant.organisation
        names.extend([organisation.name, organisation.acronym])
    return " ".join(n for n in dict.fromkeys(names) if n)


def project_document(project):
    return Document(
        title=project.title,
        keywords=" ".join(
            [
                project.places,
                country_names(c.code for c in project.countries.all()),
                domain_names(project.domains.all()),
                participant_names(project),
            ]
        ),
        body=project.summary,
    )


def register_all():
    register(
        Project,
        kind="project",
        queryset=lambda: Project.objects.published().prefetch_related(
            "countries", "domains__parent", "participants__actor", "participants__collectivity"
        ),
        build=project_document,
        triggers=[
            (Participant, lambda participant: [participant.project]),
            (Domain, lambda domain: Project.objects.filter(domains__in=[domain, *domain.children.all()]).distinct()),
            (Actor, lambda actor: Project.objects.filter(participants__actor=actor).distinct()),
            (
                Collectivity,
                lambda collectivity: Project.objects.filter(participants__collectivity=collectivity).distinct(),
            ),
        ],
    )
