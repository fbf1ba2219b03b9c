"""django-import-export resources of the directory: French column headers, readable lists, natural
keys (SIRET or RNA, else identifier, else normalised name with kind), refused rows explained."""

import copy

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from import_export import fields, resources
from import_export.instance_loaders import BaseInstanceLoader
from import_export.widgets import ManyToManyWidget

from actors.models import (
    Actor,
    Collectivity,
    CollectivityType,
    Country,
    Domain,
    Institution,
    LegalForm,
    LegalStatus,
    PublicationStatus,
    Source,
    StaffBand,
    VolunteerBand,
)
from core.exports import neutralise
from core.text import plain
from projects.models import (
    Agreement,
    AgreementKind,
    ContractMode,
    Initiative,
    Participant,
    Project,
    ProjectStatus,
    Role,
)

from .widgets import (
    ChoiceWidget,
    CountryCodeWidget,
    SlugForeignKeyWidget,
    SlugListWidget,
    YearWidget,
    YesNoWidget,
    country_code,
    split_list,
)


def integrity_message(exc):
    """A refusal of the database, said plainly (which constraint, when it can tell)."""
    detail = str(exc).lower()
    if "unique" in detail or "duplicate" in detail:
        return _("déjà présent dans l’annuaire (identifiant, SIREN, SIRET ou RNA en double)")
    return _("refusé par la base de données : %(detail)s") % {"detail": str(exc)[:200]}


def text(attribute, column):
    return fields.Field(attribute=attribute, column_name=column)


def choice(attribute, column, choices, blank=True, keep_if_blank=False):
    """A choice column; with keep_if_blank, an empty cell leaves the record's value (or the default) alone."""
    return fields.Field(
        attribute=attribute,
        column_name=column,
        widget=ChoiceWidget(choices, blank=blank, blank_value=None if keep_if_blank else ""),
        saves_null_values=not keep_if_blank,
    )


