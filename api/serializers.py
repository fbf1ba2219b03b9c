"""What the API shows of each entry: French field names, stable identifiers (slugs, case study numbers),
absolute URLs of the entry in the API and of its page; never a contact e-mail, an editor or a user."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from actors.models import Actor, Collectivity, Domain
from calls.models import Call
from case_studies.models import CaseStudy, KeyFigure, KeyPoint, Part
from projects.models import Agreement, Participant, Project

NULLABLE_URI = {"type": "string", "format": "uri", "nullable": True}


def country_codes(obj):
    """ISO codes of an entry's countries (prefetched)."""
    return [str(c.code) for c in obj.countries.all()]


def absolute(request, path):
    return request.build_absolute_uri(path) if path else None


class LinksMixin(serializers.Serializer):
    """`url`: the entry in the API; `page`: its page on the site (absolute)."""

    api_view_name = ""
    lookup = "slug"

    url = serializers.SerializerMethodField(help_text=_("Adresse de l’entrée dans l’API."))
    page = serializers.SerializerMethodField(help_text=_("Adresse de la page de l’entrée sur le site."))

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, obj):
        return reverse(
            self.api_view_name, kwargs={self.lookup: getattr(obj, self.lookup)}, request=self.context["request"]
        )

    @extend_schema_field(OpenApiTypes.URI)
    def get_page(self, obj):
        return absolute(self.context["request"], obj.get_absolute_url())


class DomainSerializer(LinksMixin, serializers.ModelSerializer):
    api_view_name = "api:domain-detail"
    identifiant = serializers.SlugField(source="slug", help_text=_("Identifiant stable (slug)."))
    nom = serializers.CharField(source="name")
    parent = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text=_("Identifiant du domaine dont ce thème relève ; vide pour un domaine."),
    )
    description = serializers.CharField()
    ordre = serializers.IntegerField(source="position")

    class Meta:
        model = Domain
        fields = ["identifiant", "url", "page", "nom", "parent", "description", "ordre"]


def label_of(field):
    return serializers.CharField(source=f"get_{field}_display", help_text=_("Libellé en clair."))


class ActorSerializer(LinksMixin, serializers.ModelSerializer):
    api_view_name = "api:actor-detail"
    identifiant = serializers.SlugField(source="slug", help_text=_("Identifiant stable (slug), celui de la page."))
    nom = serializers.CharField(source="name")
    sigle = serializers.CharField(source="acronym")
    forme = serializers.CharField(source="legal_form", help_text=_("Famille juridique (valeurs du filtre `forme`)."))
    forme_libelle = label_of("legal_form")
    statut = serializers.CharField(source="legal_status", help_text=_("Statut précis (SCOP, SCIC…), vide si inconnu."))
    description = serializers.CharField()
    site_web = serializers.CharField(source="website")
    telephone = serializers.CharField(source="phone")
    adresse = serializers.CharField(source="street")
    code_postal = serializers.CharField(source="postcode")
    ville = serializers.CharField(source="city")
    departement = serializers.CharField()
    pays_siege = serializers.CharField(source="country", help_text=_("Code ISO 3166-1 alpha-2 du pays du siège."))
    siren = serializers.CharField()
    siret = serializers.CharField()
    rna = serializers.CharField()
    salaries = serializers.CharField(source="staff_band")
    benevoles = serializers.CharField(source="volunteer_band")
    domaines = serializers.SerializerMethodField(help_text=_("Identifiants des domaines et thèmes."))
    pays_intervention = serializers.SerializerMethodField(help_text=_("Codes ISO des pays où il intervient."))
    repondant = serializers.BooleanField(source="is_respondent", help_text=_("A répondu au questionnaire de l’étude."))
    mis_a_jour = serializers.DateTimeField(source="updated_at")

    class Meta:
        model = Actor
        fields = [
            "identifiant",
            "url",
            "page",
            "nom",
            "sigle",
            "forme",
            "forme_libelle",
            "statut",
            "description",
            "site_web",
            "telephone",
            "adresse",
            "code_postal",
            "ville",
            "departement",
            "pays_siege",
            "siren",
            "siret",
            "rna",
            "salaries",
            "benevoles",
            "domaines",
            "pays_intervention",
            "repondant",
            "mis_a_jour",
        ]

    def get_domaines(self, actor) -> list[str]:
        return [d.slug for d in actor.domains.all()]

    def get_pays_intervention(self, actor) -> list[str]:
        return country_codes(actor)


