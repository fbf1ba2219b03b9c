"""Calls for partners: a collectivity's need, the staff accounts that may post one, and the answers.

A call is public from its publication by a curator until its deadline, then archived (still readable,
no longer answerable). Its criteria — domain, countries or zone, role sought, contracting mode — are
the query-string parameters of the actors list and of « trouver un partenaire »."""

from urllib.parse import urlencode

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actors.models import Actor, Collectivity, Country, Domain, Zone, unique_slug
from actors.zones import ZONE_COUNTRIES
from projects.models import ContractMode, Role

# The partner-matching page; its parameters are the actors list's.
PARTNER_SEARCH_PATH = "/trouver-un-partenaire/"


# --- Staff of a collectivity ---------------------------------------------------------------------


class EmailDomain(models.Model):
    """An e-mail domain a collectivity declares: a verified address there ties its owner to it at once."""

    collectivity = models.ForeignKey(
        Collectivity, verbose_name=_("collectivité"), on_delete=models.CASCADE, related_name="email_domains"
    )
    domain = models.CharField(
        _("domaine de messagerie"), max_length=253, unique=True, help_text=_("Par exemple valdoise.fr, sans « @ ».")
    )

    class Meta:
        ordering = ["domain"]
        verbose_name = _("domaine de messagerie d’une collectivité")
        verbose_name_plural = _("domaines de messagerie des collectivités")
        constraints = [
            models.CheckConstraint(
                condition=Q(domain__regex=r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$"),
                name="emaildomain_domain_format",
            ),
        ]

    def __str__(self):
        return f"@{self.domain} → {self.collectivity}"

    def save(self, *args, **kwargs):
        self.domain = self.domain.strip().lower().lstrip("@")
        super().save(*args, **kwargs)


class MembershipStatus(models.TextChoices):
    PENDING = "pending", _("À vérifier")
    VERIFIED = "verified", _("Vérifié")
    REJECTED = "rejected", _("Refusé")


class VerificationMethod(models.TextChoices):
    CURATOR = "curator", _("Par l’équipe")
    EMAIL_DOMAIN = "email-domain", _("Par le domaine de l’adresse électronique")


class MembershipQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(status=MembershipStatus.VERIFIED)

    def pending(self):
        return self.filter(status=MembershipStatus.PENDING)


class Membership(models.Model):
    """A person who works for a collectivity; once verified, they post its calls and read the answers."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne"),
        on_delete=models.CASCADE,
        related_name="collectivity_memberships",
    )
    collectivity = models.ForeignKey(
        Collectivity, verbose_name=_("collectivité"), on_delete=models.CASCADE, related_name="memberships"
    )
    job_title = models.CharField(_("fonction"), max_length=150, help_text=_("Par exemple : chargée de mission."))
    status = models.CharField(
        _("état"), max_length=20, choices=MembershipStatus.choices, default=MembershipStatus.PENDING
    )
    method = models.CharField(_("vérifié"), max_length=20, choices=VerificationMethod.choices, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vérifié par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="verified_memberships",
    )
    verified_at = models.DateTimeField(_("vérifié le"), null=True, blank=True)
    created_at = models.DateTimeField(_("demandé le"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("rattachement à une collectivité")
        verbose_name_plural = _("rattachements à une collectivité")
        constraints = [
            models.UniqueConstraint(fields=["user", "collectivity"], name="membership_unique"),
            models.CheckConstraint(condition=Q(status__in=MembershipStatus.values), name="membership_status_valid"),
            models.CheckConstraint(
                condition=~Q(status=MembershipStatus.VERIFIED) | (Q(verified_at__isnull=False) & ~Q(method="")),
                name="membership_verification_recorded",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="membership_queue_idx")]

    def __str__(self):
        return f"{self.user} → {self.collectivity}"

    def get_absolute_url(self):
        return reverse("calls:space")

    @property
    def is_verified(self):
        return self.status == MembershipStatus.VERIFIED


# --- Calls ---------------------------------------------------------------------------------------


class CallStatus(models.TextChoices):
    PENDING = "pending", _("En attente de validation")
    PUBLISHED = "published", _("Publié")
    REJECTED = "rejected", _("Refusé")
    WITHDRAWN = "withdrawn", _("Retiré")


class CallMode(models.TextChoices):
    """The contract the collectivity envisages: the study's two contracting modes."""

    SUBVENTION = ContractMode.SUBVENTION.value, _("Subvention (l’acteur porte son projet)")
    PRESTATION = ContractMode.PRESTATION.value, _("Prestation (marché public, commande)")


class CallQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=CallStatus.PENDING)

    def published(self):
        return self.filter(status=CallStatus.PUBLISHED)

    def open(self):
        """Published and answerable: the deadline is today or later."""
        return self.published().filter(deadline__gte=timezone.localdate())

    def archived(self):
        return self.published().filter(deadline__lt=timezone.localdate())


