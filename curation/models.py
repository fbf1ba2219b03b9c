"""What curators decided about duplicates: pairs that are not duplicates, and every merge (undoable)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Nature(models.TextChoices):
    """The two directories where duplicates are looked for (the values are the page's `nature`)."""

    ACTOR = "acteur", _("Acteur de l’ESS")
    COLLECTIVITY = "collectivite", _("Collectivité")


class NotDuplicate(models.Model):
    """« Ce ne sont pas des doublons » : the pair is never suggested again."""

    nature = models.CharField(_("nature"), max_length=20, choices=Nature.choices)
    first_id = models.BigIntegerField(_("première fiche"))
    second_id = models.BigIntegerField(_("seconde fiche"))
    first_name = models.CharField(_("nom de la première"), max_length=255)
    second_name = models.CharField(_("nom de la seconde"), max_length=255)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("décidé par"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("le"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("paire qui n’est pas un doublon")
        verbose_name_plural = _("paires qui ne sont pas des doublons")
        constraints = [
            models.UniqueConstraint(fields=["nature", "first_id", "second_id"], name="not_duplicate_unique_pair"),
            models.CheckConstraint(condition=Q(first_id__lt=F("second_id")), name="not_duplicate_ordered_pair"),
            models.CheckConstraint(condition=Q(nature__in=Nature.values), name="not_duplicate_nature_valid"),
        ]

    def __str__(self):
        return f"{self.first_name} ≠ {self.second_name}"

    def get_absolute_url(self):
        return reverse("admin:curation_notduplicate_change", args=[self.pk])


class MergeQuerySet(models.QuerySet):
    def undoable(self):
        return self.filter(undone_at__isnull=True)


class Merge(models.Model):
    """One merge: which record was kept, which removed, and everything needed to undo it."""

    nature = models.CharField(_("nature"), max_length=20, choices=Nature.choices)
    kept_id = models.BigIntegerField(_("fiche gardée"))
    removed_id = models.BigIntegerField(_("fiche supprimée"))
    kept_name = models.CharField(_("nom de la fiche gardée"), max_length=255)
    removed_name = models.CharField(_("nom de la fiche supprimée"), max_length=255)
    summary = models.JSONField(
        _("ce qui a été déplacé"),
        default=dict,
        blank=True,
        help_text=_("Lignes rattachées à la fiche gardée, champs recopiés, liens ajoutés."),
    )
    undo_data = models.JSONField(_("de quoi annuler"), default=dict, blank=True, editable=False)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("fusionnée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("le"), auto_now_add=True)
    undone_at = models.DateTimeField(_("annulée le"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("annulée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = MergeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("fusion")
        verbose_name_plural = _("fusions")
        constraints = [
            models.CheckConstraint(condition=Q(nature__in=Nature.values), name="merge_nature_valid"),
            models.CheckConstraint(condition=~Q(kept_id=F("removed_id")), name="merge_two_records"),
        ]

    def __str__(self):
        return f"{self.removed_name} → {self.kept_name}"

    def get_absolute_url(self):
        return reverse("admin:curation_merge_change", args=[self.pk])

    @property
    def is_undone(self):
        return self.undone_at is not None


class SuggestionSet(models.Model):
    """Probable duplicates computed in the background for a large directory (the page reads them)."""

    nature = models.CharField(_("nature"), max_length=20, choices=Nature.choices, unique=True)
    pairs = models.JSONField(_("paires"), default=list, blank=True, help_text=_("[première, seconde, raison, …]"))
    computed_at = models.DateTimeField(_("calculées le"), auto_now=True)

    class Meta:
        ordering = ["nature"]
        verbose_name = _("doublons probables calculés")
        verbose_name_plural = _("doublons probables calculés")
        constraints = [
            models.CheckConstraint(condition=Q(nature__in=Nature.values), name="suggestion_set_nature_valid")
        ]

    def __str__(self):
        return f"{self.get_nature_display()} ({len(self.pairs)})"

    def get_absolute_url(self):
        return reverse("curation:duplicates")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("En attente")
    RUNNING = "running", _("En cours")
    DONE = "done", _("Terminé")
    FAILED = "failed", _("Échec")


class Job(models.Model):
    """What an import or an export run from the admin shares: its state, who asked, when it ended."""

    status = models.CharField(_("état"), max_length=20, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    message = models.TextField(_("message"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("par"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("le"), auto_now_add=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    @property
    def is_finished(self):
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)


class ImportJob(Job):
    """An import confirmed in the admin: its file, its progress (rows done of the total), its result.

    A small file is imported at once; a large one (settings.IMPORT_BACKGROUND_ROWS) by a background
    task whose page shows a progress bar. With `partial`, the valid rows are written and the refused
    ones given back as a file to fix (refused: {line: message})."""

    section = models.CharField(_("section"), max_length=20)
    file_name = models.CharField(_("fichier"), max_length=255)
    file_format = models.CharField(_("format"), max_length=10)
    data = models.BinaryField(_("contenu du fichier"))
    partial = models.BooleanField(_("lignes valides seulement"), default=False)
    total_rows = models.PositiveIntegerField(_("lignes"), default=0)
    rows_done = models.PositiveIntegerField(_("lignes traitées"), default=0)
    new = models.PositiveIntegerField(_("nouvelles"), default=0)
    updated = models.PositiveIntegerField(_("mises à jour"), default=0)
    skipped = models.PositiveIntegerField(_("inchangées"), default=0)
    errors = models.JSONField(_("erreurs"), default=list, blank=True)
    refused = models.JSONField(_("lignes refusées"), default=dict, blank=True)

    class Meta(Job.Meta):
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ImportStatus.values), name="import_job_status_valid"),
        ]

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("curation:import_job", args=[self.pk])

    @property
    def in_background(self):
        return self.total_rows > settings.IMPORT_BACKGROUND_ROWS

    @property
    def written(self):
        """Whether the import wrote its rows: all of them, or — partial — the valid ones."""
        if self.status != ImportStatus.DONE:
            return False
        return not self.errors or (self.partial and all(line is not None for line, _c, _m in self.errors))


class Invitation(models.Model):
    """« Inviter à compléter la fiche » : when an actor was invited, by whom, and who received it."""

    actor = models.ForeignKey(
        "actors.Actor", verbose_name=_("acteur"), on_delete=models.CASCADE, related_name="invitations"
    )
    recipients = models.JSONField(_("destinataires"), default=list)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("envoyée par"), null=True, blank=True, on_delete=models.SET_NULL
    )
    sent_at = models.DateTimeField(_("envoyée le"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("invitation à compléter une fiche")
        verbose_name_plural = _("invitations à compléter une fiche")
        indexes = [models.Index(fields=["actor", "-sent_at"], name="invitation_actor_idx")]

    def __str__(self):
        return f"{self.actor} ({self.sent_at:%Y-%m-%d})"


class ExportJob(Job):
    """An export of the whole directory asked from the admin: a large one is written by a background
    task to the private storage (never served under /media/); its page shows its state, then the link."""

    export_format = models.CharField(_("format"), max_length=10)
    file_path = models.CharField(_("fichier"), max_length=255, blank=True)
    rows = models.PositiveIntegerField(_("lignes"), default=0)

    class Meta(Job.Meta):
        verbose_name = _("export de l’annuaire")
        verbose_name_plural = _("exports de l’annuaire")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ImportStatus.values), name="export_job_status_valid"),
        ]

    def __str__(self):
        return f"{self.export_format} ({self.get_status_display()})"

    def get_absolute_url(self):
        return reverse("curation:export_job", args=[self.pk])
