"""Background tasks of calls (see core.background for the convention)."""

from core.background import background_task

from . import services
from .models import Call


@background_task()
def notify_matching_actors(call_id):
    """E-mail the actors matching a published call; safe to run again (each actor is told once)."""
    call = Call.objects.select_related("collectivity", "domain").filter(pk=call_id).first()
    return services.notify_matching(call) if call is not None else 0
