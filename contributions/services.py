"""The transitions of the actors' space: submit, approve, reject — and what each one changes.

Views and the admin call these functions; they hold the rules (who may decide, what a decision
writes, who is told)."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage, send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from actors.logos import is_pending_logo, publish_logo, store_pending_logo
from actors.models import PROFILE_FIELDS, Actor, Country, Domain
from core.addresses import absolute_url
from core.background import enqueue_on_commit
from core.publishing import PublicationStatus, Source
from core.text import word_diff
from projects.models import Agreement, AgreementKind, ContractMode, Participant, Project, Role

from . import moderation
from .models import (
    DEFAULT_CURATOR_NOTICE,
    CuratorNotice,
    CuratorPreference,
    Editorship,
    Submission,
    SubmissionKind,
    SubmissionStatus,
)


def is_editor(user, actor):
    return user.is_authenticated and Editorship.objects.filter(user=user, actor=actor).exists()


def editable_actors(user):
    return Actor.objects.filter(editorships__user=user).order_by("sort_name")


# --- Values of a profile, as stored in a submission (JSON) ---------------------------------------


def snapshot(actor):
    """The profile's current values, JSON-ready (many-to-many as sorted slugs / codes)."""
    values = {name: str(getattr(actor, name) or "") for name in PROFILE_FIELDS}
    if actor.pk:
        values["domains"] = sorted(actor.domains.values_list("slug", flat=True))
        values["countries"] = sorted(str(c) for c in actor.countries.values_list("code", flat=True))
    else:
        values["domains"], values["countries"] = [], []
    values["logo"] = actor.logo.name if actor.logo else ""
    return values


def form_values(cleaned_data):
    """The same shape from a profile form's cleaned data."""
    values = {name: str(cleaned_data.get(name) or "") for name in PROFILE_FIELDS}
    values["domains"] = sorted(d.slug for d in cleaned_data.get("domains") or [])
    values["countries"] = sorted(str(c.code) for c in cleaned_data.get("countries") or [])
    return values


def apply_values(actor, values, by=None):
    """Write proposed values onto the profile (save, then the many-to-many links); `by` is who the
    history records as the author of the change."""
    actor._history_user = by
    for name in PROFILE_FIELDS:
        if name in values:
            setattr(actor, name, values[name])
    if values.get("logo"):
        actor.logo.name = values["logo"]
    actor.save()
    if "domains" in values:
        actor.domains.set(Domain.objects.filter(slug__in=values["domains"]))
    if "countries" in values:
        actor.countries.set(Country.objects.filter(code__in=values["countries"]))


@dataclass(frozen=True)
class Difference:
    """One changed field as a curator reads it: label, current and proposed values (displayed)."""

    label: str
    before: str
    after: str
    name: str = ""

    def words(self):
        """The word-level difference (core.text.word_diff), for text fields."""
        return word_diff(self.before, self.after)

    @property
    def is_logo(self):
        return self.name == "logo"

    def image_url(self, value):
        return default_storage.url(value) if value and value != "—" else ""

    @property
    def before_url(self):
        return self.image_url(self.before)

    @property
    def after_url(self):
        return self.image_url(self.after)


def differences(actor, proposed):
    """[Difference] for every field the proposal changes."""
    current = snapshot(actor)
    rows = []
    labels = {f.name: f.verbose_name for f in Actor._meta.get_fields() if hasattr(f, "verbose_name")}
    for name, new in proposed.items():
        old = current.get(name, "")
        if new != old:
            label = str(labels.get(name, name)).capitalize()
            rows.append(Difference(label, display(actor, name, old), display(actor, name, new), name))
    return rows


def display(actor, name, value):
    """A value as a curator reads it: choice labels, country and domain names."""
    if name == "domains":
        return ", ".join(Domain.objects.filter(slug__in=value).values_list("name", flat=True)) or "—"
    if name == "countries":
        return ", ".join(str(Country(code=c).name) for c in value) or "—"
    field = Actor._meta.get_field(name)
    if field.choices and value:
        return str(dict(field.flatchoices).get(value, value))
    if name == "country" and value:
        return str(Country(code=value).name)
    return value or "—"


# --- Submitting -----------------------------------------------------------------------------------


