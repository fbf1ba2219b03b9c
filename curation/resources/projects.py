"""The resources of projects, their participants and their agreements (« acteur:slug=rôle@début-fin »
lists in one column, or one participant per line)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from import_export import fields
from import_export.widgets import DecimalWidget

from actors.models import Actor, Collectivity, Country, Domain
from core.publishing import PublicationStatus, Source
from core.text import plain
from projects.models import (
    AGREEMENT_FIELDS,
    Agreement,
    AgreementKind,
    ContractMode,
    Initiative,
    Participant,
    Project,
    ProjectStatus,
    Role,
    agreement_parties_errors,
)

from ..widgets import (
    ChoiceWidget,
    SlugForeignKeyWidget,
    SlugListWidget,
    YearWidget,
    country_code,
    split_list,
)
from .base import DirectoryResource, choice, text


def organisation_label(participant):
    """« acteur:eau-vive » or « collectivite:region-ile-de-france »."""
    if participant.actor_id:
        return f"acteur:{participant.actor.slug}"
    return f"collectivite:{participant.collectivity.slug}"


def participant_label(participant):
    """« acteur:eau-vive=operateur@2006-2008 »: the organisation, its role, the years it held it."""
    years = ""
    if participant.start_year or participant.end_year:
        years = f"@{participant.start_year or ''}-{participant.end_year or ''}"
    return f"{organisation_label(participant)}={participant.role}{years}"


def parse_participant(item):
    """(kind, slug, role, start, end) from « acteur:eau-vive=operateur@2006-2008 »."""
    try:
        organisation, rest = item.split("=", 1)
        kind, slug = organisation.split(":", 1)
    except ValueError:
        raise ValueError(
            _("« %(item)s » : écrivez acteur:identifiant=rôle ou collectivite:identifiant=rôle") % {"item": item[:60]}
        ) from None
    kind = plain(kind)
    if kind not in ("acteur", "collectivite"):
        raise ValueError(_("« %(kind)s » : acteur ou collectivite") % {"kind": kind})
    role, _sep, years = rest.partition("@")
    role = ChoiceWidget(Role.choices, blank=False).clean(role)
    start = end = None
    if years:
        first, _sep, last = years.partition("-")
        start = YearWidget().clean(first)
        end = YearWidget().clean(last)
    return kind, slug.strip(), role, start, end


def role_code(text):
    """The role's code for « Opérateur » or « operateur »; the text itself when it is no role."""
    try:
        return ChoiceWidget(Role.choices, blank=False).clean(text)
    except ValueError:
        return str(text or "").strip()


def find_organisation(kind, slug):
    model = Actor if kind == "acteur" else Collectivity
    organisation = model.objects.filter(slug=slug).first()
    if organisation is None:
        raise ValueError(_("%(kind)s inconnu(e) : %(slug)s") % {"kind": kind, "slug": slug})
    return organisation


class ParticipantsField(fields.Field):
    """The « Participants » column of a project: its organisations with their roles and years."""

    def get_value(self, obj):
        return obj

    def export(self, obj, **kwargs):
        if not obj.pk:
            return ""
        return " ; ".join(participant_label(p) for p in obj.participants.all())

    def clean(self, row, **kwargs):
        parsed = []
        errors = []
        for item in split_list(row.get(self.column_name)):
            try:
                kind, slug, role, start, end = parse_participant(item)
                parsed.append((find_organisation(kind, slug), role, start, end))
            except ValueError as exc:
                errors.append(str(exc))
        if errors:
            raise ValueError(" ; ".join(errors))
        return parsed

    def save(self, instance, row, is_m2m=False, **kwargs):
        instance._participants = self.clean(row)


