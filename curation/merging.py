"""Merging two records of one directory (two actors, or two collectivities), and undoing a merge.

A merge keeps one record, gives it the field values the curator chose, moves every row that pointed
to the other one (participations and the agreements they sign, editors, submissions, and any other
app's rows, found through the model's relations), joins the many-to-many links, moves the history,
then deletes the other record. Everything it changed is written into a `Merge` row, so that `undo`
brings the removed record and its links back, and gives the kept record its former values — only for
the fields the merge changed and that still hold the merged value: a field edited since the merge keeps
its new value (`undo` names those fields)."""

import datetime
import json

from django.apps import apps
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, router, transaction
from django.db.models.deletion import Collector
from django.utils import timezone
from django.utils.translation import gettext as _

from actors.models import Actor, Collectivity
from contributions.models import Editorship
from core import search
from projects.models import Agreement, Participant

from .models import Merge, Nature

MODELS = {Nature.ACTOR: Actor, Nature.COLLECTIVITY: Collectivity}
IDENTIFIERS = ("siren", "siret", "rna", "official_code")
NOT_MERGED = ("slug", "status", "source")


def nature_of(model):
    return Nature.ACTOR if model is Actor else Nature.COLLECTIVITY


def merged_fields(model):
    """The fields a curator chooses between, in the model's order."""
    return [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key and field.editable and field.name not in NOT_MERGED
    ]


