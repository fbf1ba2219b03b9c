"""What is missing from entries, and which entries are stale (duplicates: duplicates.py; merges: merging.py)."""

import datetime

from django.db.models import Count, Q
from django.utils import timezone

from actors.models import Actor, Collectivity
from actors.quality import ACTOR_CHECKS

STALE_AFTER = datetime.timedelta(days=2 * 365)


# --- Missing fields ------------------------------------------------------------------------------


KEY_FIELDS = ("description", "domains", "countries", "contact")


def incomplete_entries(limit=500):
    """Actors missing a key field (domain, country, description, contact), collectivities without a
    description, and entries not updated for two years or more."""
    actors = (
        Actor.objects.annotate(n_domains=Count("domains", distinct=True), n_countries=Count("countries", distinct=True))
        .filter(Q(description="") | Q(n_domains=0) | Q(n_countries=0) | (Q(email="") & Q(website="") & Q(phone="")))
        .order_by("sort_name")[:limit]
    )
    labels = {key: label for key, label, _advice in ACTOR_CHECKS}
    rows = []
    for actor in actors:
        missing_keys = [
            key
            for key, present in (
                ("description", bool(actor.description.strip())),
                ("domains", actor.n_domains > 0),
                ("countries", actor.n_countries > 0),
                ("contact", bool(actor.email or actor.website or actor.phone)),
            )
            if not present
        ]
        rows.append((actor, [labels[key] for key in missing_keys]))
    collectivities = Collectivity.objects.filter(description="").order_by("sort_name")[:limit]
    stale_before = timezone.now() - STALE_AFTER
    stale = [
        *Actor.objects.filter(updated_at__lt=stale_before).order_by("updated_at")[:limit],
        *Collectivity.objects.filter(updated_at__lt=stale_before).order_by("updated_at")[:limit],
    ]
    return {"actors": rows, "collectivities": collectivities, "stale": stale}