class ProjectResource(DirectoryResource):
    display_name = _l("Projets")
    slug = text("slug", "Identifiant")
    title = text("title", "Titre")
    summary = text("summary", "Résumé")
    places = text("places", "Lieux")
    countries = fields.Field(
        attribute="countries", column_name="Pays", widget=SlugListWidget(Country, field="code", normalise=country_code)
    )
    domains = fields.Field(attribute="domains", column_name="Domaines", widget=SlugListWidget(Domain, name="name"))
    start_year = fields.Field(attribute="start_year", column_name="Début", widget=YearWidget())
    end_year = fields.Field(attribute="end_year", column_name="Fin", widget=YearWidget())
    project_status = choice("project_status", "État", ProjectStatus.choices)
    initiative = choice("initiative", "Initiative", Initiative.choices)
    participants = ParticipantsField(column_name="Participants")
    study_mentions = text("study_mentions", "Mentions dans l’étude")
    status = choice("status", "Statut de publication", PublicationStatus.choices, keep_if_blank=True)
    source = choice("source", "Source", Source.choices, keep_if_blank=True)
    required_columns = ("Titre",)

    class Meta(DirectoryResource.Meta):
        model = Project
        fields = [
            "slug",
            "title",
            "summary",
            "places",
            "countries",
            "domains",
            "start_year",
            "end_year",
            "project_status",
            "initiative",
            "participants",
            "study_mentions",
            "status",
            "source",
        ]
        import_id_fields = []

    def row_keys(self, row):
        if str(row.get("Identifiant") or "").strip():
            return [("slug", row["Identifiant"].strip())]
        title = plain(str(row.get("Titre") or ""))
        return [("name", title)] if title else []

    def key_index(self):
        index = {}
        for pk, slug, title in Project.objects.values_list("pk", "slug", "sort_title"):
            index[("slug", slug)] = pk
            index.setdefault(("name", title), pk)
        return index

    def import_instance(self, instance, row, **kwargs):
        instance._participants = None
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if "Participants" in row:
            try:
                self.fields["participants"].save(instance, row)
            except ValueError as exc:
                errors["participants"] = [str(exc)]
        if errors:
            raise ValidationError(errors)

    def get_import_fields(self):
        return [f for f in super().get_import_fields() if f.column_name != "Participants"]

    def skip_row(self, instance, original, row, import_validation_errors=None):
        skip = super().skip_row(instance, original, row, import_validation_errors)
        original = self.original_of(instance, original)
        if skip and instance._participants is not None and original.pk:
            wanted = sorted((participant_key(o, r), s, e) for o, r, s, e in instance._participants)
            current = sorted(
                (participant_key(p.organisation, p.role), p.start_year, p.end_year) for p in original.participants.all()
            )
            return wanted == current
        return skip

    def after_save_instance(self, instance, row, **kwargs):
        super().after_save_instance(instance, row, **kwargs)
        if getattr(instance, "_participants", None) is not None:
            sync_participants(instance, instance._participants)


def participant_key(organisation, role):
    kind = "acteur" if isinstance(organisation, Actor) else "collectivite"
    return (kind, organisation.pk, role)


def sync_participants(project, wanted):
    """Make the project's participants exactly `wanted` [(organisation, role, start, end)], keeping the
    notes of those that stay."""
    existing = {
        participant_key(p.organisation, p.role): p for p in project.participants.select_related("actor", "collectivity")
    }
    keep = set()
    for position, (organisation, role, start, end) in enumerate(wanted, start=1):
        key = participant_key(organisation, role)
        keep.add(key)
        participant = existing.get(key) or Participant(project=project, role=role)
        if isinstance(organisation, Actor):
            participant.actor = organisation
        else:
            participant.collectivity = organisation
        participant.start_year, participant.end_year, participant.position = start, end, position
        participant.save()
    for key, participant in existing.items():
        if key not in keep:
            participant.delete()