class ExactEncoder(DjangoJSONEncoder):
    """Django's JSON encoder rounds times to the millisecond: an undo must give back the same values."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def dump(objects):
    """Rows as JSON-ready data (to store in a JSONField) that `load` turns back into the same rows."""
    return json.loads(json.dumps(serializers.serialize("python", objects), cls=ExactEncoder))


def load(data):
    return serializers.deserialize("python", data)


@transaction.atomic
def merge(kept, removed, by=None, choose=None):
    """Merge `removed` into `kept`. `choose` maps field names to "kept" or "removed" (the confirmation
    page's choices); a field it leaves out keeps kept's value, or takes removed's when kept's is blank."""
    if type(kept) is not type(removed) or kept.pk == removed.pk:
        raise ValueError(_("On ne fusionne que deux fiches différentes de même nature."))
    model = type(kept)
    kept = model.objects.select_for_update().get(pk=kept.pk)
    removed = model.objects.select_for_update().get(pk=removed.pk)
    undo = {"kept_before": dump([kept]), "moved": [], "twins": [], "parties_added": [], "parties_removed": []}
    summary = {"champs": [], "déplacés": {}}
    later = choose_values(kept, removed, choose or {}, summary)
    move_participations(kept, removed, undo, summary)
    move_editorships(kept, removed, undo, summary)
    move_other_rows(kept, removed, undo, summary)
    undo["m2m_added"] = join_many_to_many(kept, removed)
    undo["history_moved"] = list(model.history.filter(id=removed.pk).values_list("history_id", flat=True))
    model.history.filter(id=removed.pk).update(id=kept.pk)
    undo["deleted"] = dump(cascade_of(removed))
    removed_pk = removed.pk  # delete() clears it
    removed._history_user = by
    removed.delete()
    for name, value in later.items():  # unique identifiers: free only once the removed record is gone
        setattr(kept, name, value)
    kept._history_user = by
    kept._change_reason = _("Fusion avec « %(name)s »") % {"name": removed.name}
    kept.save()
    undo["kept_after"] = dump([kept])
    return Merge.objects.create(
        nature=nature_of(model),
        kept_id=kept.pk,
        removed_id=removed_pk,
        kept_name=kept.name[:255],
        removed_name=removed.name[:255],
        summary=summary,
        undo_data=undo,
        merged_by=by,
    )


def choose_values(kept, removed, choose, summary):
    """Write the chosen values on `kept`; return the unique identifiers to set after the deletion."""
    later = {}
    for field in merged_fields(type(kept)):
        mine, theirs = getattr(kept, field.attname), getattr(removed, field.attname)
        take = choose.get(field.name) == "removed" or (field.name not in choose and not mine and theirs)
        if not take or mine == theirs:
            continue
        summary["champs"].append(str(field.verbose_name))
        if field.unique or field.name in IDENTIFIERS:
            later[field.attname] = theirs
        else:
            setattr(kept, field.attname, theirs)
    return later


def move_participations(kept, removed, undo, summary):
    """Participations move to `kept`; where `kept` already holds the same role in the project, the
    duplicate goes and its agreements are signed by kept's participation instead."""
    side = "actor" if isinstance(kept, Actor) else "collectivity"
    moved = []
    for participation in Participant.objects.filter(**{side: removed}):
        twin = Participant.objects.filter(project=participation.project, role=participation.role, **{side: kept})
        twin = twin.first()
        if twin is None:
            setattr(participation, side, kept)
            participation.save()
            moved.append(participation.pk)
            continue
        undo["twins"] += dump([participation])
        for agreement in participation.agreements.all():
            undo["parties_removed"].append([agreement.pk, participation.pk])
            if not agreement.parties.filter(pk=twin.pk).exists():
                agreement.parties.add(twin)
                undo["parties_added"].append([agreement.pk, twin.pk])
        participation.delete()
    if moved:
        undo["moved"].append({"model": Participant._meta.label, "field": f"{side}_id", "pks": moved})
    summary["déplacés"][str(Participant._meta.verbose_name_plural)] = len(moved) + len(undo["twins"])


def move_editorships(kept, removed, undo, summary):
    """Editors of `removed` edit `kept` (theirs go with the removed record, and come back with it)."""
    created = []
    if isinstance(kept, Actor):
        for editorship in Editorship.objects.filter(actor=removed):
            twin, new = Editorship.objects.get_or_create(actor=kept, user=editorship.user)
            if new:
                created.append(twin.pk)
        summary["déplacés"][str(Editorship._meta.verbose_name_plural)] = len(created)
    undo["editorships_created"] = created


def move_other_rows(kept, removed, undo, summary):
    """Every other row pointing to `removed` (submissions, calls, answers… whatever the apps add)
    points to `kept`; a row that cannot (a uniqueness rule) stays and goes with the removed record."""
    for relation in type(kept)._meta.related_objects:
        related = relation.related_model
        if relation.many_to_many or related in (Participant, Editorship):
            continue
        field = relation.field
        moved = []
        for pk in related._default_manager.filter(**{field.name: removed}).values_list("pk", flat=True):
            try:
                with transaction.atomic():
                    related._default_manager.filter(pk=pk).update(**{field.attname: kept.pk})
            except IntegrityError:
                continue
            moved.append(pk)
        if moved:
            undo["moved"].append({"model": related._meta.label, "field": field.attname, "pks": moved})
            summary["déplacés"][str(related._meta.verbose_name_plural)] = len(moved)


def join_many_to_many(kept, removed):
    """Add removed's domains and countries to kept's; return what was added (undo removes it)."""
    added = {}
    for field in type(kept)._meta.many_to_many:
        mine = set(getattr(kept, field.name).values_list("pk", flat=True))
        new = [pk for pk in getattr(removed, field.name).values_list("pk", flat=True) if pk not in mine]
        getattr(kept, field.name).add(*new)
        added[field.name] = new
    return added


def cascade_of(record):
    """`record` and every row its deletion takes along (serialisable, to restore them on undo); the
    record's own many-to-many rows are left out (they travel in the record's serialisation)."""
    collector = Collector(using=router.db_for_write(type(record)), origin=record)
    collector.collect([record])
    own_through = {field.remote_field.through for field in type(record)._meta.many_to_many}
    objects = [record]
    for model, instances in collector.data.items():
        if model not in own_through:
            objects += [obj for obj in instances if obj is not record]
    for queryset in collector.fast_deletes:
        if queryset.model not in own_through:
            objects += list(queryset)
    return objects


@transaction.atomic
def undo(merge, by=None):
    """Bring the removed record back with its links, and kept's former values; refused if done. The
    returned merge's `kept_as_edited` lists the fields edited since the merge, left as they are."""
    merge = Merge.objects.select_for_update().get(pk=merge.pk)
    model = MODELS[merge.nature]
    if merge.is_undone:
        raise ValueError(_("Cette fusion a déjà été annulée."))
    if model.objects.filter(pk=merge.removed_id).exists():
        raise ValueError(_("La fiche supprimée existe de nouveau : rien à annuler."))
    kept = model.objects.select_for_update().filter(pk=merge.kept_id).first()
    if kept is None:
        raise ValueError(_("La fiche gardée a été supprimée depuis : la fusion ne peut plus être annulée."))
    data = merge.undo_data
    kept_as_edited = restore_kept(kept, data, by)
    for restored in load(data["deleted"]):
        restored.save()
    for item in data["moved"]:
        apps.get_model(item["model"])._default_manager.filter(pk__in=item["pks"]).update(
            **{item["field"]: merge.removed_id}
        )
    restore_participations(data)
    Editorship.objects.filter(pk__in=data["editorships_created"]).delete()
    model.history.filter(history_id__in=data["history_moved"]).update(id=merge.removed_id)
    registration = next((r for r in search.registrations() if r.model is model), None)
    if registration is not None:
        search.index_objects(registration, [merge.kept_id, merge.removed_id])
    merge.undone_at, merge.undone_by = timezone.now(), by
    merge.save(update_fields=["undone_at", "undone_by"])
    merge.kept_as_edited = kept_as_edited
    return merge


def restore_kept(kept, data, by):
    """Give back the values the merge changed and nobody edited since; return the names of the fields
    edited since the merge (kept as they are). A merge recorded before `kept_after` restores them all."""
    (before,) = load(data["kept_before"])
    after = None
    if "kept_after" in data:
        (after,) = load(data["kept_after"])
        after = after.object
    edited = []
    for field in merged_fields(type(kept)):
        former = getattr(before.object, field.attname)
        if after is not None:
            merged = getattr(after, field.attname)
            if merged == former:
                continue  # the merge left it alone: whatever it holds now stays
            if getattr(kept, field.attname) != merged:
                edited.append(str(field.verbose_name))
                continue
        setattr(kept, field.attname, former)
    kept._history_user = by
    kept._change_reason = _("Fusion annulée")
    kept.save()
    for name, pks in data["m2m_added"].items():
        getattr(kept, name).remove(*pks)
    return edited


def restore_participations(data):
    for twin in load(data["twins"]):
        twin.save()
    through = Agreement.parties.through
    for agreement_id, participant_id in data["parties_added"]:
        through.objects.filter(agreement_id=agreement_id, participant_id=participant_id).delete()
    for agreement_id, participant_id in data["parties_removed"]:
        through.objects.get_or_create(agreement_id=agreement_id, participant_id=participant_id)
