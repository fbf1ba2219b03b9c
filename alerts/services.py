"""Following a list: subscribe (then confirm), change, unsubscribe, and the digest of what changed."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from core.addresses import absolute_url as absolute

from .lists import LISTS
from .models import Alert, Frequency

MAX_ENTRIES = 30  # per digest; the rest is one click away on the list page
PERIODS = {Frequency.DAILY: timedelta(days=1), Frequency.WEEKLY: timedelta(days=7)}


def links(alert):
    return {
        "confirm_url": absolute(reverse("alerts:confirm", kwargs={"token": alert.token})),
        "manage_url": absolute(reverse("alerts:manage", kwargs={"token": alert.token})),
        "unsubscribe_url": absolute(reverse("alerts:unsubscribe", kwargs={"token": alert.token})),
        "list_url": absolute(alert.list_url),
    }


def send(template, alert, context, headers=None):
    context = {"site_name": settings.SITE_NAME, "alert": alert, **links(alert), **context}
    subject = render_to_string(f"alerts/email/{template}_subject.txt", context).strip()
    body = render_to_string(f"alerts/email/{template}_body.txt", context)
    EmailMultiAlternatives(subject=subject, body=body, to=[alert.email], headers=headers or {}).send()


@transaction.atomic
def follow(email, followable, query, frequency):
    """Create (or find) the alert and send the confirmation link; a confirmed alert only changes its
    frequency. Answers the same whatever the address, so nothing is learnt about others' alerts."""
    alert, _created = Alert.objects.get_or_create(
        email=email.strip().lower(), kind=followable.kind, query=query, defaults={"frequency": frequency}
    )
    if alert.is_confirmed:
        alert.frequency = frequency
        alert.save(update_fields=["frequency"])
        return alert
    send("confirm", alert, {"description": followable.describe(query)})
    return alert


def confirm(alert):
    if not alert.is_confirmed:
        alert.confirmed_at = timezone.now()
        alert.last_sent_at = alert.confirmed_at  # the first digest tells what changed from now on
        alert.save(update_fields=["confirmed_at", "last_sent_at"])
    return alert


def send_manage_link(email):
    """E-mail the management link of an address's alerts, if it has any (silently otherwise)."""
    alert = Alert.objects.filter(email=email.strip().lower()).first()
    if alert is not None:
        send("manage", alert, {})


def new_entries(alert, since):
    """The list's entries, as its page filters them, created or updated after `since`."""
    return LISTS[alert.kind].filtered(alert.query).filter(updated_at__gt=since).order_by("-updated_at", "-pk")


def send_digest(alert, now=None):
    """E-mail what changed since the last digest (nothing when nothing changed); returns the count."""
    now = now or timezone.now()
    since = alert.last_sent_at or alert.confirmed_at
    entries = new_entries(alert, since).filter(updated_at__lte=now)
    count = entries.count()
    if count:
        unsubscribe = links(alert)["unsubscribe_url"]
        headers = {"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
        context = {
            "entries": list(entries[:MAX_ENTRIES]),
            "count": count,
            "more": max(count - MAX_ENTRIES, 0),
            "description": LISTS[alert.kind].describe(alert.query),
            "site_url": absolute(""),
        }
        send("digest", alert, context, headers=headers)
    alert.last_sent_at = now
    alert.save(update_fields=["last_sent_at"])
    return count


def due_alerts(frequency, now=None):
    """Confirmed alerts of that frequency whose last digest is at least a period old (a few minutes'
    slack, so a daily cron that runs a little early still sends)."""
    now = now or timezone.now()
    limit = now - PERIODS[frequency] + timedelta(minutes=30)
    return Alert.objects.confirmed().filter(frequency=frequency, last_sent_at__lte=limit)
