"""ESS actors, collectivities, the domain taxonomy and the countries actors work in."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

# PublicationStatus, Source and the other shared bases live in core.publishing; they stay importable
# from here for the code and the migrations written before they moved.
from core.publishing import (  # noqa: F401
    PublicationStatus,
    Publishable,
    PublishableQuerySet,
    SlugNaturalKeyManager,
    Source,
    status_constraints,
    unique_slug,
)
from core.text import plain

from .logos import logo_upload_to
from .validators import validate_departement, validate_logo, validate_rna, validate_siren, validate_siret
from .zones import Zone


def split_study_names(value):
    """« Pays de Loire ; PdL » → ["Pays de Loire", "PdL"]."""
    return [name.strip() for name in (value or "").split(";") if name.strip()]


class WebsiteField(models.URLField):
    """A URL field whose form assumes https:// when the scheme is left out."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})


# --- Domains ------------------------------------------------------------------------------------


class DomainQuerySet(models.QuerySet):
    def roots(self):
        return self.filter(parent__isnull=True)


class DomainManager(SlugNaturalKeyManager.from_queryset(DomainQuerySet)):
    pass


class Domain(models.Model):
    """A domain of intervention: the study's four domains at the top, their themes below."""

    name = models.CharField(_("nom"), max_length=150)
    slug = models.SlugField(_("identifiant"), max_length=150, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("domaine parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("Vide pour un des quatre domaines de l’étude ; sinon le domaine dont ce thème relève."),
    )
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    objects = DomainManager()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("domaine")
        verbose_name_plural = _("domaines")
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="domain_not_own_parent"),
            models.CheckConstraint(condition=~Q(name=""), name="domain_name_not_empty"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Domain, self.name, self.pk, 150)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{reverse('actors:actor_list')}?domaine={self.slug}"

    def clean(self):
        if self.parent_id and self.parent.parent_id:
            raise ValidationError({"parent": _("Un thème ne peut pas avoir lui-même de thèmes (deux niveaux).")})

    def natural_key(self):
        return (self.slug,)


# --- Countries -----------------------------------------------------------------------------------
class Country(models.Model):
    """A country (ISO 3166-1 alpha-2) and its zone; the target of the country link tables."""

    code = CountryField(_("pays"), primary_key=True)
    zone = models.CharField(_("zone"), max_length=30, choices=Zone.choices)

    class Meta:
        ordering = ["code"]
        verbose_name = _("pays")
        verbose_name_plural = _("pays")
        constraints = [
            models.CheckConstraint(condition=Q(zone__in=Zone.values), name="country_zone_valid"),
        ]

    def __str__(self):
        return str(self.code.name)

    def get_absolute_url(self):
        return f"{reverse('actors:actor_list')}?pays={self.code}"

    @property
    def name(self):
        return self.code.name


# --- ESS actors ---------------------------------------------------------------------------------


class LegalForm(models.TextChoices):
    """The annex's families; the `forme` values of the public filters."""

    ASSOCIATION = "association", _("Association")
    COOPERATIVE = "cooperative", _("Coopérative")
    FONDATION = "fondation", _("Fondation")
    MUTUELLE = "mutuelle", _("Mutuelle")
    ENTREPRISE = "entreprise", _("Entreprise de l’ESS")
    RESEAU = "reseau", _("Réseau ou centre de ressources")
    AUTRE = "autre", _("Autre")


