"""Cooperation projects, who takes part in them with which role, and the agreements they sign."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actors.models import Actor, Collectivity, Country, Domain
from core.publishing import (
    PublicationStatus,
    Publishable,
    PublishableQuerySet,
    SlugNaturalKeyManager,
    status_constraints,
    unique_slug,
)
from core.text import plain

MIN_YEAR, MAX_YEAR = 1900, 2100


def year_constraints(prefix, *, start="start_year", end="end_year", others=()):
    """Every year field within [MIN_YEAR, MAX_YEAR] (or empty), and end not before start."""
    checks = []
    for field in (start, end, *others):
        checks.append(
            models.CheckConstraint(
                condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": MIN_YEAR, f"{field}__lte": MAX_YEAR}),
                name=f"{prefix}_{field}_range",
            )
        )
    checks.append(
        models.CheckConstraint(
            condition=Q(**{f"{start}__isnull": True}) | Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": F(start)}),
            name=f"{prefix}_{end}_after_{start}",
        )
    )
    return checks


def year_field(label):
    return models.PositiveSmallIntegerField(label, null=True, blank=True)


def format_years(start, end):
    """« 2005 », « 2005-2011 », « depuis 2005 », « jusqu’en 2011 » or ''."""
    if start and end:
        return str(start) if start == end else f"{start}-{end}"
    if start:
        return _("depuis %(year)s") % {"year": start}
    if end:
        return _("jusqu’en %(year)s") % {"year": end}
    return ""


class ProjectStatus(models.TextChoices):
    PLANNED = "planned", _("En préparation")
    RUNNING = "running", _("En cours")
    FINISHED = "finished", _("Terminé")
    ABANDONED = "abandoned", _("Abandonné")


class Initiative(models.TextChoices):
    """The study's two collaboration logics: who started the collaboration."""

    COLLECTIVITE = "collectivite", _("À l’initiative de la collectivité")
    ACTEUR = "acteur", _("À l’initiative de l’acteur de l’ESS")


class ProjectManager(SlugNaturalKeyManager.from_queryset(PublishableQuerySet)):
    pass


