"""The resources of the directory's flat sections: domains, collectivities, ESS actors (natural keys:
SIRET or RNA, else identifier, else normalised name with its legal form or type)."""

from django.utils.translation import gettext_lazy as _
from import_export import fields

from actors.models import (
    ACTOR_STUDY_FIELDS,
    PROFILE_FIELDS,
    PROFILE_M2M,
    Actor,
    Collectivity,
    CollectivityType,
    Country,
    Domain,
    Institution,
    LegalForm,
    LegalStatus,
    StaffBand,
    VolunteerBand,
)
from core.publishing import PublicationStatus, Source
from core.text import plain

from ..widgets import (
    ChoiceWidget,
    CountryCodeWidget,
    SlugForeignKeyWidget,
    SlugListWidget,
    YesNoWidget,
    country_code,
)
from .base import BulkWrites, DirectoryResource, choice, text


class DomainResource(DirectoryResource):
    display_name = _("Domaines")
    slug = text("slug", "Identifiant")
    name = text("name", "Nom")
    parent = fields.Field(attribute="parent", column_name="Domaine parent", widget=None)
    position = fields.Field(attribute="position", column_name="Ordre", default=0)
    description = text("description", "Description")
    required_columns = ("Identifiant", "Nom")

    class Meta(DirectoryResource.Meta):
        model = Domain
        fields = ["slug", "name", "parent", "position", "description"]
        import_id_fields = []

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fields["parent"].widget = SlugForeignKeyWidget(Domain, name="name")

    def row_keys(self, row):
        return [("slug", row["Identifiant"].strip())] if row.get("Identifiant", "").strip() else []

    def key_index(self):
        return {("slug", slug): pk for pk, slug in Domain.objects.values_list("pk", "slug")}


LEGAL_FORMS = ChoiceWidget(LegalForm.choices)
COLLECTIVITY_TYPES = ChoiceWidget(CollectivityType.choices)
COUNTRY = CountryCodeWidget()


def readable(widget, value):
    """The code a widget reads in a cell (« Mali » → ML), or the cell as written when it reads none."""
    try:
        return str(widget.clean(value) or "")
    except ValueError:
        return str(value or "").strip()


class ActorResource(BulkWrites, DirectoryResource):
    display_name = _("Acteurs de l’ESS")
    slug = text("slug", "Identifiant")
    name = text("name", "Nom")
    acronym = text("acronym", "Sigle")
    legal_form = choice("legal_form", "Forme juridique", LegalForm.choices, blank=False)
    legal_status = choice("legal_status", "Statut précis", LegalStatus.choices)
    description = text("description", "Description")
    website = text("website", "Site web")
    email = text("email", "Courriel")
    phone = text("phone", "Téléphone")
    street = text("street", "Adresse")
    postcode = text("postcode", "Code postal")
    city = text("city", "Ville")
    departement = text("departement", "Département")
    country = fields.Field(attribute="country", column_name="Pays du siège", widget=CountryCodeWidget())
    siren = text("siren", "SIREN")
    siret = text("siret", "SIRET")
    rna = text("rna", "RNA")
    staff_band = choice("staff_band", "Salariés", StaffBand.choices)
    volunteer_band = choice("volunteer_band", "Bénévoles", VolunteerBand.choices)
    domains = fields.Field(attribute="domains", column_name="Domaines", widget=SlugListWidget(Domain, name="name"))
    countries = fields.Field(
        attribute="countries",
        column_name="Pays d’intervention",
        widget=SlugListWidget(Country, field="code", normalise=country_code),
    )
    is_respondent = fields.Field(attribute="is_respondent", column_name="Répondant", widget=YesNoWidget())
    in_study_annex = fields.Field(attribute="in_study_annex", column_name="Cité en annexe", widget=YesNoWidget())
    is_group = fields.Field(attribute="is_group", column_name="Groupe d’organisations", widget=YesNoWidget())
    active_abroad = fields.Field(
        attribute="active_abroad", column_name="Actif à l’international", widget=YesNoWidget(nullable=True)
    )
    has_joint_experience = fields.Field(
        attribute="has_joint_experience", column_name="Expérience conjointe", widget=YesNoWidget(nullable=True)
    )
    wishes_collaboration = fields.Field(
        attribute="wishes_collaboration", column_name="Souhaite collaborer", widget=YesNoWidget(nullable=True)
    )
    study_mentions = text("study_mentions", "Mentions dans l’étude")
    study_names = text("study_names", "Noms dans l’étude")
    status = choice("status", "Statut de publication", PublicationStatus.choices, keep_if_blank=True)
    source = choice("source", "Source", Source.choices, keep_if_blank=True)
    required_columns = ("Nom", "Forme juridique")

    class Meta(DirectoryResource.Meta):
        model = Actor
        fields = ["slug", *PROFILE_FIELDS, *PROFILE_M2M, *ACTOR_STUDY_FIELDS, "status", "source"]
        import_id_fields = []

    def row_keys(self, row):
        keys = []
        for column, kind in (("SIRET", "siret"), ("RNA", "rna"), ("Identifiant", "slug")):
            value = str(row.get(column) or "").strip()
            if value:
                keys.append((kind, value))
        name = plain(str(row.get("Nom") or ""))
        if name and not keys:
            form = readable(LEGAL_FORMS, row.get("Forme juridique"))
            keys.append(("name", name, form if form in LegalForm.values else ""))
        return keys

    def key_index(self):
        index = {}
        for pk, slug, siret, rna, sort_name, form in Actor.objects.values_list(
            "pk", "slug", "siret", "rna", "sort_name", "legal_form"
        ):
            index[("slug", slug)] = pk
            if siret:
                index[("siret", siret)] = pk
            if rna:
                index[("rna", rna)] = pk
            index.setdefault(("name", sort_name, form), pk)
        return index