class ParticipantResource(DirectoryResource):
    """Participants one per line, with their notes (the « Participants » column of projects holds the rest)."""

    display_name = _l("Participants")

    project = fields.Field(attribute="project__slug", column_name="Projet", readonly=True)
    organisation = fields.Field(column_name="Organisation", readonly=True)
    role = fields.Field(attribute="role", column_name="Rôle", readonly=True)
    start_year = fields.Field(attribute="start_year", column_name="Depuis", widget=YearWidget())
    end_year = fields.Field(attribute="end_year", column_name="Jusqu’en", widget=YearWidget())
    notes = text("notes", "Précisions")
    position = fields.Field(attribute="position", column_name="Ordre", default=0)
    required_columns = ("Projet", "Organisation", "Rôle")

    class Meta(DirectoryResource.Meta):
        model = Participant
        fields = ["project", "organisation", "role", "start_year", "end_year", "notes", "position"]
        import_id_fields = []

    def dehydrate_organisation(self, participant):
        return organisation_label(participant)

    def row_keys(self, row):
        return [
            (
                "participant",
                str(row.get("Projet") or "").strip(),
                str(row.get("Organisation") or "").strip(),
                role_code(row.get("Rôle")),
            )
        ]

    def key_index(self):
        index = {}
        for participant in Participant.objects.select_related("project", "actor", "collectivity"):
            index[("participant", participant.project.slug, organisation_label(participant), participant.role)] = (
                participant.pk
            )
        return index

    def key_attribute(self, key):
        return "role"

    def init_instance(self, row=None):
        project = Project.objects.filter(slug=str(row.get("Projet") or "").strip()).first()
        if project is None:
            raise ValidationError({"project": _("projet inconnu : %(slug)s") % {"slug": row.get("Projet")}})
        kind, slug, role, _start, _end = parse_participant(f"{row.get('Organisation')}={row.get('Rôle')}")
        participant = Participant(project=project, role=role)
        organisation = find_organisation(kind, slug)
        if isinstance(organisation, Actor):
            participant.actor = organisation
        else:
            participant.collectivity = organisation
        return participant


class AgreementResource(DirectoryResource):
    display_name = _l("Conventions")
    project = fields.Field(attribute="project", column_name="Projet")
    slug = text("slug", "Identifiant")
    kind = choice("kind", "Nature", AgreementKind.choices, blank=False)
    mode = choice("mode", "Mode", ContractMode.choices)
    title = text("title", "Intitulé")
    parties = fields.Field(column_name="Parties")
    signed_year = fields.Field(attribute="signed_year", column_name="Signature", widget=YearWidget())
    start_year = fields.Field(attribute="start_year", column_name="Début", widget=YearWidget())
    end_year = fields.Field(attribute="end_year", column_name="Fin", widget=YearWidget())
    amount = fields.Field(attribute="amount", column_name="Montant")
    currency = text("currency", "Devise")
    notes = text("notes", "Précisions")
    required_columns = ("Projet", "Identifiant", "Nature", "Parties")

    class Meta(DirectoryResource.Meta):
        model = Agreement
        fields = AGREEMENT_FIELDS
        import_id_fields = []

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fields["project"].widget = SlugForeignKeyWidget(Project)
        self.fields["amount"].widget = DecimalWidget()

    def dehydrate_parties(self, agreement):
        return " ; ".join(participant_label(p).split("@")[0] for p in agreement.parties.all())

    def row_keys(self, row):
        return [("agreement", str(row.get("Projet") or "").strip(), str(row.get("Identifiant") or "").strip())]

    def key_index(self):
        return {("agreement", a.project.slug, a.slug): a.pk for a in Agreement.objects.select_related("project")}

    def key_attribute(self, key):
        return "slug"

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        project = Project.objects.filter(slug=str(row.get("Projet") or "").strip()).first()
        if project is None:
            raise ValidationError({"project": _("projet inconnu : %(slug)s") % {"slug": str(row.get("Projet"))[:80]}})
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        parties = []
        for item in split_list(row.get("Parties")):
            try:
                kind, slug, role, _start, _end = parse_participant(item)
                lookup = {"actor__slug": slug} if kind == "acteur" else {"collectivity__slug": slug}
                party = Participant.objects.filter(project=project, role=role, **lookup).first()
                if party is None:
                    raise ValueError(_("« %(item)s » n’est pas un participant du projet") % {"item": item[:60]})
                parties.append(party)
            except ValueError as exc:
                errors.setdefault("parties", []).append(str(exc))
        if "parties" not in errors and agreement_parties_errors(project.pk, parties):
            errors["parties"] = agreement_parties_errors(project.pk, parties)
        if errors:
            raise ValidationError(errors)
        instance._parties = parties

    def skip_row(self, instance, original, row, import_validation_errors=None):
        skip = super().skip_row(instance, original, row, import_validation_errors)
        original = self.original_of(instance, original)
        if skip and original.pk:
            return sorted(p.pk for p in instance._parties) == sorted(original.parties.values_list("pk", flat=True))
        return skip

    def after_save_instance(self, instance, row, **kwargs):
        super().after_save_instance(instance, row, **kwargs)
        instance.parties.set(instance._parties)
