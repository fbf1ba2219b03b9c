"""Load the study's data from fixtures/: create what is missing, update what differs, touch nothing else.

Unlike `loaddata`, objects are saved normally (timestamps, slugs, history) and only when their
content changed, so running the command twice writes nothing the second time.
"""

from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError, transaction

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
        # One index rebuild at the end instead of one per saved object.
        with transaction.atomic(), bulk_indexing():
            for path in files:
                with path.open(encoding="utf-8") as stream:
                    try:
                        for deserialized in serializers.deserialize("yaml", stream, handle_forward_references=False):
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
            raise CommandError(f"{path.name} : {key} est déjà défini dans {seen[key]}.")
        seen[key] = path.name
        existing = model._default_manager.filter(pk=obj.pk).first() if obj.pk is not None else None
        target = existing or obj
        changed = existing is None
        if existing is not None:
            for field in comparable_fields(model):
                new = getattr(obj, field.attname)
                if getattr(existing, field.attname) != new:
                    setattr(existing, field.attname, new)
                    changed = True
        if changed:
            # Field validation here (formats, choices, SIREN keys…); uniqueness and check constraints are
            # the database's (one query each per object otherwise), reported the same way.
            try:
                target.full_clean(validate_unique=False, validate_constraints=False)
                with transaction.atomic():
                    target.save()
            except ValidationError as exc:
                raise CommandError(f"{path.name} : {model.__name__} {key[1]} : {exc.message_dict}") from exc
            except IntegrityError as exc:
                raise CommandError(f"{path.name} : {model.__name__} {key[1]} : {exc}") from exc
        for name, values in (deserialized.m2m_data or {}).items():
            manager = getattr(target, name)
            wanted = {str(v) for v in values}
            current = {str(pk) for pk in manager.values_list("pk", flat=True)}
            if existing is None or current != wanted:
                manager.set(values)
                changed = True
        counts[("créés" if existing is None else "mis à jour") if changed else "inchangés"] += 1

    def check_agreements(self):
        for agreement in Agreement.objects.prefetch_related("parties").select_related("project"):
            errors = agreement_parties_errors(agreement.project_id, list(agreement.parties.all()))
            if errors:
                label = f"{agreement.project.slug}/{agreement.slug}"
                raise CommandError(f"{label}\u00a0: {' '.join(str(e) for e in errors)}")
