"""The calls' moderation queues, registered with contributions.moderation (curators' notices and digest)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from contributions.moderation import Queue, register

from .models import Call, Membership


def register_queues():
    register(
        Queue(
            key="call",
            label=_("Appels à partenaires à publier"),
            pending=lambda: Call.objects.pending().select_related("collectivity").order_by("created_at", "pk"),
            describe=lambda call: f"{call.title} — {call.collectivity}",
            review_url=lambda call: reverse("admin:calls_call_review", args=[call.pk]),
            author_id=lambda call: call.author_id,
        )
    )
    register(
        Queue(
            key="membership",
            label=_("Rattachements à une collectivité à vérifier"),
            pending=lambda: (
                Membership.objects.pending().select_related("user", "collectivity").order_by("created_at", "pk")
            ),
            describe=lambda membership: f"{membership.user.email} — {membership.collectivity}",
            review_url=lambda membership: reverse("admin:calls_membership_change", args=[membership.pk]),
            author_id=lambda membership: membership.user_id,
        )
    )
