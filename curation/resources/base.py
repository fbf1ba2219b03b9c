"""The base of the directory's django-import-export resources: French column headers, natural keys
(each resource says which), errors keyed by column, one savepoint per row, unchanged rows skipped, and
the bulk writes of big imports."""

import copy

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from import_export import fields, resources
from import_export.instance_loaders import BaseInstanceLoader
from import_export.widgets import ManyToManyWidget

from core import search
from core.exports import neutralise
from core.publishing import PublicationStatus, Source
from core.text import plain

from ..widgets import ChoiceWidget, CountryCodeWidget

# The column a file of refused rows adds (curation.services.refused_rows_file): ignored when it comes back.
ERROR_COLUMN = "erreur"


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
    display_name = ""  # the section's French name on the admin's import and export pages

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

    @classmethod
    def get_display_name(cls):
        return str(cls.display_name) if cls.display_name else super().get_display_name()

    def column_names(self):
        return [field.column_name for field in self.get_export_fields()]

    def before_import(self, dataset, **kwargs):
        headers = [h for h in (dataset.headers or []) if h]
        missing = [c for c in self.required_columns if c not in headers]
        unknown = [h for h in headers if h not in self.column_names() and h != ERROR_COLUMN]
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

    @staticmethod
    def original_of(instance, original):
        """The record as stored: `original`, or — skip_diff (command imports) gives None — the one the
        loader kept, else read again."""
        if original is not None or not instance.pk:
            return original
        return getattr(instance, "_stored", None) or type(instance)._default_manager.get(pk=instance.pk)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Unchanged rows are skipped (and counted) — many-to-many links included."""
        if import_validation_errors or not instance.pk:
            return False
        original = self.original_of(instance, original)
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
    batch too (the search index of the written entries is rewritten once at the end of the import)."""

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
        search.touched(model, [i.pk for i in instances])  # bulk writes send no signal