class CollectivityResource(BulkWrites, DirectoryResource):
    display_name = _("Collectivités")
    slug = text("slug", "Identifiant")
    name = text("name", "Nom")
    acronym = text("acronym", "Sigle")
    kind = choice("kind", "Type", CollectivityType.choices, blank=False)
    institution = choice("institution", "Institution", Institution.choices)
    country = fields.Field(attribute="country", column_name="Pays", widget=CountryCodeWidget(blank=False))
    territory = text("territory", "Territoire")
    official_code = text("official_code", "Code officiel")
    website = text("website", "Site web")
    description = text("description", "Description")
    is_respondent = fields.Field(attribute="is_respondent", column_name="Répondant", widget=YesNoWidget())
    in_study_annex = fields.Field(attribute="in_study_annex", column_name="Cité en annexe", widget=YesNoWidget())
    is_group = fields.Field(attribute="is_group", column_name="Groupe d’organisations", widget=YesNoWidget())
    study_mentions = text("study_mentions", "Mentions dans l’étude")
    study_names = text("study_names", "Noms dans l’étude")
    status = choice("status", "Statut de publication", PublicationStatus.choices, keep_if_blank=True)
    source = choice("source", "Source", Source.choices, keep_if_blank=True)
    required_columns = ("Nom", "Type", "Pays")

    class Meta(DirectoryResource.Meta):
        model = Collectivity
        fields = [
            "slug",
            "name",
            "acronym",
            "kind",
            "institution",
            "country",
            "territory",
            "official_code",
            "website",
            "description",
            "is_respondent",
            "in_study_annex",
            "is_group",
            "study_mentions",
            "study_names",
            "status",
            "source",
        ]
        import_id_fields = []

    def row_keys(self, row):
        keys = []
        if str(row.get("Identifiant") or "").strip():
            keys.append(("slug", row["Identifiant"].strip()))
        code = str(row.get("Code officiel") or "").strip()
        if code:
            keys.append(("code", readable(COUNTRY, row.get("Pays")).upper(), code))
        name = plain(str(row.get("Nom") or ""))
        if name and not keys:
            keys.append(("name", name, readable(COLLECTIVITY_TYPES, row.get("Type"))))
        return keys

    def key_index(self):
        index = {}
        for pk, slug, country, code, sort_name, kind in Collectivity.objects.values_list(
            "pk", "slug", "country", "official_code", "sort_name", "kind"
        ):
            index[("slug", slug)] = pk
            if code:
                index[("code", str(country), code)] = pk
            index.setdefault(("name", sort_name, kind), pk)
        return index