@transaction.atomic
def submit_new_profile(user, actor, m2m, logo=None):
    """A new profile: pending until a curator publishes it; its author becomes its editor."""
    actor.status = PublicationStatus.PENDING
    actor.source = Source.SELF
    actor._history_user = user
    if logo:
        actor.logo = logo
    actor.save()
    actor.domains.set(m2m["domains"])
    actor.countries.set(m2m["countries"])
    Editorship.objects.get_or_create(user=user, actor=actor)
    submission = Submission.objects.create(kind=SubmissionKind.PROFILE, actor=actor, user=user, payload=snapshot(actor))
    announce_request("submission", submission.pk)
    return submission


@transaction.atomic
def submit_change(user, actor, cleaned_data, logo=None):
    """Changes to a profile. A published profile keeps its approved version until a curator accepts
    the change (one pending change per editor, updated in place); an unpublished one changes at once."""
    if not is_editor(user, actor):
        raise PermissionDenied
    proposed = form_values(cleaned_data)
    if actor.status != PublicationStatus.PUBLISHED:
        if logo:
            actor.logo = logo
        apply_values(actor, proposed, by=user)
        if actor.status == PublicationStatus.REJECTED:
            actor.status = PublicationStatus.PENDING
            actor.save()
            submission = Submission.objects.create(
                kind=SubmissionKind.PROFILE, actor=actor, user=user, payload=snapshot(actor)
            )
            announce_request("submission", submission.pk)
        return None
    # Locked: a decision being taken on it finishes first, then this edit starts a new submission
    # rather than vanishing into the decided one (update_or_create locks the row it finds too).
    pending = (
        Submission.objects.pending().select_for_update().filter(kind=SubmissionKind.CHANGE, actor=actor, user=user)
    )
    pending = pending.first()
    current = snapshot(actor)
    changed = {name: value for name, value in proposed.items() if value != current.get(name)}
    if logo:
        changed["logo"] = store_pending_logo(logo)
        if pending is not None:
            discard_proposed_logo(pending)  # the logo it replaces is never shown again
    elif pending is not None and pending.payload.get("logo"):
        changed["logo"] = pending.payload["logo"]  # saving the form again keeps the logo under review
    if not changed:
        return None
    submission, created = Submission.objects.update_or_create(
        kind=SubmissionKind.CHANGE,
        actor=actor,
        user=user,
        status=SubmissionStatus.PENDING,
        defaults={"payload": changed},
    )
    if created:
        announce_request("submission", submission.pk)
    return submission


def submit_claim(user, actor, role, siren, rna, justification, registry_record=None):
    """A claim; `registry_record` is what the national registry said of the number given (or why it
    could not), shown to the curator beside the declaration."""
    payload = {"role": role, "siren": siren, "rna": rna}
    if registry_record is not None:
        payload["registry"] = registry_record
    submission, created = Submission.objects.update_or_create(
        kind=SubmissionKind.CLAIM,
        actor=actor,
        user=user,
        status=SubmissionStatus.PENDING,
        defaults={"payload": payload, "justification": justification},
    )
    if created:
        announce_request("submission", submission.pk)
    return submission


def submit_reference(user, actor, cleaned_data):
    if not is_editor(user, actor):
        raise PermissionDenied
    collectivity = cleaned_data["collectivity"]
    payload = {
        "title": cleaned_data["title"],
        "collectivity": collectivity.pk,
        "collectivity_name": collectivity.name,
        "role": cleaned_data["role"],
        "mode": cleaned_data.get("mode") or "",
        "country": str(cleaned_data.get("country") or ""),
        "places": cleaned_data.get("places") or "",
        "start_year": cleaned_data.get("start_year"),
        "end_year": cleaned_data.get("end_year"),
        "summary": cleaned_data.get("summary") or "",
    }
    submission = Submission.objects.create(kind=SubmissionKind.REFERENCE, actor=actor, user=user, payload=payload)
    announce_request("submission", submission.pk)
    return submission


# --- Deciding -------------------------------------------------------------------------------------


class SubmissionChanged(PermissionDenied):
    """The submission is no longer the version the curator read."""


def check_can_decide(submission, reviewer):
    if not reviewer.has_perm("contributions.change_submission"):
        raise PermissionDenied(_("Seuls les curateurs décident des demandes."))
    if submission.user_id == reviewer.pk and not reviewer.is_superuser:
        raise PermissionDenied(_("On ne décide pas de sa propre demande."))
    if not submission.is_pending:
        raise PermissionDenied(_("Cette demande a déjà été traitée."))


