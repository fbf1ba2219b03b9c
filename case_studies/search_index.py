"""What the site-wide search knows of case studies."""

from actors.search_index import country_names, domain_names
from core.search import Document, register
from projects.models import Participant, Project
from projects.search_index import participant_names

from .models import CaseStudy, KeyFigure, KeyPoint, Part


def case_study_document(case_study):
    project = case_study.project
    keywords = [case_study.heading]
    if project is not None:
        keywords += [
            project.places,
            country_names(c.code for c in project.countries.all()),
            domain_names(project.domains.all()),
            participant_names(project),
        ]
    body = [case_study.summary]
    body += [point.text for point in case_study.key_points.all()]
    body += [f"{part.title} {part.body}" for part in case_study.parts.all()]
    body += [figure.label for figure in case_study.key_figures.all()]
    return Document(title=case_study.title, keywords=" ".join(keywords), body="\n".join(body))


def register_all():
    register(
        CaseStudy,
        kind="case_study",
        queryset=lambda: (
            CaseStudy.objects.published()
            .select_related("project")
            .prefetch_related(
                "key_points",
                "parts",
                "key_figures",
                "project__countries",
                "project__domains__parent",
                "project__participants__actor",
                "project__participants__collectivity",
            )
        ),
        build=case_study_document,
        triggers=[
            (KeyPoint, lambda point: [point.case_study]),
            (Part, lambda part: [part.case_study]),
            (KeyFigure, lambda figure: [figure.case_study]),
            (Project, lambda project: CaseStudy.objects.filter(project=project)),
            (Participant, lambda participant: CaseStudy.objects.filter(project_id=participant.project_id)),
        ],
    )