class Project(Publishable):
    """A piece of decentralized cooperation: a title, a place, a domain, years and participants."""

    title = models.CharField(_("titre"), max_length=255)
    slug = models.SlugField(_("identifiant"), max_length=200, unique=True, blank=True)
    sort_title = models.CharField(_("titre pour le tri"), max_length=255, editable=False, default="")
    summary = models.TextField(_("résumé"), blank=True)
    places = models.CharField(
        _("lieux"), max_length=255, blank=True, help_text=_("Régions, villes ou villages concernés.")
    )
    domains = models.ManyToManyField(Domain, verbose_name=_("domaines"), blank=True, related_name="projects")
    countries = models.ManyToManyField(Country, verbose_name=_("pays"), blank=True, related_name="projects")
    start_year = year_field(_("année de début"))
    end_year = year_field(_("année de fin"))
    project_status = models.CharField(_("état d’avancement"), max_length=20, choices=ProjectStatus.choices, blank=True)
    initiative = models.CharField(_("initiative"), max_length=20, choices=Initiative.choices, blank=True)

    objects = ProjectManager()
    history = HistoricalRecords(m2m_fields=[domains, countries])

    class Meta:
        ordering = ["sort_title", "title"]
        verbose_name = _("projet")
        verbose_name_plural = _("projets")
        constraints = [
            *status_constraints("project"),
            *year_constraints("project"),
            models.CheckConstraint(condition=~Q(title=""), name="project_title_not_empty"),
            models.CheckConstraint(condition=~Q(slug=""), name="project_slug_not_empty"),
            models.CheckConstraint(
                condition=Q(project_status="") | Q(project_status__in=ProjectStatus.values),
                name="project_progress_valid",
            ),
            models.CheckConstraint(
                condition=Q(initiative="") | Q(initiative__in=Initiative.values),
                name="project_initiative_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "initiative"], name="project_status_init_idx"),
            models.Index(fields=["start_year"], name="project_start_idx"),
            models.Index(fields=["sort_title"], name="project_sort_title_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Project, self.title, self.pk)
        self.sort_title = plain(self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("projects:project_detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    @property
    def years(self):
        return format_years(self.start_year, self.end_year)

    @property
    def contract_modes(self):
        """[(mode, label)] of its agreements, each once, in agreement order (uses prefetched agreements)."""
        modes = {a.mode: a.get_mode_display() for a in self.agreements.all() if a.mode}
        return list(modes.items())

    @property
    def listed_collectivities(self):
        """Its collectivities that have a public page, each once, in participant order (prefetched)."""
        return list(
            {
                p.collectivity_id: p.collectivity
                for p in self.participants.all()
                if p.collectivity_id and p.collectivity.public_url
            }.values()
        )

    @property
    def listed_actors(self):
        """Its ESS actors that have a public page, each once, in participant order (prefetched)."""
        return list(
            {p.actor_id: p.actor for p in self.participants.all() if p.actor_id and p.actor.public_url}.values()
        )

    @property
    def published_participants(self):
        """Participants whose organisation is published (uses prefetched participants)."""
        return [p for p in self.participants.all() if p.organisation.is_published]

    @property
    def organisations_with_roles(self):
        """[(organisation, [participant, …])]: each published organisation once, in participant order,
        with every role it holds (a région both funds and owns a project)."""
        grouped = {}
        for participant in self.published_participants:
            grouped.setdefault(participant.organisation_key, (participant.organisation, []))[1].append(participant)
        return list(grouped.values())


class Role(models.TextChoices):
    """A participant's role; `IATI_ROLES` maps them onto IATI's organisation roles."""

    FINANCEUR = "financeur", _("Financeur")
    MAITRE_OUVRAGE = "maitre-ouvrage", _("Maître d’ouvrage")
    OPERATEUR = "operateur", _("Opérateur / maître d’œuvre")
    AMO = "amo", _("Assistance à maîtrise d’ouvrage")
    APPUI_TECHNIQUE = "appui-technique", _("Appui technique")
    PARTENAIRE_LOCAL = "partenaire-local", _("Partenaire local")
    PARTENAIRE = "partenaire", _("Partenaire (rôle non précisé)")
    BENEFICIAIRE = "beneficiaire", _("Bénéficiaire")
    COORDINATION = "coordination", _("Pilote / coordination")


# IATI OrganisationRole codes: 1 Funding, 2 Accountable, 3 Extending, 4 Implementing.
IATI_ROLES = {
    Role.FINANCEUR: 1,
    Role.MAITRE_OUVRAGE: 2,
    Role.COORDINATION: 3,
    Role.OPERATEUR: 4,
    Role.AMO: 4,
    Role.APPUI_TECHNIQUE: 4,  # works for the project beside its operator, like an AMO
    Role.PARTENAIRE_LOCAL: 4,
}


class ParticipantQuerySet(models.QuerySet):
    def in_published_projects(self):
        return self.filter(project__status=PublicationStatus.PUBLISHED)


class ParticipantManager(models.Manager.from_queryset(ParticipantQuerySet)):
    def get_by_natural_key(self, project_slug, actor_slug, collectivity_slug, role):
        return self.get(
            project__slug=project_slug,
            actor__slug=actor_slug or None,
            collectivity__slug=collectivity_slug or None,
            role=role,
        )


class Participant(models.Model):
    """One organisation — an ESS actor or a collectivity, never both — in a project, with a role."""

    project = models.ForeignKey(
        Project, verbose_name=_("projet"), on_delete=models.CASCADE, related_name="participants"
    )
    actor = models.ForeignKey(
        Actor,
        verbose_name=_("acteur de l’ESS"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="participations",
    )
    collectivity = models.ForeignKey(
        Collectivity,
        verbose_name=_("collectivité"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="participations",
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)
    start_year = year_field(_("depuis"))
    end_year = year_field(_("jusqu’en"))
    notes = models.TextField(_("précisions"), blank=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    objects = ParticipantManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "position", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.CheckConstraint(
                condition=Q(actor__isnull=False, collectivity__isnull=True)
                | Q(actor__isnull=True, collectivity__isnull=False),
                name="participant_exactly_one_organisation",
            ),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="participant_role_valid"),
            *year_constraints("participant"),
            models.UniqueConstraint(
                fields=["project", "actor", "role"],
                condition=Q(actor__isnull=False),
                name="participant_actor_role_unique",
            ),
            models.UniqueConstraint(
                fields=["project", "collectivity", "role"],
                condition=Q(collectivity__isnull=False),
                name="participant_collectivity_role_unique",
            ),
        ]
        indexes = [models.Index(fields=["role"], name="participant_role_idx")]

    def __str__(self):
        return f"{self.organisation} — {self.get_role_display()} ({self.project})"

    def get_absolute_url(self):
        return self.project.get_absolute_url()

    def natural_key(self):
        return (
            self.project.slug,
            self.actor.slug if self.actor_id else "",
            self.collectivity.slug if self.collectivity_id else "",
            self.role,
        )

    natural_key.dependencies = ["projects.project", "actors.actor", "actors.collectivity"]

    def clean(self):
        if bool(self.actor_id) == bool(self.collectivity_id):
            raise ValidationError(
                _("Choisissez soit un acteur de l’ESS, soit une collectivité (exactement l’un des deux).")
            )

    @property
    def organisation(self):
        return self.actor if self.actor_id else self.collectivity

    @property
    def organisation_key(self):
        """« a12 » or « c7 »: one organisation across its roles (actors and collectivities share ids)."""
        return f"a{self.actor_id}" if self.actor_id else f"c{self.collectivity_id}"

    @property
    def years(self):
        return format_years(self.start_year, self.end_year)

    @property
    def iati_role(self):
        return IATI_ROLES.get(self.role)


class AgreementKind(models.TextChoices):
    CONVENTION_CADRE = "convention-cadre", _("Convention cadre de coopération décentralisée")
    CONVENTION_FINANCEMENT = "convention-financement", _("Convention de financement")
    CONVENTION_SPECIFIQUE = "convention-specifique", _("Convention spécifique de collaboration")
    CONVENTION_COLLABORATION = "convention-collaboration", _("Convention de collaboration")
    PROTOCOLE = "protocole", _("Protocole")
    MARCHE_PUBLIC = "marche-public", _("Marché public")
    COMMANDE_DIRECTE = "commande-directe", _("Commande directe")
    DSP = "dsp", _("Délégation de service public")
    AUTRE = "autre", _("Autre accord")


class ContractMode(models.TextChoices):
    """The study's two contracting modes."""

    SUBVENTION = "subvention", _("Subvention")
    PRESTATION = "prestation", _("Prestation")


PRESTATION_KINDS = [AgreementKind.MARCHE_PUBLIC, AgreementKind.COMMANDE_DIRECTE, AgreementKind.DSP]


# An agreement's editable fields, in display order (admin form, import and export columns).
AGREEMENT_FIELDS = [
    "project",
    "slug",
    "kind",
    "mode",
    "title",
    "parties",
    "signed_year",
    "start_year",
    "end_year",
    "amount",
    "currency",
    "notes",
]
MIN_AGREEMENT_PARTIES = 2


def agreement_parties_errors(project_id, parties):
    """The rule « an agreement has at least two parties, all from its project »: its broken parts'
    messages (none when it holds). The admin, the imports and `load_study` all ask here."""
    errors = []
    if len(parties) < MIN_AGREEMENT_PARTIES:
        errors.append(_("Une convention lie au moins deux participants."))
    if project_id is not None and any(party.project_id != project_id for party in parties):
        errors.append(_("Les parties doivent être des participants de ce projet."))
    return errors


class AgreementQuerySet(models.QuerySet):
    def in_published_projects(self):
        return self.filter(project__status=PublicationStatus.PUBLISHED)

    def with_mode(self):
        return self.exclude(mode="")

    def without_mode(self):
        """Framework agreements, and those whose contracting mode nobody knows."""
        return self.filter(mode="")


class AgreementManager(models.Manager.from_queryset(AgreementQuerySet)):
    def get_by_natural_key(self, project_slug, slug):
        return self.get(project__slug=project_slug, slug=slug)


class Agreement(models.Model):
    """An agreement between two or more participants of a project, with its contracting mode."""

    project = models.ForeignKey(Project, verbose_name=_("projet"), on_delete=models.CASCADE, related_name="agreements")
    slug = models.SlugField(_("identifiant"), max_length=100, help_text=_("Unique dans le projet."))
    kind = models.CharField(_("nature"), max_length=30, choices=AgreementKind.choices)
    mode = models.CharField(
        _("mode de contractualisation"),
        max_length=20,
        choices=ContractMode.choices,
        blank=True,
        help_text=_("Vide pour une convention cadre."),
    )
    title = models.CharField(_("intitulé"), max_length=255, blank=True)
    parties = models.ManyToManyField(
        Participant,
        verbose_name=_("parties"),
        related_name="agreements",
        help_text=_("Au moins deux participants du projet."),
    )
    signed_year = year_field(_("année de signature"))
    start_year = year_field(_("début"))
    end_year = year_field(_("fin"))
    amount = models.DecimalField(_("montant"), max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("devise"), max_length=3, blank=True, help_text=_("Code ISO 4217, par exemple EUR."))
    notes = models.TextField(_("précisions"), blank=True)

    objects = AgreementManager()
    history = HistoricalRecords(m2m_fields=[parties])

    class Meta:
        # In time order, whatever the database does with NULLs; agreements without a year last.
        ordering = [Coalesce("start_year", "signed_year").asc(nulls_last=True), "pk"]
        verbose_name = _("convention ou contrat")
        verbose_name_plural = _("conventions et contrats")
        constraints = [
            models.UniqueConstraint(fields=["project", "slug"], name="agreement_slug_unique_per_project"),
            models.CheckConstraint(condition=~Q(slug=""), name="agreement_slug_not_empty"),
            models.CheckConstraint(condition=Q(kind__in=AgreementKind.values), name="agreement_kind_valid"),
            models.CheckConstraint(condition=Q(mode="") | Q(mode__in=ContractMode.values), name="agreement_mode_valid"),
            models.CheckConstraint(
                condition=~Q(kind=AgreementKind.CONVENTION_CADRE) | Q(mode=""),
                name="agreement_framework_has_no_mode",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=PRESTATION_KINDS) | Q(mode=ContractMode.PRESTATION),
                name="agreement_procurement_is_prestation",
            ),
            models.CheckConstraint(
                condition=~Q(kind=AgreementKind.CONVENTION_FINANCEMENT) | Q(mode=ContractMode.SUBVENTION),
                name="agreement_funding_is_subvention",
            ),
            *year_constraints("agreement", others=("signed_year",)),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0), name="agreement_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | ~Q(currency=""), name="agreement_amount_has_currency"
            ),
        ]
        indexes = [models.Index(fields=["mode"], name="agreement_mode_idx")]

    def __str__(self):
        label = self.title or self.get_kind_display()
        return f"{label} ({self.years})" if self.years else label

    def get_absolute_url(self):
        return self.project.get_absolute_url()

    def natural_key(self):
        return (self.project.slug, self.slug)

    natural_key.dependencies = ["projects.project", "projects.participant"]

    def clean(self):
        if self.kind == AgreementKind.CONVENTION_CADRE and self.mode:
            raise ValidationError({"mode": _("Une convention cadre n’a pas de mode de contractualisation.")})
        if self.kind in PRESTATION_KINDS and self.mode != ContractMode.PRESTATION:
            raise ValidationError({"mode": _("Un marché, une commande ou une délégation relève de la prestation.")})
        if self.kind == AgreementKind.CONVENTION_FINANCEMENT and self.mode != ContractMode.SUBVENTION:
            raise ValidationError({"mode": _("Une convention de financement relève de la subvention.")})
        if self.amount is not None and not self.currency:
            raise ValidationError({"currency": _("Indiquez la devise du montant.")})

    @property
    def years(self):
        return format_years(self.start_year or self.signed_year, self.end_year)