class LegalStatus(models.TextChoices):
    """The precise status within a family."""

    ASSOCIATION_1901 = "association-1901", _("Association loi 1901")
    ASSOCIATION_RUP = "association-rup", _("Association reconnue d’utilité publique")
    ONG = "ong", _("ONG")
    FEDERATION = "federation", _("Fédération ou union d’associations")
    SCOP = "scop", _("SCOP (société coopérative et participative)")
    SCIC = "scic", _("SCIC (société coopérative d’intérêt collectif)")
    CAE = "cae", _("Coopérative d’activité et d’emploi")
    COOPERATIVE_AGRICOLE = "cooperative-agricole", _("Coopérative agricole")
    COOPERATIVE = "cooperative", _("Autre coopérative")
    FONDATION_RUP = "fondation-rup", _("Fondation reconnue d’utilité publique")
    FONDATION_ENTREPRISE = "fondation-entreprise", _("Fondation d’entreprise")
    FONDATION_ABRITEE = "fondation-abritee", _("Fondation abritée")
    FONDS_DOTATION = "fonds-dotation", _("Fonds de dotation")
    MUTUELLE = "mutuelle", _("Mutuelle")
    ESUS = "esus", _("Entreprise solidaire d’utilité sociale (ESUS)")
    ENTREPRISE_INSERTION = "entreprise-insertion", _("Entreprise d’insertion")
    SOCIETE = "societe", _("Société commerciale à finalité sociale")
    GIP = "gip", _("Groupement d’intérêt public")
    AUTRE = "autre", _("Autre statut")


class StaffBand(models.TextChoices):
    NONE = "0", _("Aucun salarié")
    VERY_SMALL = "1-4", _("1 à 4 salariés")
    SMALL = "5-10", _("5 à 10 salariés")
    MEDIUM = "11-49", _("11 à 49 salariés")
    LARGE = "50+", _("50 salariés et plus")


class VolunteerBand(models.TextChoices):
    NONE = "0", _("Aucun bénévole")
    FEW = "1-10", _("1 à 10 bénévoles")
    SOME = "11-50", _("11 à 50 bénévoles")
    MANY = "51-200", _("51 à 200 bénévoles")
    LOTS = "200+", _("Plus de 200 bénévoles")


class DirectoryQuerySet(PublishableQuerySet):
    def published(self):
        """What the public directory lists: published, and not a group of unnamed organisations."""
        return super().published().filter(is_group=False)

    def respondents(self):
        """Those that answered the study's questionnaire."""
        return self.filter(is_respondent=True)


class ActorQuerySet(DirectoryQuerySet):
    pass


class ActorManager(SlugNaturalKeyManager.from_queryset(ActorQuerySet)):
    pass


class DirectoryEntry:
    """What actors and collectivities, the two kinds of directory entries, do alike."""

    @property
    def study_name_list(self):
        return split_study_names(self.study_names)

    def natural_key(self):
        return (self.slug,)

    @property
    def public_url(self):
        """Its page when the directory shows it, else '' (so that other pages link only to real pages)."""
        return self.get_absolute_url() if self.is_published and not self.is_group else ""


def study_names_field():
    """The study's other spellings of a name (actors and collectivities alike)."""
    return models.CharField(
        _("noms dans l’étude"),
        max_length=255,
        blank=True,
        help_text=_(
            "Graphies de l’étude qui diffèrent du nom retenu (« Pays de Loire »), séparées par « ; » : "
            "la recherche les trouve, la fiche les affiche « dans l’étude : … »."
        ),
    )


def is_group_field():
    """Whether the entry stands for several unnamed organisations (actors and collectivities alike)."""
    return models.BooleanField(
        _("groupe d’organisations"),
        default=False,
        help_text=_(
            "Un ensemble d’organisations que l’étude ne nomme pas une à une (par exemple « Communes "
            "bénéficiaires »). Il figure dans les projets et leurs schémas, pas dans l’annuaire."
        ),
    )


# An actor's profile: what its editors may change, in display order (profile form, moderation,
# import and export columns).
PROFILE_FIELDS = [
    "name",
    "acronym",
    "legal_form",
    "legal_status",
    "description",
    "website",
    "email",
    "phone",
    "street",
    "postcode",
    "city",
    "departement",
    "country",
    "siren",
    "siret",
    "rna",
    "staff_band",
    "volunteer_band",
]
PROFILE_M2M = ["domains", "countries"]
# What the study says of an actor (curators' fields: the admin's « Étude » part, import columns).
ACTOR_STUDY_FIELDS = [
    "is_respondent",
    "in_study_annex",
    "is_group",
    "active_abroad",
    "has_joint_experience",
    "wishes_collaboration",
    "study_mentions",
    "study_names",
]


