"""Load the study's data from fixtures/: create what is missing, update what differs, touch nothing else.

Unlike `loaddata`, objects are saved normally (timestamps, slugs, history) and only when their
content changed, so running the command twice writes nothing the second time.
"""

from collections import Counter
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.pyyaml import Deserializer as YAMLDeserializer
from django.db import IntegrityError, transaction
from django.db.models.signals import post_save
from simple_history.models import HistoricalRecords

from core.search import bulk_indexing
from projects.models import Agreement, agreement_parties_errors

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"
SKIPPED_FIELDS = {"created_at", "updated_at"}


def fixture_files(directory=FIXTURES_DIR):
    """Every YAML fixture under `directory`, in path order (the numeric prefixes give the load order)."""
    return sorted(p for p in directory.rglob("*.yaml") if p.is_file())


def comparable_fields(model):
    """Fields a fixture sets: not the key, not the timestamps, not what save() derives (editable=False)."""
    return [f for f in model._meta.concrete_fields if not f.primary_key and f.editable and f.name not in SKIPPED_FIELDS]


def copy_fields(source, existing):
    """Copy onto `existing` the fixture's values that differ; True when one did."""
    changed = False
    for field in comparable_fields(type(existing)):
        new = getattr(source, field.attname)
        if getattr(existing, field.attname) != new:
            setattr(existing, field.attname, new)
            changed = True
    return changed


def set_links(target, m2m_data, created):
    """Give `target` the fixture's many-to-many links; True when they changed."""
    changed = False
    for name, values in m2m_data.items():
        manager = getattr(target, name)
        if created:
            manager.add(*values)  # a new object has no links yet: nothing to compare or remove
            changed = True
            continue
        if {str(pk) for pk in manager.values_list("pk", flat=True)} != {str(v) for v in values}:
            manager.set(values)
            changed = True
    return changed


@cache
def history_recorder(model):
    """django-simple-history's recorder of `model` (None if untracked): it keeps no handle on it but
    its signal receivers."""
    for receiver in post_save._live_receivers(model)[0]:
        recorder = getattr(receiver, "__self__", None)
        if isinstance(recorder, HistoricalRecords):
            return recorder
    return None


class Deserializer(YAMLDeserializer):
    """The YAML deserializer, with each natural key of a foreign key or many-to-many value resolved once
    per load (the fixtures name the same domains, countries and projects hundreds of times). Objects are
    loaded in order and none is deleted meanwhile, so a key resolved once stays valid."""

    def __init__(self, stream, resolved, **options):
        super().__init__(stream, **options)
        self.resolved = resolved

    def _handle_fk_field_node(self, field, field_value):
        return self._memo(("fk", field, _hashable(field_value)), super()._handle_fk_field_node, field, field_value)

    def _handle_m2m_field_node(self, field, field_value):
        return self._memo(("m2m", field, _hashable(field_value)), super()._handle_m2m_field_node, field, field_value)

    def _memo(self, key, resolve, field, field_value):
        if key not in self.resolved:
            self.resolved[key] = resolve(field, field_value)
        return self.resolved[key]


def _hashable(value):
    return tuple(_hashable(v) for v in value) if isinstance(value, list) else value


class Command(BaseCommand):
    help = "Charge les données de l’étude (dossier fixtures/). Relancer la commande ne change rien."

    def add_arguments(self, parser):
        parser.add_argument("--fixtures-dir", default=str(FIXTURES_DIR), help="Dossier des fixtures.")

    def handle(self, *args, fixtures_dir, **options):
        files = fixture_files(Path(fixtures_dir))
        if not files:
            raise CommandError(f"Aucune fixture trouvée dans {fixtures_dir}.")
        counts = Counter()
        seen = {}
        resolved = {}
        # One index rebuild at the end instead of one per saved object.
        with transaction.atomic(), bulk_indexing():
            for path in files:
                with path.open(encoding="utf-8") as stream:
                    try:
                        for deserialized in Deserializer(stream, resolved, handle_forward_references=False):
                            self.load_one(deserialized, path, seen, counts)
                    except serializers.base.DeserializationError as exc:
                        raise CommandError(f"{path.name} : {exc}") from exc
            self.check_agreements()
        summary = ", ".join(f"{n} {what}" for what, n in sorted(counts.items())) or "rien"
        self.stdout.write(self.style.SUCCESS(f"Étude chargée : {summary}."))
        return None

    def load_one(self, deserialized, path, seen, counts):
        obj = deserialized.object
        model = type(obj)
        key = (model._meta.label_lower, obj.natural_key() if hasattr(obj, "natural_key") else obj.pk)
        if key in seen:
            raise CommandError(f"{path.name} : {key} est déjà défini dans {seen[key]}.")
        seen[key] = path.name
        existing = model._default_manager.filter(pk=obj.pk).first() if obj.pk is not None else None
        target = existing or obj
        changed = existing is None or copy_fields(obj, existing)
        recorder = history_recorder(model)
        if recorder is not None:
            # One history row once the object and its links are written, not one per save and per link set.
            target.skip_history_when_saving = True
        try:
            if changed:
                self.save_checked(target, path, key)
            changed = set_links(target, deserialized.m2m_data or {}, existing is None) or changed
        finally:
            if recorder is not None:
                del target.skip_history_when_saving
        if changed and recorder is not None:
            recorder.create_historical_record(target, "+" if existing is None else "~")
        counts[("créés" if existing is None else "mis à jour") if changed else "inchangés"] += 1

    def save_checked(self, target, path, key):
        # Field validation here (formats, choices, SIREN keys…); uniqueness and check constraints are
        # the database's (one query each per object otherwise), reported the same way.
        model = type(target)
        try:
            target.full_clean(validate_unique=False, validate_constraints=False)
            with transaction.atomic():
                target.save()
        except ValidationError as exc:
            raise CommandError(f"{path.name} : {model.__name__} {key[1]} : {exc.message_dict}") from exc
        except IntegrityError as exc:
            raise CommandError(f"{path.name} : {model.__name__} {key[1]} : {exc}") from exc

    def check_agreements(self):
        for agreement in Agreement.objects.prefetch_related("parties").select_related("project"):
            errors = agreement_parties_errors(agreement.project_id, list(agreement.parties.all()))
            if errors:
                label = f"{agreement.project.slug}/{agreement.slug}"
                raise CommandError(f"{label}\u00a0: {' '.join(str(e) for e in errors)}")