class CollectivitySerializer(LinksMixin, serializers.ModelSerializer):
    api_view_name = "api:collectivity-detail"
    identifiant = serializers.SlugField(source="slug", help_text=_("Identifiant stable (slug), celui de la page."))
    nom = serializers.CharField(source="name")
    sigle = serializers.CharField(source="acronym")
    type = serializers.CharField(source="kind", help_text=_("Valeurs du filtre `type`."))
    type_libelle = label_of("kind")
    institution = serializers.CharField()
    pays = serializers.CharField(source="country", help_text=_("Code ISO 3166-1 alpha-2."))
    territoire = serializers.CharField(source="territory")
    code_officiel = serializers.CharField(source="official_code", help_text=_("Code INSEE ou SIREN."))
    site_web = serializers.CharField(source="website")
    description = serializers.CharField()
    repondant = serializers.BooleanField(source="is_respondent")
    mis_a_jour = serializers.DateTimeField(source="updated_at")

    class Meta:
        model = Collectivity
        fields = [
            "identifiant",
            "url",
            "page",
            "nom",
            "sigle",
            "type",
            "type_libelle",
            "institution",
            "pays",
            "territoire",
            "code_officiel",
            "site_web",
            "description",
            "repondant",
            "mis_a_jour",
        ]


class OrganisationSerializer(serializers.Serializer):
    """A participant's organisation: an ESS actor or a collectivity (a group of unnamed bodies has no page)."""

    type = serializers.SerializerMethodField(help_text=_("« acteur » ou « collectivite »."))
    identifiant = serializers.SerializerMethodField()
    nom = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField(help_text=_("Vide pour un groupe d’organisations sans fiche."))
    page = serializers.SerializerMethodField(help_text=_("Vide pour un groupe d’organisations sans fiche."))

    def get_type(self, participant) -> str:
        return "acteur" if participant.actor_id else "collectivite"

    def get_identifiant(self, participant) -> str:
        return participant.organisation.slug

    def get_nom(self, participant) -> str:
        return participant.organisation.name

    @extend_schema_field(NULLABLE_URI)
    def get_url(self, participant):
        organisation = participant.organisation
        if not organisation.public_url:
            return None
        name = "api:actor-detail" if participant.actor_id else "api:collectivity-detail"
        return reverse(name, kwargs={"slug": organisation.slug}, request=self.context["request"])

    @extend_schema_field(NULLABLE_URI)
    def get_page(self, participant):
        return absolute(self.context["request"], participant.organisation.public_url)


class ParticipantSerializer(serializers.ModelSerializer):
    organisation = OrganisationSerializer(source="*")
    role = serializers.CharField(help_text=_("Rôle dans le projet (maitre-ouvrage, operateur, amo, financeur…)."))
    role_libelle = label_of("role")
    role_iati = serializers.IntegerField(
        source="iati_role",
        allow_null=True,
        help_text=_("Code du rôle IATI (1 financement, 2 responsable, 3 intermédiaire, 4 mise en œuvre)."),
    )
    debut = serializers.IntegerField(source="start_year", allow_null=True)
    fin = serializers.IntegerField(source="end_year", allow_null=True)
    precisions = serializers.CharField(source="notes")

    class Meta:
        model = Participant
        fields = ["organisation", "role", "role_libelle", "role_iati", "debut", "fin", "precisions"]


class AgreementSerializer(serializers.ModelSerializer):
    identifiant = serializers.SlugField(source="slug", help_text=_("Unique dans le projet."))
    nature = serializers.CharField(source="kind")
    nature_libelle = label_of("kind")
    mode = serializers.CharField(help_text=_("subvention, prestation, ou vide (convention cadre)."))
    intitule = serializers.CharField(source="title")
    signature = serializers.IntegerField(source="signed_year", allow_null=True)
    debut = serializers.IntegerField(source="start_year", allow_null=True)
    fin = serializers.IntegerField(source="end_year", allow_null=True)
    montant = serializers.DecimalField(source="amount", max_digits=14, decimal_places=2, allow_null=True)
    devise = serializers.CharField(source="currency")
    parties = serializers.SerializerMethodField(
        help_text=_("Organisations parties : « acteur:slug » ou « collectivite:slug ».")
    )

    class Meta:
        model = Agreement
        fields = [
            "identifiant",
            "nature",
            "nature_libelle",
            "mode",
            "intitule",
            "signature",
            "debut",
            "fin",
            "montant",
            "devise",
            "parties",
        ]

    def get_parties(self, agreement) -> list[str]:
        return [
            f"{'acteur' if p.actor_id else 'collectivite'}:{p.organisation.slug}"
            for p in agreement.parties.all()
            if p.organisation.is_published
        ]