class KeyLoader(BaseInstanceLoader):
    """Finds the existing record of a row by the resource's natural keys: an index of the keys built
    once per import, and the chunk's existing records fetched in one query (with their many-to-many
    links), not one per row."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.index = resource.keys_of_existing_records()
        model = resource._meta.model
        pks = {self.pk_for(row) for row in (dataset.dict if dataset is not None else [])} - {None}
        queryset = model._default_manager.filter(pk__in=pks).prefetch_related(
            *(f.name for f in model._meta.many_to_many)
        )
        self.cache = {obj.pk: obj for obj in queryset} if pks else {}

    def pk_for(self, row):
        for key in self.resource.row_keys(row):
            pk = self.index.get(key)
            if pk is not None:
                return pk
        return None

    def get_instance(self, row):
        pk = self.pk_for(row)
        if pk is None:
            return None
        stored = self.cache.get(pk) or self.resource._meta.model._default_manager.get(pk=pk)
        instance = copy.deepcopy(stored)
        instance._stored = stored  # the record as it is in the database, to compare with (skip_row)
        return instance


class DirectoryResource(resources.ModelResource):
    """What every resource shares: required and known columns, duplicate keys in a file, exports
    safe from spreadsheet formulas, errors keyed by column."""

    required_columns: tuple = ()

    class Meta:
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        instance_loader_class = KeyLoader
        use_natural_foreign_keys = False

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.seen_keys = {}

    # -- columns --------------------------------------------------------------------------------

    def column_names(self):
        return [field.column_name for field in self.get_export_fields()]

    def before_import(self, dataset, **kwargs):
        headers = [h for h in (dataset.headers or []) if h]
        missing = [c for c in self.required_columns if c not in headers]
        unknown = [h for h in headers if h not in self.column_names()]
        problems = []
        if missing:
            problems.append(_("colonne(s) obligatoire(s) absente(s) : %(cols)s") % {"cols": ", ".join(missing)})
        if unknown:
            problems.append(
                _("colonne(s) inconnue(s) : %(cols)s (colonnes possibles : %(known)s)")
                % {"cols": ", ".join(unknown), "known": ", ".join(self.column_names())}
            )
        if problems:
            raise ValueError(" ; ".join(problems))
        for field in self.fields.values():
            if hasattr(field.widget, "reset"):
                field.widget.reset()
        super().before_import(dataset, **kwargs)

    # -- keys -----------------------------------------------------------------------------------

    def row_keys(self, row):
        raise NotImplementedError

    def key_index(self):
        raise NotImplementedError

    def keys_of_existing_records(self):
        """key_index(), once per import: records created by this import are never matched again (a key
        repeated in one file is refused as a duplicate)."""
        if getattr(self, "_key_index", None) is None:
            self._key_index = self.key_index()
        return self._key_index

    line_offset = 0  # rows of the file before the chunk being imported

    def before_import_row(self, row, row_number=None, **kwargs):
        line = self.line_offset + (row_number or 0) + 1  # the header is line 1
        for key in self.row_keys(row):
            if key in self.seen_keys:
                raise ValidationError(
                    {
                        self.key_attribute(key): _("doublon de la ligne %(line)s du même fichier")
                        % {"line": self.seen_keys[key]}
                    }
                )
        for key in self.row_keys(row):
            self.seen_keys[key] = line
        super().before_import_row(row, row_number=row_number, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        """Every column's error at once, many-to-many lists included (they are saved later)."""
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        instance._m2m_values = {}
        for field in self.get_import_fields():
            if isinstance(field.widget, ManyToManyWidget) and field.column_name in row:
                try:
                    instance._m2m_values[field.attribute] = field.clean(row)
                except ValueError as exc:
                    errors[field.attribute] = [str(exc)]
        if errors:
            raise ValidationError(errors)

    def key_attribute(self, key):
        return {"siret": "siret", "rna": "rna", "slug": "slug"}.get(key[0], "name")

    # -- saving ---------------------------------------------------------------------------------

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """Field validation (formats, choices, SIREN keys…); uniqueness and check constraints are the
        database's — checked per row within a savepoint (see import_row), not by one query each."""
        errors = dict(import_validation_errors or {})
        try:
            # The country columns are checked by their widget; the field's own check walks 250 choices.
            exclude = [*errors, *(f.attribute for f in self.fields.values() if isinstance(f.widget, CountryCodeWidget))]
            instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def import_row(self, row, instance_loader, **kwargs):
        """Each row in its own savepoint: a row the database refuses is reported, the others go on."""
        if self._meta.use_bulk:  # nothing is written row by row: no savepoint to pay for
            result = super().import_row(row, instance_loader, **kwargs)
            if result.validation_error is not None:
                result.validation_error = self.by_column(result.validation_error)
            return result
        try:
            with transaction.atomic():
                result = super().import_row(row, instance_loader, **kwargs)
            if result.validation_error is not None:
                result.validation_error = self.by_column(result.validation_error)
            return result
        except IntegrityError as exc:
            result = self.get_row_result_class()()
            result.import_type = result.IMPORT_TYPE_INVALID
            result.validation_error = ValidationError({NON_FIELD_ERRORS: [integrity_message(exc)]})
            result.number = kwargs.get("row_number")
            return result

    def export_field(self, field, instance, **kwargs):
        return neutralise(super().export_field(field, instance, **kwargs))

    def before_save_instance(self, instance, row, **kwargs):
        """New entries are drafts from an import unless the file says otherwise."""
        if not instance.pk and hasattr(instance, "source"):
            if not row.get("Statut de publication"):
                instance.status = PublicationStatus.DRAFT
            if not row.get("Source"):
                instance.source = Source.IMPORT
        super().before_save_instance(instance, row, **kwargs)

    def by_column(self, error):
        """The same errors keyed by the file's column names (what the curator sees), not model fields."""
        columns = {}
        for field in self.fields.values():
            if field.attribute:
                columns.setdefault(field.attribute, field.column_name)
        for name, field in self.fields.items():
            columns.setdefault(name, field.column_name)
        if not hasattr(error, "error_dict"):
            return error
        return ValidationError(
            {
                (key if key == NON_FIELD_ERRORS else columns.get(key, key)): messages
                for key, messages in error.error_dict.items()
            }
        )

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Unchanged rows are skipped (and counted) — many-to-many links included."""
        if import_validation_errors or not instance.pk:
            return False
        if original is None:  # skip_diff (command imports): compare with the stored record
            original = getattr(instance, "_stored", None) or type(instance)._default_manager.get(pk=instance.pk)
        for field in self.get_import_fields():
            if field.column_name not in row:
                continue
            if isinstance(field.widget, ManyToManyWidget):
                values = getattr(instance, "_m2m_values", {}).get(field.attribute)
                wanted = sorted(str(v.pk) for v in (field.clean(row) if values is None else values))
                current = sorted(str(v.pk) for v in field.get_value(original).all())
                if wanted != current:
                    return False
            elif field.export(instance) != field.export(original):
                return False
        return True


class BulkWrites:
    """Bulk mode for the flat sections (actors, collectivities) of big imports: inserts and updates by
    batches, then what bulk writes bypass — slugs and sort names, many-to-many links, history — done by
    batch too (the search index is rebuilt once at the end of the import)."""

    def bulk_ready(self):
        if not hasattr(self, "_taken_slugs"):
            self._taken_slugs = set(self._meta.model._default_manager.values_list("slug", flat=True))

    def free_slug(self, text):
        self.bulk_ready()
        base = slugify((text or "").replace("’", "-").replace("'", "-"))[:190].strip("-") or "entree"
        slug, n = base, 2
        while slug in self._taken_slugs:
            slug, n = f"{base}-{n}", n + 1
        self._taken_slugs.add(slug)
        return slug

    def before_save_instance(self, instance, row, **kwargs):
        super().before_save_instance(instance, row, **kwargs)
        if self._meta.use_bulk:
            if not instance.slug:
                instance.slug = self.free_slug(getattr(instance, "acronym", "") or instance.name)
            instance.sort_name = plain(instance.name)
            instance.updated_at = timezone.now()

    def get_bulk_update_fields(self):
        concrete = {f.name for f in self._meta.model._meta.concrete_fields if not f.primary_key}
        names = {field.attribute for field in self.fields.values() if field.attribute in concrete}
        return sorted(names | {"slug", "sort_name", "updated_at"})

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        instances = list(self.create_instances)
        super().bulk_create(using_transactions, dry_run, raise_errors, batch_size=batch_size, result=result)
        self.after_bulk(instances, created=True)

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        instances = list(self.update_instances)
        super().bulk_update(using_transactions, dry_run, raise_errors, batch_size=batch_size, result=result)
        self.after_bulk(instances, created=False)

    def after_bulk(self, instances, created):
        instances = [i for i in instances if i.pk]
        if not instances:
            return
        model = self._meta.model
        for name in {name for i in instances for name in getattr(i, "_m2m_values", {})}:
            field = model._meta.get_field(name)
            through = field.remote_field.through
            source = field.m2m_field_name()
            target = field.m2m_reverse_field_name()
            owners = [i for i in instances if name in getattr(i, "_m2m_values", {})]
            if not created:
                through.objects.filter(**{f"{source}__in": [i.pk for i in owners]}).delete()
            through.objects.bulk_create(
                [
                    through(**{f"{source}_id": i.pk, f"{target}_id": obj.pk})
                    for i in owners
                    for obj in i._m2m_values[name]
                ],
                batch_size=1000,
            )
        model.history.bulk_history_create(instances, update=not created, batch_size=1000)


class DomainResource(DirectoryResource):
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
        self.fields["parent"].widget = SlugForeignKeyWidget(Domain)

    def row_keys(self, row):
        return [("slug", row["Identifiant"].strip())] if row.get("Identifiant", "").strip() else []

    def key_index(self):
        return {("slug", slug): pk for pk, slug in Domain.objects.values_list("pk", "slug")}


LEGAL_FORMS = ChoiceWidget(LegalForm.choices)


class ActorResource(BulkWrites, DirectoryResource):
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
    domains = fields.Field(attribute="domains", column_name="Domaines", widget=SlugListWidget(Domain))
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
        fields = [
            "slug",
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
            "domains",
            "countries",
            "is_respondent",
            "in_study_annex",
            "is_group",
            "active_abroad",
            "has_joint_experience",
            "wishes_collaboration",
            "study_mentions",
            "study_names",
            "status",
            "source",
        ]
        import_id_fields = []

    def row_keys(self, row):
        keys = []
        for column, kind in (("SIRET", "siret"), ("RNA", "rna"), ("Identifiant", "slug")):
            value = str(row.get(column) or "").strip()
            if value:
                keys.append((kind, value))
        name = plain(str(row.get("Nom") or ""))
        if name and not keys:
            try:
                form = LEGAL_FORMS.clean(row.get("Forme juridique"))
            except ValueError:
                form = ""
            keys.append(("name", name, form))
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
            keys.append(("code", str(row.get("Pays") or "").strip().upper(), code))
        name = plain(str(row.get("Nom") or ""))
        if name and not keys:
            keys.append(("name", name, str(row.get("Type") or "").strip()))
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
    slug = text("slug", "Identifiant")
    title = text("title", "Titre")
    summary = text("summary", "Résumé")
    places = text("places", "Lieux")
    countries = fields.Field(
        attribute="countries", column_name="Pays", widget=SlugListWidget(Country, field="code", normalise=country_code)
    )
    domains = fields.Field(attribute="domains", column_name="Domaines", widget=SlugListWidget(Domain))
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
                str(row.get("Rôle") or "").strip(),
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
        fields = [
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
        import_id_fields = []

    def __init__(self, **kwargs):
        from import_export.widgets import DecimalWidget

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
        if len(parties) < 2 and "parties" not in errors:
            errors["parties"] = [_("au moins deux parties")]
        if errors:
            raise ValidationError(errors)
        instance._parties = parties

    def skip_row(self, instance, original, row, import_validation_errors=None):
        skip = super().skip_row(instance, original, row, import_validation_errors)
        if skip and original.pk:
            return sorted(p.pk for p in instance._parties) == sorted(original.parties.values_list("pk", flat=True))
        return skip

    def after_save_instance(self, instance, row, **kwargs):
        super().after_save_instance(instance, row, **kwargs)
        instance.parties.set(instance._parties)


# Columns that hold personal data: never in what is published as open data (export_directory --public).
PERSONAL_COLUMNS = {"acteurs": ["Courriel"]}

# The directory's sections, in the order they import (each refers to the ones before it).
SECTIONS = [
    ("domaines", DomainResource),
    ("collectivites", CollectivityResource),
    ("acteurs", ActorResource),
    ("projets", ProjectResource),
    ("participants", ParticipantResource),
    ("conventions", AgreementResource),
]