class Call(models.Model):
    """A collectivity's call for partners."""

    collectivity = models.ForeignKey(
        Collectivity, verbose_name=_("collectivité"), on_delete=models.PROTECT, related_name="calls"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="calls",
    )
    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(_("identifiant"), max_length=200, unique=True, blank=True)
    description = models.TextField(
        _("description du besoin"), help_text=_("Le projet, ce que vous attendez du partenaire, le calendrier.")
    )
    domain = models.ForeignKey(Domain, verbose_name=_("domaine"), on_delete=models.PROTECT, related_name="calls")
    countries = models.ManyToManyField(Country, verbose_name=_("pays"), blank=True, related_name="calls")
    zone = models.CharField(_("zone"), max_length=30, choices=Zone.choices, blank=True)
    role = models.CharField(_("rôle recherché"), max_length=20, choices=Role.choices)
    mode = models.CharField(_("contrat envisagé"), max_length=20, choices=CallMode.choices)
    deadline = models.DateField(_("date limite de réponse"))
    status = models.CharField(_("statut"), max_length=20, choices=CallStatus.choices, default=CallStatus.PENDING)
    reason = models.TextField(_("motif de la décision"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("décidé par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_calls",
    )
    reviewed_at = models.DateTimeField(_("décidé le"), null=True, blank=True)
    created_at = models.DateTimeField(_("déposé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = CallQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[countries])

    class Meta:
        ordering = ["deadline", "pk"]  # the soonest deadline first
        verbose_name = _("appel à partenaires")
        verbose_name_plural = _("appels à partenaires")
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="call_title_not_empty"),
            models.CheckConstraint(condition=~Q(slug=""), name="call_slug_not_empty"),
            models.CheckConstraint(condition=Q(status__in=CallStatus.values), name="call_status_valid"),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="call_role_valid"),
            models.CheckConstraint(condition=Q(mode__in=CallMode.values), name="call_mode_valid"),
            models.CheckConstraint(condition=Q(zone="") | Q(zone__in=Zone.values), name="call_zone_valid"),
            models.CheckConstraint(
                condition=~Q(status=CallStatus.REJECTED) | ~Q(reason=""), name="call_rejection_has_reason"
            ),
            # A call withdrawn by its collectivity may never have been decided (its history dates the withdrawal).
            models.CheckConstraint(
                condition=Q(status__in=[CallStatus.PENDING, CallStatus.WITHDRAWN]) | Q(reviewed_at__isnull=False),
                name="call_decision_is_dated",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "deadline"], name="call_status_deadline_idx"),
            models.Index(fields=["updated_at"], name="call_updated_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Call, self.title, self.pk)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("calls:detail", kwargs={"slug": self.slug})

    @property
    def is_public(self):
        return self.status == CallStatus.PUBLISHED

    @property
    def is_withdrawn(self):
        return self.status == CallStatus.WITHDRAWN

    @property
    def is_open(self):
        return self.is_public and self.deadline >= timezone.localdate()

    def country_codes(self):
        """The countries named, else those of the zone."""
        codes = [str(c) for c in self.countries.values_list("code", flat=True)]
        if not codes and self.zone:
            codes = ZONE_COUNTRIES[self.zone].split()
        return codes

    def criteria(self):
        """The call's need as list parameters (domaine, pays or zone, role, mode) — one home for the
        « trouver un partenaire » link and the search of the actors to notify."""
        pairs = [("domaine", self.domain.slug)]
        countries = [str(c) for c in self.countries.values_list("code", flat=True)]
        pairs += [("pays", code) for code in countries]
        if self.zone and not countries:
            pairs.append(("zone", self.zone))
        return [*pairs, ("role", self.role), ("mode", self.mode)]

    def partner_search_url(self):
        return f"{PARTNER_SEARCH_PATH}?{urlencode(self.criteria())}"


class CallAnswer(models.Model):
    """An answer to a call, relayed by e-mail to the collectivity and kept in its space."""

    call = models.ForeignKey(Call, verbose_name=_("appel"), on_delete=models.CASCADE, related_name="answers")
    actor = models.ForeignKey(
        Actor,
        verbose_name=_("au nom de"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="call_answers",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("compte"), null=True, blank=True, on_delete=models.SET_NULL
    )
    name = models.CharField(_("nom"), max_length=120)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    email = models.EmailField(_("adresse électronique"))
    message = models.TextField(_("message"), max_length=5000)
    created_at = models.DateTimeField(_("reçue le"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("réponse à un appel")
        verbose_name_plural = _("réponses aux appels")
        constraints = [models.CheckConstraint(condition=~Q(message=""), name="callanswer_message_not_empty")]
        indexes = [models.Index(fields=["call", "created_at"], name="callanswer_call_idx")]

    def __str__(self):
        return f"{self.organisation or self.name} → {self.call}"

    def get_absolute_url(self):
        return reverse("calls:space")


class CallNotification(models.Model):
    """An actor told of a call (once: the notifying task can run again safely)."""

    call = models.ForeignKey(Call, verbose_name=_("appel"), on_delete=models.CASCADE, related_name="notifications")
    actor = models.ForeignKey(
        Actor, verbose_name=_("acteur"), on_delete=models.CASCADE, related_name="call_notifications"
    )
    sent_at = models.DateTimeField(_("envoyée le"), auto_now_add=True)

    class Meta:
        ordering = ["call", "actor"]
        verbose_name = _("notification d’un appel")
        verbose_name_plural = _("notifications des appels")
        constraints = [models.UniqueConstraint(fields=["call", "actor"], name="callnotification_unique")]

    def __str__(self):
        return f"{self.call} → {self.actor}"
