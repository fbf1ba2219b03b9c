"""The rules of calls for partners: who may post, what a curator's decision writes, who is told.

Views and the admin call these functions; e-mails to many people go through `calls.tasks`."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from contributions.selectors import contact_recipients
from contributions.services import announce_request
from core.addresses import absolute_url as absolute
from core.background import enqueue_on_commit

from . import selectors
from .models import (
    Call,
    CallAnswer,
    CallNotification,
    CallStatus,
    EmailDomain,
    Membership,
    MembershipStatus,
    VerificationMethod,
)


def send(template, context, to, **kwargs):
    """One e-mail from `calls/email/<template>_subject.txt` and `_body.txt`, with the site's name."""
    context = {"site_name": settings.SITE_NAME, **context}
    subject = render_to_string(f"calls/email/{template}_subject.txt", context).strip()
    body = render_to_string(f"calls/email/{template}_body.txt", context)
    EmailMessage(subject=subject, body=body, to=to, **kwargs).send()


# --- Staff of a collectivity ----------------------------------------------------------------------


def verified_email_domain(user):
    """The domain of the person's verified primary address, or ''."""
    verified = EmailAddress.objects.filter(user=user, email__iexact=user.email, verified=True).exists()
    return user.email.rsplit("@", 1)[-1].lower() if verified and "@" in user.email else ""


@transaction.atomic
def request_membership(user, collectivity, job_title):
    """Tie the person to the collectivity: at once when their verified address is in a domain the
    collectivity declares, else after a curator checks."""
    membership, created = Membership.objects.get_or_create(
        user=user, collectivity=collectivity, defaults={"job_title": job_title}
    )
    if membership.is_verified:
        return membership
    already_waiting = not created and membership.status == MembershipStatus.PENDING
    membership.job_title = job_title
    domain = verified_email_domain(user)
    if domain and EmailDomain.objects.filter(collectivity=collectivity, domain=domain).exists():
        membership.status = MembershipStatus.VERIFIED
        membership.method = VerificationMethod.EMAIL_DOMAIN
        membership.verified_at = timezone.now()
    else:
        membership.status = MembershipStatus.PENDING
    membership.save()
    if membership.status == MembershipStatus.PENDING and not already_waiting:
        announce_request("membership", membership.pk)
    return membership


def check_curator(user, permission):
    if not user.has_perm(permission):
        raise PermissionDenied(_("Seuls les curateurs décident."))


@transaction.atomic
def verify_membership(membership, curator):
    check_curator(curator, "calls.change_membership")
    membership.status = MembershipStatus.VERIFIED
    membership.method = VerificationMethod.CURATOR
    membership.verified_by = curator
    membership.verified_at = timezone.now()
    membership.save()
    context = {"membership": membership, "space_url": absolute(reverse("calls:space"))}
    send("membership_verified", context, [membership.user.email])


@transaction.atomic
def refuse_membership(membership, curator):
    check_curator(curator, "calls.change_membership")
    membership.status = MembershipStatus.REJECTED
    membership.save()


# --- Calls ----------------------------------------------------------------------------------------


@transaction.atomic
def submit_call(user, call, countries):
    """A call posted by the staff of its collectivity: it waits for a curator."""
    if not selectors.is_staff_of(user, call.collectivity_id):
        raise PermissionDenied
    call.author = user
    call.status = CallStatus.PENDING
    call._history_user = user
    call.save()
    call.countries.set(countries)
    announce_request("call", call.pk)
    return call


def check_can_change(user, call):
    """Only the verified staff of the call's collectivity change it, and never once withdrawn."""
    if not selectors.is_staff_of(user, call.collectivity_id):
        raise PermissionDenied
    if call.is_withdrawn:
        raise PermissionDenied(_("Cet appel a été retiré."))


