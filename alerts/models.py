"""Followed searches: an e-mail address, a list page with its filters, a frequency. No account:
the address is confirmed by a link (double opt-in); every link sent carries the alert's secret token."""

import secrets

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

KINDS = [("acteurs", _("Acteurs de l’ESS")), ("projets", _("Projets")), ("appels", _("Appels à partenaires"))]


class Frequency(models.TextChoices):
    DAILY = "daily", _("Chaque jour")
    WEEKLY = "weekly", _("Chaque semaine")


def new_token():
    return secrets.token_urlsafe(32)


class AlertQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)


class Alert(models.Model):
    email = models.EmailField(_("adresse électronique"))
    kind = models.CharField(_("liste"), max_length=20, choices=KINDS)
    query = models.CharField(
        _("filtres"), max_length=1000, blank=True, help_text=_("La chaîne de requête de la liste.")
    )
    frequency = models.CharField(_("fréquence"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY)
    token = models.CharField(_("jeton"), max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmée le"), null=True, blank=True)
    last_sent_at = models.DateTimeField(
        _("dernier envoi"), null=True, blank=True, help_text=_("Le prochain résumé part des changements suivants.")
    )

    objects = AlertQuerySet.as_manager()

    class Meta:
        ordering = ["email", "kind", "query"]
        verbose_name = _("alerte")
        verbose_name_plural = _("alertes")
        constraints = [
            models.UniqueConstraint(fields=["email", "kind", "query"], name="alert_unique_per_address"),
            models.CheckConstraint(condition=Q(kind__in=[k for k, _label in KINDS]), name="alert_kind_valid"),
            models.CheckConstraint(condition=Q(frequency__in=Frequency.values), name="alert_frequency_valid"),
            models.CheckConstraint(condition=~Q(email=""), name="alert_email_not_empty"),
        ]
        indexes = [models.Index(fields=["frequency", "confirmed_at"], name="alert_due_idx")]

    def __str__(self):
        return f"{self.email} — {self.get_kind_display()} ?{self.query}"

    def get_absolute_url(self):
        return reverse("alerts:manage", kwargs={"token": self.token})

    @property
    def list_url(self):
        from .lists import LISTS

        path = LISTS[self.kind].path
        return f"{path}?{self.query}" if self.query else path

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None
