"""The reads of the case study pages."""

from django.db.models import OuterRef, Prefetch, Subquery, prefetch_related_objects

from projects.models import Participant

from .models import CaseStudy


def published_case_study_list():
    return CaseStudy.objects.published().select_related("project")


# What a card of the list shows: the place and the organisations of the case study's project.
CASE_STUDY_CARD_PREFETCH = [
    "project__countries",
    Prefetch("project__participants", queryset=Participant.objects.select_related("actor", "collectivity")),
]


# What a case study's page and its API entry show: its parts and figures, its project's countries,
# participants and agreements with their organisations.
PAGE_PREFETCH = (
    "key_points",
    "parts",
    "key_figures",
    "project__countries",
    Prefetch("project__participants", queryset=Participant.objects.select_related("actor", "collectivity")),
    Prefetch("project__agreements__parties", queryset=Participant.objects.select_related("actor", "collectivity")),
)


def published_case_study_pages():
    """Published case studies with their parts, figures and project (participants, agreements) prefetched."""
    return CaseStudy.objects.published().select_related("project").prefetch_related(*PAGE_PREFETCH)


def published_case_study_page():
    """Published case studies with their project and, in the same query, the numbers of the published
    case studies before and after (`previous_number`, `next_number`, None at either end); their links
    are read by `with_page_links` when the page's cached fragment missed."""
    published = CaseStudy.objects.published()
    return published.select_related("project").annotate(
        previous_number=Subquery(
            published.filter(number__lt=OuterRef("number")).order_by("-number").values("number")[:1]
        ),
        next_number=Subquery(published.filter(number__gt=OuterRef("number")).order_by("number").values("number")[:1]),
    )


def with_page_links(case_study):
    """`case_study` with PAGE_PREFETCH read (a relation already read is not read again)."""
    prefetch_related_objects([case_study], *PAGE_PREFETCH)
    return case_study
