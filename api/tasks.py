"""Regenerating the open-data files in the background: a while after the data changes (debounced, so
that a burst of edits or an import gives one generation), and at least daily."""

from datetime import timedelta

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.urls import reverse
from django.utils import timezone

from core.background import background_task, enqueue_on_commit

from . import opendata

DEBOUNCE = timedelta(minutes=10)
MAX_AGE = timedelta(days=1)
PENDING = "opendata:rebuild-pending"


@background_task()
def rebuild_open_data():
    cache.delete(PENDING)  # changes made from now on schedule the next generation
    manifest = opendata.build_open_data()
    return manifest["genere_le"]


def schedule_rebuild(delay=DEBOUNCE):
    """Enqueue one generation `delay` from now, unless one is already waiting. Only with a backend that
    can defer (the database or RQ): an immediate backend would rebuild inside every saving request."""
    if not rebuild_open_data.get_backend().supports_defer:
        return False
    if not cache.add(PENDING, True, timeout=int((delay + timedelta(hours=1)).total_seconds())):
        return False
    enqueue_on_commit(rebuild_open_data.using(run_after=timezone.now() + delay))
    return True


def schedule_if_stale(manifest):
    """Called by the /donnees/ page: a generation older than a day (or none) asks for a new one."""
    if manifest is None or timezone.now() - manifest["genere_le"] > MAX_AGE:
        return schedule_rebuild(delay=timedelta(0))
    return False


def whole_directory_url():
    """The address of the open-data archive, where an export of a whole list goes; None (and a
    generation asked for) while there is none yet."""
    if opendata.current_file(opendata.ARCHIVE) is None:
        schedule_rebuild(delay=timedelta(0))
        return None
    return reverse("opendata:download", args=[opendata.ARCHIVE])


def data_changed(sender, **kwargs):
    if kwargs.get("raw"):  # fixtures being loaded
        return
    schedule_rebuild()


def connect_signals():
    from actors.models import Actor, Collectivity, Domain
    from case_studies.models import CaseStudy
    from projects.models import Agreement, Participant, Project

    for model in (Actor, Collectivity, Domain, Project, Participant, Agreement, CaseStudy):
        post_save.connect(data_changed, sender=model, dispatch_uid=f"opendata-save-{model._meta.label}")
        post_delete.connect(data_changed, sender=model, dispatch_uid=f"opendata-delete-{model._meta.label}")
        for m2m in model._meta.many_to_many:
            m2m_changed.connect(
                data_changed, sender=m2m.remote_field.through, dispatch_uid=f"opendata-m2m-{m2m.remote_field.through}"
            )
