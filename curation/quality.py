"""What is missing from entries, and which entries are stale (duplicates: duplicates.py; merges: merging.py).

The quality page filters and counts in SQL (EXISTS on the link tables, one COUNT, one page of rows): it
holds at 200 000 actors."""

import datetime

from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone

from actors.models import Actor, Collectivity, Domain
from actors.quality import ACTOR_CHECKS

from .models import Invitation

STALE_AFTER = datetime.timedelta(days=2 * 365)
COLLECTIVITIES_SHOWN = 100

# The missing key fields a curator can filter on: {query-string value: (ACTOR_CHECKS key, Q of « missing »)}.
MISSING = {
    "description": ("description", Q(description="")),
    "domaines": ("domains", Q(has_domains=False)),
    "pays": ("countries", Q(has_countries=False)),
    "contact": ("contact", Q(email="", website="", phone="")),
}
ORDERS = {"anciennes": ("updated_at", "pk"), "nom": ("sort_name", "pk")}
LABELS = {key: label for key, label, _advice in ACTOR_CHECKS}


def links(field_name, **lookups):
    """The rows of an actor's link table (domains or countries) for the actor of the outer query."""
    field = Actor._meta.get_field(field_name)
    return field.remote_field.through.objects.filter(**{f"{field.m2m_field_name()}_id": OuterRef("pk")}, **lookups)


def annotated_actors():
    last_invitation = Invitation.objects.filter(actor=OuterRef("pk")).order_by("-sent_at").values("sent_at")[:1]
    return Actor.objects.annotate(
        has_domains=Exists(links("domains")),
        has_countries=Exists(links("countries")),
        last_invited_at=Subquery(last_invitation),
    )


def actors_to_complete(missing=(), domain=None, country="", stale=False, order="anciennes"):
    """Actors missing every field of `missing` (none given: missing at least one key field), working in
    `domain` (or one of its themes) and in or from `country`, optionally not updated for two years."""
    actors = annotated_actors()
    if missing:
        for key in missing:
            actors = actors.filter(MISSING[key][1])
    else:
        any_missing = Q()
        for _key, condition in MISSING.values():
            any_missing |= condition
        actors = actors.filter(any_missing)
    if domain is not None:
        themes = Domain.objects.filter(Q(pk=domain.pk) | Q(parent=domain)).values("pk")
        target = Actor._meta.get_field("domains").m2m_reverse_field_name()
        actors = actors.filter(Exists(links("domains", **{f"{target}_id__in": themes})))
    if country:
        target = Actor._meta.get_field("countries").m2m_reverse_field_name()
        actors = actors.filter(Q(country=country) | Exists(links("countries", **{f"{target}_id": country})))
    if stale:
        actors = actors.filter(updated_at__lt=timezone.now() - STALE_AFTER)
    return actors.order_by(*ORDERS.get(order, ORDERS["anciennes"]))


def missing_labels(actor):
    """The labels of the key fields an annotated actor lacks."""
    present = {
        "description": bool(actor.description.strip()),
        "domains": actor.has_domains,
        "countries": actor.has_countries,
        "contact": bool(actor.email or actor.website or actor.phone),
    }
    return [LABELS[key] for key, _condition in MISSING.values() if not present[key]]


def collectivities_without_description():
    collectivities = Collectivity.objects.filter(description="").order_by("sort_name")
    return collectivities.count(), collectivities[:COLLECTIVITIES_SHOWN]
