"""The moderation queues curators are told about: this app's submissions, and those the apps above
register from their `apps.py` (calls, memberships) — this app never imports them.

A queue says what is pending (oldest first), how to name an item and where a curator reviews it."""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Queue:
    key: str
    label: str
    pending: Callable  # () -> QuerySet of the items awaiting a decision, oldest first
    describe: Callable  # (item) -> str
    review_url: Callable  # (item) -> the admin path where it is decided
    author_id: Callable = lambda item: None  # (item) -> the user who asked (never told of their own request)


QUEUES: dict[str, Queue] = {}


def register(queue):
    QUEUES[queue.key] = queue


def register_submissions():
    from .models import Submission

    register(
        Queue(
            key="submission",
            label=_("Demandes des acteurs"),
            pending=lambda: Submission.objects.pending().select_related("actor", "user").order_by("created_at", "pk"),
            describe=lambda s: f"{s.get_kind_display()} — {s.actor}",
            review_url=lambda s: reverse("admin:contributions_submission_review", args=[s.pk]),
            author_id=lambda s: s.user_id,
        )
    )
