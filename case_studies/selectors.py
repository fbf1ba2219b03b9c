"""The reads of the case study pages."""

from django.db.models import Prefetch

from projects.models import Participant

from .models import CaseStudy


def published_case_study_list():
    return CaseStudy.objects.published().select_related("project")


# What a card of the list shows: the place and the organisations of the case study's project.
CASE_STUDY_CARD_PREFETCH = [
    "project__countries",
    Prefetch("project__participants", queryset=Participant.objects.select_related("actor", "collectivity")),
]


def published_case_study_pages():
    """Published case studies with their parts, figures and project (participants, agreements) prefetched."""
    participants = Participant.objects.select_related("actor", "collectivity")
    return (
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
        )
    )


def neighbours(case_study):
    """(previous number, next number) among the published case studies; None at either end."""
    numbers = list(CaseStudy.objects.published().values_list("number", flat=True))
    index = numbers.index(case_study.number)
    return (numbers[index - 1] if index > 0 else None, numbers[index + 1] if index + 1 < len(numbers) else None)