@transaction.atomic
def edit_call(user, call, countries):
    """A call changed by its collectivity goes back to the team before it shows again, even if it was
    published: what it asks decides which actors are told of it, so a curator reads every version
    (on publication, only the actors not yet told are; the answers already received stay)."""
    locked = Call.objects.select_for_update().get(pk=call.pk)
    check_can_change(user, locked)
    if not selectors.is_staff_of(user, call.collectivity_id):  # the collectivity the form chose
        raise PermissionDenied
    call.status = CallStatus.PENDING
    call.reason = ""
    call._history_user = user
    call.save()
    call.countries.set(countries)
    announce_request("call", call.pk)
    return call


@transaction.atomic
def withdraw_call(user, call):
    """The collectivity withdraws its call: it leaves the public lists and takes no more answers;
    its answers stay in the collectivity's space."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    check_can_change(user, call)
    call.status = CallStatus.WITHDRAWN
    call._history_user = user
    call.save()
    return call


def check_can_decide(call, reviewer):
    check_curator(reviewer, "calls.change_call")
    if call.author_id == reviewer.pk and not reviewer.is_superuser:
        raise PermissionDenied(_("On ne décide pas de son propre appel."))
    if call.status != CallStatus.PENDING:
        raise PermissionDenied(_("Cet appel a déjà été traité."))


@transaction.atomic
def publish_call(call, reviewer, reason=""):
    """Publish the call; its author is told, and matching actors are notified in the background."""
    from .tasks import notify_matching_actors

    check_can_decide(call, reviewer)
    decide(call, reviewer, CallStatus.PUBLISHED, reason)
    enqueue_on_commit(notify_matching_actors, call.pk)


@transaction.atomic
def reject_call(call, reviewer, reason):
    check_can_decide(call, reviewer)
    if not reason.strip():
        raise ValueError(_("Un refus doit être motivé."))
    decide(call, reviewer, CallStatus.REJECTED, reason)


def decide(call, reviewer, status, reason):
    call.status = status
    call.reason = reason.strip()
    call.reviewed_by = reviewer
    call.reviewed_at = timezone.now()
    call._history_user = reviewer
    call.save()
    if call.author is not None:
        send("decision", {"call": call, "space_url": absolute(reverse("calls:space"))}, [call.author.email])


def notify_matching(call):
    """E-mail each matching actor not yet told of this call; returns how many were told."""
    if not call.is_open:
        return 0
    told = set(CallNotification.objects.filter(call=call).values_list("actor_id", flat=True))
    count = 0
    context = {"call": call, "call_url": absolute(call.get_absolute_url())}
    for actor in selectors.matching_actors(call).exclude(pk__in=told).iterator(chunk_size=200):
        recipients = contact_recipients(actor)
        if not recipients:
            continue
        send("call_notification", {**context, "actor": actor}, recipients)
        CallNotification.objects.create(call=call, actor=actor)
        count += 1
    return count


# --- Answers --------------------------------------------------------------------------------------


def answer_recipients(call):
    """The call's author and the collectivity's other verified staff."""
    emails = list(
        Membership.objects.verified().filter(collectivity=call.collectivity).values_list("user__email", flat=True)
    )
    if call.author is not None:
        emails.insert(0, call.author.email)
    return list(dict.fromkeys(emails))


@transaction.atomic
def answer_call(call, data, user=None, actor=None):
    """Keep the answer (the collectivity reads it in its space) and relay it by e-mail: the reply goes
    straight to the actor, whose address is never shown on the site."""
    if not call.is_open:
        raise PermissionDenied(_("Cet appel est clos."))
    answer = CallAnswer.objects.create(
        call=call,
        actor=actor,
        user=user if user is not None and user.is_authenticated else None,
        name=data["name"],
        organisation=actor.name if actor else data.get("organisation", ""),
        email=data["email"],
        message=data["message"],
    )
    context = {"call": call, "answer": answer, "space_url": absolute(reverse("calls:space"))}
    recipients = answer_recipients(call)
    if recipients:
        send("answer", context, recipients, reply_to=[answer.email])
    return answer