def lock_for_decision(submission, reviewer, version=None):
    """The submission and its actor re-read under a row lock (a second decision, or an edit, waits for
    this one), checked, and — when `version` is given — still the version the curator read."""
    locked = (
        Submission.objects.select_for_update(of=("self", "actor")).select_related("actor", "user").get(pk=submission.pk)
    )
    check_can_decide(locked, reviewer)
    if version is not None and version != locked.version:
        raise SubmissionChanged(
            _(
                "Cette demande a été modifiée par son auteur depuis que vous l’avez ouverte : "
                "relisez la nouvelle version avant de décider."
            )
        )
    return locked


@transaction.atomic
def approve(submission, reviewer, reason="", version=None):
    submission = lock_for_decision(submission, reviewer, version)
    actor = submission.actor
    actor._history_user = reviewer
    if submission.kind == SubmissionKind.PROFILE:
        actor.status = PublicationStatus.PUBLISHED
        actor.save()
        Editorship.objects.get_or_create(user=submission.user, actor=actor)
    elif submission.kind == SubmissionKind.CLAIM:
        Editorship.objects.get_or_create(user=submission.user, actor=actor)
    elif submission.kind == SubmissionKind.CHANGE:
        apply_values(actor, publish_proposed_logo(submission), by=reviewer)
    elif submission.kind == SubmissionKind.REFERENCE:
        create_reference_project(submission, reviewer)
    decide(submission, reviewer, SubmissionStatus.APPROVED, reason)


def publish_proposed_logo(submission):
    """The change's values, its logo moved out of the pending directory to its public name (the
    submission records that name: the file it named is gone)."""
    values = submission.payload
    if is_pending_logo(values.get("logo")):
        values = {**values, "logo": publish_logo(values["logo"])}
        submission.payload = values
        submission.save(update_fields=["payload", "updated_at"])
    return values


def discard_proposed_logo(submission):
    """A refused change's logo is never served: deleted once the refusal commits."""
    name = submission.payload.get("logo") if submission.kind == SubmissionKind.CHANGE else ""
    if is_pending_logo(name):
        transaction.on_commit(lambda: default_storage.delete(name))


@transaction.atomic
def reject(submission, reviewer, reason, version=None):
    if not reason.strip():
        raise ValueError(_("Un refus doit être motivé."))
    submission = lock_for_decision(submission, reviewer, version)
    if submission.kind == SubmissionKind.PROFILE:
        submission.actor._history_user = reviewer
        submission.actor.status = PublicationStatus.REJECTED
        submission.actor.save()
    discard_proposed_logo(submission)
    decide(submission, reviewer, SubmissionStatus.REJECTED, reason)


def decide(submission, reviewer, status, reason):
    submission.status = status
    submission.reason = reason.strip()
    submission.reviewed_by = reviewer
    submission.reviewed_at = timezone.now()
    # Only the decision's fields: the proposal itself is never written back from memory.
    submission.save(update_fields=["status", "reason", "reviewed_by", "reviewed_at", "updated_at"])
    notify(submission)


def create_reference_project(submission, reviewer=None):
    """A reference becomes a published project: the actor with its role, the collectivity, and — when
    a contracting mode is given — the agreement between them (subvention: the collectivity funds;
    prestation: it owns the project and buys the service)."""
    data = submission.payload
    project = Project(
        title=data["title"],
        summary=data.get("summary", ""),
        places=data.get("places", ""),
        start_year=data.get("start_year"),
        end_year=data.get("end_year"),
        status=PublicationStatus.PUBLISHED,
        source=Source.SELF,
    )
    project._history_user = reviewer
    project.save()
    if data.get("country"):
        project.countries.set(Country.objects.filter(code=data["country"]))
    actor_part = Participant.objects.create(project=project, actor=submission.actor, role=data["role"], position=1)
    mode = data.get("mode", "")
    collectivity_role = {ContractMode.SUBVENTION: Role.FINANCEUR, ContractMode.PRESTATION: Role.MAITRE_OUVRAGE}.get(
        mode, Role.PARTENAIRE
    )
    collectivity_part = Participant.objects.create(
        project=project, collectivity_id=data["collectivity"], role=collectivity_role, position=2
    )
    if mode:
        agreement = Agreement.objects.create(
            project=project,
            slug="reference",
            kind=AgreementKind.AUTRE,
            mode=mode,
            start_year=data.get("start_year"),
            end_year=data.get("end_year"),
            notes=_("Déclaré par l’acteur dans son espace."),
        )
        agreement.parties.set([actor_part, collectivity_part])
    return project


