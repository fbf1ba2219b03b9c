"""Background tasks of alerts (see core.background for the convention)."""

from core.background import background_task

from . import services
from .models import Alert


@background_task()
def send_digests(frequency):
    """Enqueue one digest per due alert (each retried on its own)."""
    ids = list(services.due_alerts(frequency).values_list("pk", flat=True))
    for alert_id in ids:
        send_digest.enqueue(alert_id)
    return len(ids)


@background_task()
def send_digest(alert_id):
    """One alert's digest; safe to run again (it starts from the last digest sent)."""
    alert = Alert.objects.confirmed().filter(pk=alert_id).first()
    return services.send_digest(alert) if alert is not None else 0