class ProjectSerializer(LinksMixin, serializers.ModelSerializer):
    api_view_name = "api:project-detail"
    identifiant = serializers.SlugField(source="slug", help_text=_("Identifiant stable (slug), celui de la page."))
    titre = serializers.CharField(source="title")
    resume = serializers.CharField(source="summary")
    lieux = serializers.CharField(source="places")
    pays = serializers.SerializerMethodField(help_text=_("Codes ISO des pays du projet."))
    domaines = serializers.SerializerMethodField()
    debut = serializers.IntegerField(source="start_year", allow_null=True)
    fin = serializers.IntegerField(source="end_year", allow_null=True)
    etat = serializers.CharField(source="project_status")
    initiative = serializers.CharField(help_text=_("collectivite, acteur, ou vide."))
    modes = serializers.SerializerMethodField(help_text=_("Modes de contractualisation de ses conventions."))
    participants = serializers.SerializerMethodField()
    conventions = AgreementSerializer(source="agreements", many=True)
    mis_a_jour = serializers.DateTimeField(source="updated_at")

    class Meta:
        model = Project
        fields = [
            "identifiant",
            "url",
            "page",
            "titre",
            "resume",
            "lieux",
            "pays",
            "domaines",
            "debut",
            "fin",
            "etat",
            "initiative",
            "modes",
            "participants",
            "conventions",
            "mis_a_jour",
        ]

    def get_pays(self, project) -> list[str]:
        return country_codes(project)

    def get_domaines(self, project) -> list[str]:
        return [d.slug for d in project.domains.all()]

    def get_modes(self, project) -> list[str]:
        return [mode for mode, _label in project.contract_modes]

    @extend_schema_field(ParticipantSerializer(many=True))
    def get_participants(self, project):
        return ParticipantSerializer(project.published_participants, many=True, context=self.context).data


class KeyPointSerializer(serializers.ModelSerializer):
    texte = serializers.CharField(source="text")

    class Meta:
        model = KeyPoint
        fields = ["texte"]


class KeyFigureSerializer(serializers.ModelSerializer):
    valeur = serializers.DecimalField(source="value", max_digits=14, decimal_places=2)
    unite = serializers.CharField(source="unit")
    libelle = serializers.CharField(source="label")

    class Meta:
        model = KeyFigure
        fields = ["valeur", "unite", "libelle"]


class PartSerializer(serializers.ModelSerializer):
    partie = serializers.CharField(source="kind", help_text=_("cadre, apports ou retombees."))
    titre = serializers.CharField(source="title")
    texte = serializers.CharField(source="body")

    class Meta:
        model = Part
        fields = ["partie", "titre", "texte"]


class CaseStudySerializer(LinksMixin, serializers.ModelSerializer):
    api_view_name = "api:casestudy-detail"
    lookup = "number"
    numero = serializers.IntegerField(source="number", help_text=_("Identifiant stable : numéro de 1 à 8."))
    intitule = serializers.CharField(source="heading", help_text=_("Intitulé dans l’étude (3.1 à 3.8)."))
    titre = serializers.CharField(source="title")
    chapeau = serializers.CharField(source="summary")
    projet = serializers.SerializerMethodField(help_text=_("Le projet dans l’API, s’il est publié."))
    a_retenir = KeyPointSerializer(source="key_points", many=True)
    chiffres_cles = KeyFigureSerializer(source="key_figures", many=True)
    parties = PartSerializer(source="parts", many=True)

    class Meta:
        model = CaseStudy
        fields = [
            "numero",
            "url",
            "page",
            "intitule",
            "titre",
            "chapeau",
            "projet",
            "a_retenir",
            "chiffres_cles",
            "parties",
        ]

    @extend_schema_field(NULLABLE_URI)
    def get_projet(self, case_study):
        project = case_study.project
        if project is None or not project.is_published:
            return None
        return reverse("api:project-detail", kwargs={"slug": project.slug}, request=self.context["request"])


class CallSerializer(LinksMixin, serializers.ModelSerializer):
    """A call for partners (never its author: only the collectivity that posts it)."""

    api_view_name = "api:call-detail"
    identifiant = serializers.SlugField(source="slug", help_text=_("Identifiant stable (slug), celui de la page."))
    titre = serializers.CharField(source="title")
    description = serializers.CharField()
    collectivite = serializers.SerializerMethodField(help_text=_("La collectivité qui cherche un partenaire."))
    domaine = serializers.SlugRelatedField(source="domain", slug_field="slug", read_only=True)
    pays = serializers.SerializerMethodField(help_text=_("Codes ISO des pays visés."))
    zone = serializers.CharField(help_text=_("Zone du monde visée, ou vide."))
    role = serializers.CharField(help_text=_("Rôle recherché (valeurs du filtre `role`)."))
    mode = serializers.CharField(help_text=_("Contrat envisagé (valeurs du filtre `mode`)."))
    date_limite = serializers.DateField(source="deadline")
    ouvert = serializers.BooleanField(source="is_open", help_text=_("La date limite n’est pas passée."))

    class Meta:
        model = Call
        fields = [
            "identifiant",
            "url",
            "page",
            "titre",
            "description",
            "collectivite",
            "domaine",
            "pays",
            "zone",
            "role",
            "mode",
            "date_limite",
            "ouvert",
        ]

    def get_pays(self, call) -> list[str]:
        return country_codes(call)

    @extend_schema_field(
        {
            "type": "object",
            "properties": {
                "identifiant": {"type": "string"},
                "nom": {"type": "string"},
                "url": NULLABLE_URI,
            },
        }
    )
    def get_collectivite(self, call):
        collectivity = call.collectivity
        url = None
        if collectivity.public_url:
            url = reverse(
                "api:collectivity-detail", kwargs={"slug": collectivity.slug}, request=self.context["request"]
            )
        return {"identifiant": collectivity.slug, "nom": collectivity.name, "url": url}
