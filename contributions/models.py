"""Who edits which organisation, and the submissions curators review."""

import hashlib
import json

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from actors.models import Actor


class Editorship(models.Model):
    """A person allowed to edit an organisation's profile (an organisation may have several)."""

    actor = models.ForeignKey(Actor, verbose_name=_("acteur"), on_delete=models.CASCADE, related_name="editorships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("personne"), on_delete=models.CASCADE, related_name="editorships"
    )
    created_at = models.DateTimeField(_("depuis le"), auto_now_add=True)

    class Meta:
        ordering = ["actor__sort_name", "user__email"]
        verbose_name = _("éditeur d’une fiche")
        verbose_name_plural = _("éditeurs des fiches")
        constraints = [models.UniqueConstraint(fields=["actor", "user"], name="editorship_unique")]

    def __str__(self):
        return f"{self.user} → {self.actor}"

    def get_absolute_url(self):
        return reverse("contributions:edit", kwargs={"slug": self.actor.slug})


class SubmissionKind(models.TextChoices):
    PROFILE = "profile", _("Nouvelle fiche")
    CLAIM = "claim", _("Revendication d’une fiche")
    CHANGE = "change", _("Modification d’une fiche publiée")
    REFERENCE = "reference", _("Nouvelle référence")


# The kinds an editor has at most one pending submission of, per actor (updated in place).
ONE_PENDING_KINDS = [SubmissionKind.CLAIM, SubmissionKind.CHANGE, SubmissionKind.PROFILE]


class SubmissionStatus(models.TextChoices):
    PENDING = "pending", _("En attente")
    APPROVED = "approved", _("Acceptée")
    REJECTED = "rejected", _("Refusée")


class SubmissionQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=SubmissionStatus.PENDING)

    def for_user(self, user):
        return self.filter(user=user)

    def changes(self):
        return self.filter(kind=SubmissionKind.CHANGE)


class Submission(models.Model):
    """Something an actor's editor asks the curators to publish: one moderation queue for all kinds."""

    kind = models.CharField(_("nature"), max_length=20, choices=SubmissionKind.choices)
    status = models.CharField(
        _("état"), max_length=20, choices=SubmissionStatus.choices, default=SubmissionStatus.PENDING
    )
    actor = models.ForeignKey(Actor, verbose_name=_("acteur"), on_delete=models.CASCADE, related_name="submissions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("auteur"), on_delete=models.CASCADE, related_name="submissions"
    )
    payload = models.JSONField(
        _("contenu proposé"),
        default=dict,
        blank=True,
        help_text=_("Les valeurs proposées (modification, référence) ou les éléments d’une revendication."),
    )
    justification = models.TextField(_("justification"), blank=True)
    reason = models.TextField(_("motif de la décision"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("décidée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_submissions",
    )
    reviewed_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    created_at = models.DateTimeField(_("déposée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]  # oldest first: the moderation queue's order
        verbose_name = _("demande")
        verbose_name_plural = _("demandes à modérer")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=SubmissionKind.values), name="submission_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=SubmissionStatus.values), name="submission_status_valid"),
            models.CheckConstraint(
                condition=~Q(status=SubmissionStatus.REJECTED) | ~Q(reason=""),
                name="submission_rejection_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(status=SubmissionStatus.PENDING) | Q(reviewed_at__isnull=False),
                name="submission_decision_is_dated",
            ),
            models.UniqueConstraint(
                fields=["actor", "user", "kind"],
                condition=Q(status=SubmissionStatus.PENDING) & Q(kind__in=ONE_PENDING_KINDS),
                name="submission_one_pending_per_kind",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="submission_queue_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.actor}"

    def get_absolute_url(self):
        return reverse("contributions:dashboard")

    @property
    def is_pending(self):
        return self.status == SubmissionStatus.PENDING

    @property
    def version(self):
        """A fingerprint of what is proposed: a decision applies only to the version its curator saw."""
        content = json.dumps([self.payload, self.justification], sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(content.encode()).hexdigest()[:20]


class CuratorNotice(models.TextChoices):
    """How a curator hears of new requests (submissions, calls, memberships awaiting moderation)."""

    IMMEDIATE = "immediate", _("À chaque demande")
    DAILY = "daily", _("Résumé quotidien")
    NONE = "none", _("Aucun")


# A curator who never chose gets the daily summary: nothing waits unseen, and no mail per request.
DEFAULT_CURATOR_NOTICE = CuratorNotice.DAILY


class CuratorPreference(models.Model):
    """A curator's choice of notices; no row means DEFAULT_CURATOR_NOTICE."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("curateur"),
        on_delete=models.CASCADE,
        related_name="curator_preference",
    )
    notice = models.CharField(
        _("être prévenu des nouvelles demandes"),
        max_length=20,
        choices=CuratorNotice.choices,
        default=DEFAULT_CURATOR_NOTICE,
    )
    last_digest_at = models.DateTimeField(_("dernier résumé envoyé le"), null=True, blank=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("préférence de curateur")
        verbose_name_plural = _("préférences des curateurs")
        constraints = [
            models.CheckConstraint(condition=Q(notice__in=CuratorNotice.values), name="curator_notice_valid"),
        ]

    def __str__(self):
        return f"{self.user} : {self.get_notice_display()}"
