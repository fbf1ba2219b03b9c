"""« Modifié le » follows an entry's links: adding or removing a domain, a country or a participation
changes what the entry is, even when none of its own columns changes. The alerts' digests (« nouveau ou
mis à jour »), the feeds and the lists sorted by date read `updated_at`: it is moved forward here, in
one place, for every link an app registers (from its `apps.py`).

The update is a plain UPDATE of `updated_at` (no save(): no history row, no re-indexing). Bulk writes
that bypass the signals (imports' `bulk_create` of link rows) set `updated_at` themselves."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone


def touch(model, pks):
    """Move the `updated_at` of these rows of `model` to now."""
    pks = {pk for pk in pks if pk is not None}
    if pks:
        model._default_manager.filter(pk__in=pks).update(updated_at=timezone.now())


def touch_on_links(model, *names):
    """Touch an entry of `model` when its many-to-many links `names` change (`actor.domains.add(…)`,
    `.remove()`, `.set()`, `.clear()`). The reverse side (`domain.actors.add(…)`) is not used: the
    links' history (django-simple-history) records changes from the entry's side only."""
    for name in names:
        field = model._meta.get_field(name)
        m2m_changed.connect(
            _links_changed,
            sender=field.remote_field.through,
            weak=False,
            dispatch_uid=f"touch-{model._meta.label_lower}-{name}",
        )


def _links_changed(sender, instance, action, reverse, **kwargs):
    if not reverse and action in ("post_add", "post_remove", "post_clear"):
        touch(type(instance), [instance.pk])


def touch_on_children(child, *names):
    """Touch the rows the foreign keys `names` of `child` point to when a `child` row is saved or
    deleted (a participant: its project, its actor or collectivity)."""

    def changed(sender, instance, raw=False, **kwargs):
        if raw:
            return
        for name in names:
            related = child._meta.get_field(name).related_model
            touch(related, [getattr(instance, f"{name}_id")])

    uid = f"touch-{child._meta.label_lower}"
    post_save.connect(changed, sender=child, weak=False, dispatch_uid=f"{uid}-save")
    post_delete.connect(changed, sender=child, weak=False, dispatch_uid=f"{uid}-delete")