def send_contact_message(actor, recipients, data):
    """Relay a visitor's message to the organisation (its address stays hidden; replies go to the
    visitor). The subject starts with settings.EMAIL_SUBJECT_PREFIX (« [SITE_NAME] »)."""
    body = render_to_string("contributions/email/contact_body.txt", {"actor": actor, "data": data})
    EmailMessage(
        subject=f"{settings.EMAIL_SUBJECT_PREFIX}{data['subject']}",
        body=body,
        to=recipients,
        reply_to=[data["email"]],
    ).send()


def notify(submission):
    """Tell the author of a submission what was decided, with the curator's reason."""
    context = {
        "submission": submission,
        "subject_prefix": settings.EMAIL_SUBJECT_PREFIX,
        "space_url": absolute_url(reverse("contributions:dashboard")),
    }
    subject = render_to_string("contributions/email/decision_subject.txt", context).strip()
    body = render_to_string("contributions/email/decision_body.txt", context)
    send_mail(subject, body, None, [submission.user.email])


# --- Telling the curators of new requests ---------------------------------------------------------


def curators():
    """Active curators with an address: superusers, and staff in the « Curateurs » group."""
    from django.contrib.auth import get_user_model

    from .roles import CURATORS

    users = get_user_model().objects.filter(is_active=True).exclude(email="")
    return users.filter(Q(is_superuser=True) | Q(is_staff=True, groups__name=CURATORS)).distinct()


def is_curator(user):
    return user.is_authenticated and curators().filter(pk=user.pk).exists()


def curators_choosing(notice):
    """The curators who chose `notice` (those who never chose count as DEFAULT_CURATOR_NOTICE)."""
    chose = Q(curator_preference__notice=notice)
    if notice == DEFAULT_CURATOR_NOTICE:
        chose |= Q(curator_preference__isnull=True)
    return curators().filter(chose).order_by("pk")


def notice_of(user):
    preference = CuratorPreference.objects.filter(user=user).first()
    return preference.notice if preference else DEFAULT_CURATOR_NOTICE


def set_notice(user, notice):
    if not is_curator(user):
        raise PermissionDenied
    CuratorPreference.objects.update_or_create(user=user, defaults={"notice": notice})


def announce_request(queue_key, pk):
    """A new request awaits moderation: the curators who want each one are told, after the commit."""
    from .tasks import notify_curators_of_request

    enqueue_on_commit(notify_curators_of_request, queue_key, pk)


def curator_mail(template, context, user):
    context = {
        "site_name": settings.SITE_NAME,
        "preferences_url": absolute_url(reverse("contributions:curator_preferences")),
        "curator": user,
        **context,
    }
    subject = render_to_string(f"contributions/email/{template}_subject.txt", context).strip()
    body = render_to_string(f"contributions/email/{template}_body.txt", context)
    send_mail(subject, body, None, [user.email])


def notify_curators_of_request(queue_key, pk):
    """E-mail the « à chaque demande » curators of one request still pending; returns how many."""
    queue = moderation.QUEUES[queue_key]
    item = queue.pending().filter(pk=pk).first()
    if item is None:  # decided (or withdrawn) before the worker came
        return 0
    context = {"queue": queue, "item": queue.describe(item), "review_url": absolute_url(queue.review_url(item))}
    count = 0
    for user in curators_choosing(CuratorNotice.IMMEDIATE).exclude(pk=queue.author_id(item) or 0):
        curator_mail("curator_request", context, user)
        count += 1
    return count


DIGEST_ITEMS = 20  # items listed per queue; the count says how many more wait
DIGEST_GAP = timedelta(hours=20)


def pending_summary():
    """[(queue, count, [(description, review url)] of the oldest)] of the queues with something pending."""
    summary = []
    for queue in moderation.QUEUES.values():
        pending = queue.pending()
        count = pending.count()
        if count:
            items = [(queue.describe(i), absolute_url(queue.review_url(i))) for i in pending[:DIGEST_ITEMS]]
            summary.append((queue, count, items))
    return summary


def send_curator_digest(user_id):
    """The daily summary of what waits, to one curator who chose it (nothing pending: no mail)."""
    user = curators_choosing(CuratorNotice.DAILY).filter(pk=user_id).first()
    if user is None:
        return 0
    last = CuratorPreference.objects.filter(user=user).values_list("last_digest_at", flat=True).first()
    if last and timezone.now() - last < DIGEST_GAP:  # the task ran again: one summary a day
        return 0
    summary = pending_summary()
    if not summary:
        return 0
    total = sum(count for _queue, count, _items in summary)
    curator_mail("curator_digest", {"summary": summary, "total": total}, user)
    CuratorPreference.objects.update_or_create(user=user, defaults={"last_digest_at": timezone.now()})
    return total