class Actor(DirectoryEntry, Publishable):
    """An organisation of the social and solidarity economy, in France or abroad."""

    name = models.CharField(_("nom"), max_length=255)
    acronym = models.CharField(_("sigle"), max_length=50, blank=True)
    slug = models.SlugField(_("identifiant"), max_length=200, unique=True, blank=True)
    study_names = study_names_field()
    sort_name = models.CharField(_("nom pour le tri"), max_length=255, editable=False, default="")
    legal_form = models.CharField(_("forme juridique"), max_length=20, choices=LegalForm.choices)
    legal_status = models.CharField(_("statut précis"), max_length=30, choices=LegalStatus.choices, blank=True)
    description = models.TextField(_("description"), blank=True)
    logo = models.ImageField(_("logo"), upload_to=logo_upload_to, blank=True, validators=[validate_logo])
    website = WebsiteField(_("site web"), blank=True)
    email = models.EmailField(
        _("courriel de contact"), blank=True, help_text=_("Jamais affiché : les messages des visiteurs y sont relayés.")
    )
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    street = models.CharField(_("adresse"), max_length=255, blank=True)
    postcode = models.CharField(_("code postal"), max_length=10, blank=True)
    city = models.CharField(_("ville"), max_length=100, blank=True)
    departement = models.CharField(
        _("département"),
        max_length=3,
        blank=True,
        validators=[validate_departement],
        help_text=_("Code du département français, par exemple 93."),
    )
    country = CountryField(
        _("pays du siège"), default="FR", blank=True, help_text=_("Vide quand la source ne le dit pas.")
    )
    siren = models.CharField(_("SIREN"), max_length=9, blank=True, validators=[validate_siren])
    siret = models.CharField(_("SIRET"), max_length=14, blank=True, validators=[validate_siret])
    rna = models.CharField(
        _("numéro RNA"),
        max_length=10,
        blank=True,
        validators=[validate_rna],
        help_text=_("Répertoire national des associations : W suivi de 9 chiffres."),
    )
    staff_band = models.CharField(_("salariés"), max_length=10, choices=StaffBand.choices, blank=True)
    volunteer_band = models.CharField(_("bénévoles"), max_length=10, choices=VolunteerBand.choices, blank=True)
    domains = models.ManyToManyField(Domain, verbose_name=_("domaines"), blank=True, related_name="actors")
    countries = models.ManyToManyField(
        Country, verbose_name=_("pays d’intervention"), blank=True, related_name="actors"
    )
    is_respondent = models.BooleanField(
        _("répondant au questionnaire"),
        default=False,
        help_text=_("A répondu au questionnaire de l’étude (astérisque de l’annexe)."),
    )
    in_study_annex = models.BooleanField(_("cité dans l’annexe de l’étude"), default=False)
    is_group = is_group_field()
    active_abroad = models.BooleanField(_("actif à l’international"), null=True, blank=True)
    has_joint_experience = models.BooleanField(_("expérience conjointe avec une collectivité"), null=True, blank=True)
    wishes_collaboration = models.BooleanField(_("souhaite travailler avec une collectivité"), null=True, blank=True)

    objects = ActorManager()
    history = HistoricalRecords(m2m_fields=[domains, countries])

    class Meta:
        ordering = ["sort_name", "name"]
        verbose_name = _("acteur de l’ESS")
        verbose_name_plural = _("acteurs de l’ESS")
        constraints = [
            *status_constraints("actor"),
            models.CheckConstraint(condition=~Q(name=""), name="actor_name_not_empty"),
            models.CheckConstraint(condition=~Q(slug=""), name="actor_slug_not_empty"),
            models.CheckConstraint(condition=Q(legal_form__in=LegalForm.values), name="actor_legal_form_valid"),
            models.CheckConstraint(
                condition=Q(legal_status="") | Q(legal_status__in=LegalStatus.values),
                name="actor_legal_status_valid",
            ),
            models.CheckConstraint(condition=Q(siren="") | Exact(Length("siren"), 9), name="actor_siren_length"),
            models.CheckConstraint(condition=Q(siret="") | Exact(Length("siret"), 14), name="actor_siret_length"),
            models.CheckConstraint(
                condition=Q(rna="") | (Q(rna__startswith="W") & Exact(Length("rna"), 10)),
                name="actor_rna_format",
            ),
            models.CheckConstraint(
                condition=Q(siren="") | Q(siret="") | Q(siret__startswith=F("siren")),
                name="actor_siret_matches_siren",
            ),
            models.UniqueConstraint(fields=["siren"], condition=~Q(siren=""), name="actor_siren_unique"),
            models.UniqueConstraint(fields=["siret"], condition=~Q(siret=""), name="actor_siret_unique"),
            models.UniqueConstraint(fields=["rna"], condition=~Q(rna=""), name="actor_rna_unique"),
        ]
        indexes = [
            models.Index(fields=["status", "legal_form"], name="actor_status_form_idx"),
            models.Index(fields=["country"], name="actor_country_idx"),
            models.Index(fields=["is_respondent"], name="actor_respondent_idx"),
            models.Index(fields=["updated_at"], name="actor_updated_idx"),
            models.Index(fields=["sort_name"], name="actor_sort_name_idx"),
            # A list filtered by legal form, by name: read in order, not sorted after a scan of the whole form.
            models.Index(
                fields=["legal_form", "sort_name", "id"],
                condition=Q(status="published", is_group=False),
                name="actor_listed_form_name_idx",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Actor, self.acronym or self.name, self.pk)
        self.sort_name = plain(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("actors:actor_detail", kwargs={"slug": self.slug})

    @property
    def kind_label(self):
        """What it is, in a few words, beside its name in a project's participants."""
        return _("Acteur de l’ESS")


# --- Collectivities -----------------------------------------------------------------------------
class CollectivityType(models.TextChoices):
    """The `type` values of the public filters."""

    REGION = "region", _("Région")
    DEPARTEMENT = "departement", _("Département")
    COMMUNE = "commune", _("Commune")
    INTERCOMMUNALITE = "intercommunalite", _("Intercommunalité")
    ORGANISME_PUBLIC = "organisme-public", _("Organisme public")


class Institution(models.TextChoices):
    """The precise kind of body, in France and abroad."""

    CONSEIL_REGIONAL = "conseil-regional", _("Conseil régional")
    CONSEIL_DEPARTEMENTAL = "conseil-departemental", _("Conseil général / départemental")
    VILLE = "ville", _("Ville / commune")
    COMMUNAUTE_AGGLOMERATION = "communaute-agglomeration", _("Communauté d’agglomération")
    COMMUNAUTE_COMMUNES = "communaute-communes", _("Communauté de communes")
    COMMUNAUTE_URBAINE = "communaute-urbaine", _("Communauté urbaine")
    METROPOLE = "metropole", _("Métropole")
    SYNDICAT = "syndicat", _("Syndicat intercommunal")
    GROUPEMENT_INTERCOMMUNAL = "groupement-intercommunal", _("Groupement intercommunal")
    COMMUNE_URBAINE = "commune-urbaine", _("Commune urbaine")
    COMMUNE_RURALE = "commune-rurale", _("Commune rurale")
    ASSEMBLEE_REGIONALE = "assemblee-regionale", _("Assemblée régionale")
    REGION_ETRANGERE = "region-etrangere", _("Région ou conseil régional (étranger)")
    PROVINCE = "province", _("Province ou préfecture")
    CERCLE = "cercle", _("Cercle")
    COMITE_POPULAIRE = "comite-populaire", _("Comité populaire")
    ETAT_FEDERE = "etat-federe", _("État fédéré")
    AGENCE_EAU = "agence-eau", _("Agence de l’eau")
    MINISTERE = "ministere", _("Ministère ou service de l’État")
    AGENCE_DEVELOPPEMENT = "agence-developpement", _("Agence de développement")
    AMBASSADE = "ambassade", _("Ambassade ou représentation d’un État étranger")
    CHAMBRE_CONSULAIRE = "chambre-consulaire", _("Chambre consulaire")
    ETABLISSEMENT_PUBLIC = "etablissement-public", _("Établissement public")
    AUTRE = "autre", _("Autre")


class CollectivityQuerySet(DirectoryQuerySet):
    def french(self):
        return self.filter(country="FR")

    def abroad(self):
        return self.exclude(country="FR")


class CollectivityManager(SlugNaturalKeyManager.from_queryset(CollectivityQuerySet)):
    pass


class Collectivity(DirectoryEntry, Publishable):
    """A local authority (French or partner abroad) or another public body of the study."""

    name = models.CharField(_("nom"), max_length=255)
    acronym = models.CharField(_("sigle"), max_length=50, blank=True)
    slug = models.SlugField(_("identifiant"), max_length=200, unique=True, blank=True)
    study_names = study_names_field()
    sort_name = models.CharField(_("nom pour le tri"), max_length=255, editable=False, default="")
    kind = models.CharField(_("type"), max_length=20, choices=CollectivityType.choices)
    institution = models.CharField(_("institution"), max_length=30, choices=Institution.choices, blank=True)
    country = CountryField(_("pays"), default="FR")
    territory = models.CharField(
        _("territoire"),
        max_length=150,
        blank=True,
        help_text=_("Département, région ou province où elle se trouve, par exemple Val-d’Oise ou Région de Kayes."),
    )
    official_code = models.CharField(
        _("code officiel"),
        max_length=20,
        blank=True,
        help_text=_("Code INSEE (commune, département, région) ou SIREN d’une intercommunalité."),
    )
    website = WebsiteField(_("site web"), blank=True)
    description = models.TextField(_("description"), blank=True)
    is_respondent = models.BooleanField(_("répondant au questionnaire"), default=False)
    in_study_annex = models.BooleanField(_("cité dans l’annexe de l’étude"), default=False)
    is_group = is_group_field()

    objects = CollectivityManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["sort_name", "name"]
        verbose_name = _("collectivité")
        verbose_name_plural = _("collectivités")
        constraints = [
            *status_constraints("collectivity"),
            models.CheckConstraint(condition=~Q(name=""), name="collectivity_name_not_empty"),
            models.CheckConstraint(condition=~Q(slug=""), name="collectivity_slug_not_empty"),
            models.CheckConstraint(condition=Q(kind__in=CollectivityType.values), name="collectivity_kind_valid"),
            models.CheckConstraint(
                condition=Q(institution="") | Q(institution__in=Institution.values),
                name="collectivity_institution_valid",
            ),
            models.UniqueConstraint(
                fields=["country", "official_code"],
                condition=~Q(official_code=""),
                name="collectivity_code_unique_per_country",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "kind"], name="collectivity_status_kind_idx"),
            models.Index(fields=["country"], name="collectivity_country_idx"),
            models.Index(fields=["sort_name"], name="collectivity_sort_name_idx"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Collectivity, self.name, self.pk)
        self.sort_name = plain(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("actors:collectivity_detail", kwargs={"slug": self.slug})

    @property
    def is_french(self):
        return self.country == "FR"

    @property
    def is_public_body(self):
        """A public body that is not a local authority: a ministry, an agency, an embassy…"""
        return self.kind == CollectivityType.ORGANISME_PUBLIC

    @property
    def kind_label(self):
        """What it is, in a few words: « région », « commune »… or, for a public body, its institution
        (« établissement public », « ministère ou service de l’État »), never « collectivité » for the AFD."""
        if self.is_public_body and self.institution:
            return self.get_institution_display()
        return self.get_kind_display()
