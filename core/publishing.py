"""What every public entry shares, whatever its app: a moderation status, a source, timestamps,
the status and source constraints, unique slugs and the slug natural key."""

from django.db import models
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    PENDING = "pending", _("En attente de validation")
    PUBLISHED = "published", _("Publié")
    REJECTED = "rejected", _("Refusé")
    ARCHIVED = "archived", _("Archivé")


class Source(models.TextChoices):
    STUDY = "study", _("Étude ARENE / AFD (2011)")
    SELF = "self", _("Inscription par l’acteur")
    IMPORT = "import", _("Import")
    CURATOR = "curator", _("Saisie par l’équipe")


class PublishableQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=PublicationStatus.PUBLISHED)

    def pending(self):
        return self.filter(status=PublicationStatus.PENDING)


class Publishable(models.Model):
    """What every public entry shares: a moderation status, a source and timestamps."""

    status = models.CharField(
        _("statut de publication"),
        max_length=20,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.CURATOR)
    study_mentions = models.CharField(
        _("mentions dans l’étude"),
        max_length=255,
        blank=True,
        help_text=_("Où l’étude en parle : partie, étude de cas, annexe."),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        abstract = True

    @property
    def is_published(self):
        return self.status == PublicationStatus.PUBLISHED


def status_constraints(prefix):
    return [
        models.CheckConstraint(condition=Q(status__in=PublicationStatus.values), name=f"{prefix}_status_valid"),
        models.CheckConstraint(condition=Q(source__in=Source.values), name=f"{prefix}_source_valid"),
    ]


def unique_slug(model, name, instance_pk=None, max_length=200):
    """A slug from `name` that no other row of `model` uses (suffix -2, -3… when taken)."""
    base = slugify(name)[:max_length].strip("-") or "entree"
    slug, n = base, 2
    while model._default_manager.filter(slug=slug).exclude(pk=instance_pk).exists():
        suffix = f"-{n}"
        slug = f"{base[: max_length - len(suffix)]}{suffix}"
        n += 1
    return slug


class SlugNaturalKeyManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)
