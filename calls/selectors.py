"""Reads of calls shared by the pages, the notifying task, the feeds and the alerts."""

from django.db.models import Count
from django.http import QueryDict

from actors.filters import ActorFilter
from actors.models import Actor
from core.filters import MAX_VALUES

from .models import Call, CallAnswer, Membership


def open_calls():
    return Call.objects.open().select_related("collectivity", "domain")


def archived_calls():
    return Call.objects.archived().select_related("collectivity", "domain")


def visible_call(slug, user):
    """The call a visitor may read: published (open or archived), or any state for its collectivity's
    verified staff and the curators. None otherwise."""
    call = Call.objects.select_related("collectivity", "domain", "author").filter(slug=slug).first()
    if call is None or call.is_public:
        return call
    if user.is_authenticated and (user.has_perm("calls.view_call") or is_staff_of(user, call.collectivity_id)):
        return call
    return None


def is_staff_of(user, collectivity_id):
    return (
        user.is_authenticated
        and Membership.objects.verified().filter(user=user, collectivity_id=collectivity_id).exists()
    )


def memberships_of(user):
    return Membership.objects.filter(user=user).select_related("collectivity").order_by("collectivity__sort_name")


def verified_collectivities(user):
    from actors.models import Collectivity

    return Collectivity.objects.filter(memberships__user=user, memberships__status="verified").order_by("sort_name")


def calls_of(user):
    """The calls of the collectivities the person works for (verified), newest first."""
    return (
        Call.objects.filter(collectivity__in=verified_collectivities(user))
        .select_related("collectivity", "domain")
        .annotate(answer_count=Count("answers"))
        .order_by("-created_at", "-pk")
    )


def staff_call(user, slug):
    """A call of a collectivity the person works for (verified), or None."""
    return (
        Call.objects.filter(slug=slug, collectivity__in=verified_collectivities(user))
        .select_related("collectivity", "domain")
        .first()
    )


def answers_to(calls):
    return CallAnswer.objects.filter(call__in=calls).select_related("call", "actor").order_by("-created_at", "-pk")


def matching_actors(call):
    """The published actors that work in the call's domain (or its themes) and in one of its countries
    (its zone's when it names none): the actors list's own filters, not a copy of them."""
    codes = call.country_codes()
    # The filters keep MAX_VALUES values of a parameter: a large zone is asked in several parts.
    chunks = [codes[i : i + MAX_VALUES] for i in range(0, len(codes), MAX_VALUES)] or [[]]
    matching = None
    for chunk in chunks:
        data = QueryDict(mutable=True)
        data.setlist("domaine", [call.domain.slug])
        data.setlist("pays", chunk)
        part = ActorFilter(data, queryset=Actor.objects.published()).qs
        matching = part if matching is None else matching | part
    return matching
