"""The reads of the actors' space and of the contact relay: one home for « can this actor be
contacted » (pages of the actors app ask through the `contact` template filter)."""

from actors.models import Country, Domain

from .models import Submission


def contact_recipients(actor):
    """Where a visitor's message goes: the actor's contact address, else its editors' addresses."""
    if actor.email:
        return [actor.email]
    return list(actor.editorships.values_list("user__email", flat=True))


def can_be_contacted(actor):
    """True when contact_recipients(actor) is not empty (one cheap query at most)."""
    return bool(actor.email) or actor.editorships.exists()


def pending_change(actor, user):
    """The person's pending change of the actor's published profile, or None."""
    return Submission.objects.pending().changes().filter(actor=actor, user=user).first()


def proposed_initial(pending):
    """Pre-fill the form with the editor's pending proposal rather than the published values."""
    initial = {k: v for k, v in pending.payload.items() if k not in ("domains", "countries", "logo")}
    if "domains" in pending.payload:
        initial["domains"] = list(
            Domain.objects.filter(slug__in=pending.payload["domains"]).values_list("pk", flat=True)
        )
    if "countries" in pending.payload:
        initial["countries"] = list(
            Country.objects.filter(code__in=pending.payload["countries"]).values_list("pk", flat=True)
        )
    return initial
