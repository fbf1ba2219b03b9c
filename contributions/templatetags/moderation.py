"""The number of submissions waiting for a curator (shown on the admin's home page)."""

from django import template

from contributions.models import Submission

register = template.Library()


@register.simple_tag
def pending_submissions():
    return Submission.objects.pending().count()


@register.simple_tag(takes_context=True)
def editing(context, actor):
    """For an actor's public page: {"editor": bool, "pending": the viewer's pending change or None}.
    No query for visitors who are not logged in."""
    user = getattr(context.get("request"), "user", None)
    if user is None or not user.is_authenticated or not actor.editorships.filter(user=user).exists():
        return {"editor": False, "pending": None}
    pending = Submission.objects.pending().filter(actor=actor, user=user, kind__in=["change", "profile"]).first()
    return {"editor": True, "pending": pending}
