"""The study's case studies, told in fixed parts, with their key points and figures."""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.publishing import Publishable, PublishableQuerySet, status_constraints
from projects.models import Project


class CaseStudyManager(models.Manager.from_queryset(PublishableQuerySet)):
    def get_by_natural_key(self, number):
        return self.get(number=number)


class CaseStudy(Publishable):
    """One of the study's case studies (3.1 to 3.8), numbered 1 to 8 on the site."""

    number = models.PositiveSmallIntegerField(_("numéro"), unique=True)
    heading = models.CharField(
        _("intitulé dans l’étude"),
        max_length=255,
        help_text=_("Par exemple « 3.3 Une association propose une démarche qui se transforme en programme »."),
    )
    title = models.CharField(_("titre"), max_length=255)
    summary = models.TextField(_("chapeau"), blank=True)
    project = models.OneToOneField(
        Project,
        verbose_name=_("projet"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case_study",
    )

    objects = CaseStudyManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        verbose_name = _("étude de cas")
        verbose_name_plural = _("études de cas")
        constraints = [
            *status_constraints("casestudy"),
            models.CheckConstraint(condition=Q(number__gte=1) & Q(number__lte=99), name="casestudy_number_range"),
            models.CheckConstraint(condition=~Q(title=""), name="casestudy_title_not_empty"),
            models.CheckConstraint(condition=~Q(heading=""), name="casestudy_heading_not_empty"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"

    def get_absolute_url(self):
        return reverse("case_studies:case_study_detail", kwargs={"number": self.number})

    def natural_key(self):
        return (self.number,)


class PartKind(models.TextChoices):
    CADRE = "cadre", _("Le cadre partenarial")
    APPORTS = "apports", _("Apports et expertises de l’acteur de l’ESS")
    RETOMBEES = "retombees", _("Les retombées du partenariat")


class OrderedChildManager(models.Manager):
    def get_by_natural_key(self, number, position):
        return self.get(case_study__number=number, position=position)


class OrderedChild(models.Model):
    """A piece of a case study at a position; (case study, position) is unique and is its natural key."""

    position = models.PositiveSmallIntegerField(_("ordre"))

    objects = OrderedChildManager()

    class Meta:
        abstract = True
        ordering = ["case_study", "position"]

    def get_absolute_url(self):
        return self.case_study.get_absolute_url()

    def natural_key(self):
        return (self.case_study.number, self.position)

    natural_key.dependencies = ["case_studies.casestudy"]


class KeyPoint(OrderedChild):
    """One « À retenir » bullet."""

    case_study = models.ForeignKey(
        CaseStudy, verbose_name=_("étude de cas"), on_delete=models.CASCADE, related_name="key_points"
    )
    text = models.TextField(_("texte"))
    history = HistoricalRecords()

    class Meta(OrderedChild.Meta):
        verbose_name = _("point « À retenir »")
        verbose_name_plural = _("points « À retenir »")
        constraints = [
            models.UniqueConstraint(fields=["case_study", "position"], name="keypoint_position_unique"),
            models.CheckConstraint(condition=~Q(text=""), name="keypoint_text_not_empty"),
        ]

    def __str__(self):
        return self.text[:80]


class Part(OrderedChild):
    """A narrative part: the partnership frame, the ESS actor's contribution, or one stakeholder's benefits."""

    case_study = models.ForeignKey(
        CaseStudy, verbose_name=_("étude de cas"), on_delete=models.CASCADE, related_name="parts"
    )
    kind = models.CharField(_("partie"), max_length=20, choices=PartKind.choices)
    title = models.CharField(
        _("sous-titre"),
        max_length=255,
        blank=True,
        help_text=_("Pour les retombées : la partie prenante concernée."),
    )
    body = models.TextField(_("texte"))
    history = HistoricalRecords()

    class Meta(OrderedChild.Meta):
        verbose_name = _("partie")
        verbose_name_plural = _("parties")
        constraints = [
            models.UniqueConstraint(fields=["case_study", "position"], name="part_position_unique"),
            models.CheckConstraint(condition=Q(kind__in=PartKind.values), name="part_kind_valid"),
            models.CheckConstraint(condition=~Q(body=""), name="part_body_not_empty"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.title}" if self.title else self.get_kind_display()


class KeyFigure(OrderedChild):
    """A figure the case study gives: value, unit and what it counts."""

    case_study = models.ForeignKey(
        CaseStudy, verbose_name=_("étude de cas"), on_delete=models.CASCADE, related_name="key_figures"
    )
    value = models.DecimalField(_("valeur"), max_digits=14, decimal_places=2)
    unit = models.CharField(_("unité"), max_length=50, blank=True)
    label = models.CharField(_("libellé"), max_length=255)
    history = HistoricalRecords()

    class Meta(OrderedChild.Meta):
        verbose_name = _("chiffre clé")
        verbose_name_plural = _("chiffres clés")
        constraints = [
            models.UniqueConstraint(fields=["case_study", "position"], name="keyfigure_position_unique"),
            models.CheckConstraint(condition=~Q(label=""), name="keyfigure_label_not_empty"),
        ]

    def __str__(self):
        return f"{self.display_value} {self.unit} — {self.label}".replace("  ", " ")

    @property
    def display_value(self):
        """The value without trailing zeros, grouped the French way (« 2 500 », « 1,5 »)."""
        value = Decimal(self.value).normalize()
        if value == value.to_integral():
            value = value.quantize(Decimal(1))
        return number_format(value, force_grouping=value >= 10000)
