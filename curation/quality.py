"""Probable duplicates and how to merge them; what is missing from entries; how complete a profile is."""

import datetime
from collections import defaultdict
from difflib import SequenceMatcher

from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from actors.models import Actor, Collectivity
from actors.quality import ACTOR_CHECKS

SIMILARITY = 0.6
STALE_AFTER = datetime.timedelta(days=2 * 365)


# --- Duplicates ---------------------------------------------------------------------------------


def probable_duplicates(model=Actor, limit=200):
    """[(first, second, reason)] pairs of records that are probably the same organisation."""
    pairs = {}

    def add(a, b, reason):
        key = tuple(sorted((a.pk, b.pk)))
        if a.pk != b.pk and key not in pairs:
            pairs[key] = (a, b, reason)

    queryset = model.objects.all()
    if model is Actor:
        by_siren = {}
        for actor in queryset.exclude(siren="", siret=""):
            siren = actor.siren or actor.siret[:9]
            if siren in by_siren:
                add(by_siren[siren], actor, _("même SIREN (%(siren)s)") % {"siren": siren})
            else:
                by_siren[siren] = actor
        for actor in queryset.exclude(rna="").values("rna").annotate(n=Count("pk")).filter(n__gt=1):
            same = list(queryset.filter(rna=actor["rna"]))
            add(same[0], same[1], _("même RNA"))
    names = defaultdict(list)
    for record in queryset.only("pk", "name", "sort_name", "acronym"):
        names[record.sort_name].append(record)
    for same in names.values():
        for other in same[1:]:
            add(same[0], other, _("même nom, une fois normalisé"))
    similar_names(model, add)
    return list(pairs.values())[:limit]


PAIRWISE_LIMIT = 3000


def similar_names(model, add, limit=200):
    """Pairs of very similar names: a trigram self-join on PostgreSQL (GIN-indexed), a pairwise
    comparison on SQLite for directories of a few thousand entries."""
    table = model._meta.db_table
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL pg_trgm.similarity_threshold = %s", [SIMILARITY])
            cursor.execute(
                f"""SELECT a.id, b.id, similarity(a.sort_name, b.sort_name) FROM {table} a
                    JOIN {table} b ON a.id < b.id AND a.sort_name %% b.sort_name
                    WHERE a.sort_name <> b.sort_name ORDER BY 3 DESC LIMIT %s""",
                [limit],
            )
            rows = cursor.fetchall()
        records = model.objects.in_bulk({pk for a, b, _score in rows for pk in (a, b)})
        for a, b, score in rows:
            add(records[a], records[b], _("noms très proches (%(score)s %%)") % {"score": round(score * 100)})
        return
    records = list(model.objects.only("pk", "name", "sort_name")[:PAIRWISE_LIMIT])
    for index, record in enumerate(records):
        for other in records[index + 1 :]:
            if record.sort_name == other.sort_name or abs(len(record.sort_name) - len(other.sort_name)) > 8:
                continue
            ratio = SequenceMatcher(None, record.sort_name, other.sort_name).ratio()
            if ratio >= 0.85:
                add(record, other, _("noms très proches (%(score)s %%)") % {"score": round(ratio * 100)})


@transaction.atomic
def merge(kept, removed, by=None):
    """Merge `removed` into `kept` (two actors or two collectivities): fill kept's blanks, join the
    domains and countries, move participations (and the agreements they sign), editors, submissions
    and history, then delete `removed`."""
    from contributions.models import Editorship, Submission
    from projects.models import Participant

    if type(kept) is not type(removed) or kept.pk == removed.pk:
        raise ValueError(_("On ne fusionne que deux fiches différentes de même nature."))
    model = type(kept)
    side = "actor" if model is Actor else "collectivity"
    for field in model._meta.concrete_fields:
        if field.primary_key or not field.editable or field.name in ("slug", "status", "source"):
            continue
        if not getattr(kept, field.attname) and getattr(removed, field.attname):
            if field.unique or field.name in ("siren", "siret", "rna", "official_code"):
                continue  # the removed record keeps them until it goes (uniqueness); copied below
            setattr(kept, field.attname, getattr(removed, field.attname))
    identifiers = {
        name: getattr(removed, name)
        for name in ("siren", "siret", "rna", "official_code")
        if hasattr(kept, name) and not getattr(kept, name) and getattr(removed, name)
    }
    for participation in Participant.objects.filter(**{side: removed}):
        twin = Participant.objects.filter(
            project=participation.project, role=participation.role, **{side: kept}
        ).first()
        if twin:
            for agreement in participation.agreements.all():
                agreement.parties.add(twin)
            participation.delete()
        else:
            setattr(participation, side, kept)
            participation.save()
    if model is Actor:
        kept.domains.add(*removed.domains.all())
        kept.countries.add(*removed.countries.all())
        for editorship in Editorship.objects.filter(actor=removed):
            Editorship.objects.get_or_create(actor=kept, user=editorship.user)
        Submission.objects.filter(actor=removed).update(actor=kept)
    model.history.filter(id=removed.pk).update(id=kept.pk)
    removed._history_user = by
    removed.delete()
    for name, value in identifiers.items():
        setattr(kept, name, value)
    kept._history_user = by
    kept._change_reason = _("Fusion avec « %(name)s »") % {"name": removed.name}
    kept.save()
    return kept


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
