"""Background tasks of the actors' space and moderation (see core.background for the convention)."""

from core.background import background_task

from . import services


@background_task()
def notify_curators_of_request(queue_key, pk):
    """Tell the « à chaque demande » curators of a new request; safe to run again (a decided one is skipped)."""
    return services.notify_curators_of_request(queue_key, pk)


@background_task()
def send_curator_digests():
    """Enqueue the daily summary of each curator who chose it (each retried on its own)."""
    ids = list(services.curators_choosing(services.CuratorNotice.DAILY).values_list("pk", flat=True))
    for user_id in ids:
        send_curator_digest.enqueue(user_id)
    return len(ids)


@background_task()
def send_curator_digest(user_id):
    return services.send_curator_digest(user_id)
