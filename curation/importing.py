"""Importing a whole file — all sections, one transaction, every refused row reported by line and
column — for the `import_directory` command and the tests. The admin uses the same resources."""

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from core.search import deferred_indexing

from . import files
from .bulk import BulkSection
from .resources import SECTIONS, BulkWrites

SECTION_NAMES = dict(SECTIONS)
# What a section may be called (file names, sheet titles, JSON keys).
ALIASES = {
    "domaines": "domaines",
    "domains": "domaines",
    "collectivites": "collectivites",
    "collectivities": "collectivites",
    "acteurs": "acteurs",
    "actors": "acteurs",
    "projets": "projets",
    "projects": "projets",
    "participants": "participants",
    "conventions": "conventions",
    "agreements": "conventions",
    "contrats": "conventions",
}
CHUNK = 2000


@dataclass
class SectionReport:
    name: str
    new: int = 0
    updated: int = 0
    skipped: int = 0
    errors: list = field(default_factory=list)  # (line, column, message)

    @property
    def refused(self):
        return len({line for line, _column, _message in self.errors})


@dataclass
class ImportReport:
    sections: list = field(default_factory=list)
    file_errors: list = field(default_factory=list)
    indexed: dict = field(default_factory=dict)  # {kind: search documents rewritten}

    @property
    def ok(self):
        return not self.file_errors and not any(s.errors for s in self.sections)

    @property
    def partly_ok(self):
        """Only rows refused: no file or whole-section error (what a partial import may write around)."""
        return not self.file_errors and not any(line is None for s in self.sections for line, _c, _m in s.errors)

    @property
    def refused_lines(self):
        """{section: {line: « column : message ; … »}} of the refused rows."""
        refused = {}
        for section in self.sections:
            for line, column, message in section.errors:
                if line is not None:
                    lines = refused.setdefault(section.name, {})
                    text = f"{column}\u00a0: {message}" if column else message
                    lines[line] = f"{lines[line]} ; {text}" if line in lines else text
        return refused


def section_of(name):
    key = Path(name).stem.lower().replace("é", "e").replace("-", "_").split("_")[0]
    section = ALIASES.get(key)
    if section is None:
        raise files.FileError(
            _(
                "Section inconnue « %(name)s » : nommez-la acteurs, collectivites, projets, participants, conventions "
                "ou domaines."
            )
            % {"name": name}
        )
    return section


def read_path(path, section=None):
    """{section: dataset} from a directory of CSV files, a workbook, a JSON export, or one CSV."""
    path = Path(path)
    if path.is_dir():
        found = {}
        for csv_path in sorted(path.glob("*.csv")):
            found[section_of(csv_path.name)] = files.CsvStream(csv_path.read_bytes())
        if not found:
            raise files.FileError(_("Aucun fichier CSV dans ce dossier."))
        return found
    if not path.exists():
        raise files.FileError(_("Fichier introuvable : %(path)s") % {"path": path})
    data = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return {
            section_of(title) if section is None else section: d for title, d in files.read_xlsx_sheets(data).items()
        }
    if suffix == ".json":
        sections = files.read_json_sections(data)
        if set(sections) == {""}:
            return {section or section_of(path.name): sections[""]}
        return {section_of(name): d for name, d in sections.items()}
    if suffix in (".csv", ".txt"):
        return {section or section_of(path.name): files.CsvStream(data)}
    raise files.FileError(_("Format non reconnu (%(suffix)s) : CSV, XLSX ou JSON.") % {"suffix": suffix or "?"})


def fast(resource_class):
    """The resource without the per-row diff the admin preview shows, and — for the flat sections —
    in bulk mode by batches of 1 000 (big files)."""
    options = {"skip_diff": True}
    if issubclass(resource_class, BulkWrites):
        options.update(use_bulk=True, batch_size=1000)
    meta = type("Meta", (resource_class.Meta,), options)
    return type(resource_class.__name__, (resource_class,), {"Meta": meta, "__module__": resource_class.__module__})


def chunks(table, size):
    """(offset, dataset) pairs: a streamed CSV chunk by chunk, or slices of an in-memory dataset."""
    if hasattr(table, "chunks"):
        yield from table.chunks(size)
        return
    for start in range(0, max(table.height, 1), size):
        rows = [tuple(row) for row in table[start : start + size]] if table.height else []
        yield start, type(table)(*rows, headers=table.headers)


def column_of(resource, attribute):
    field = resource.fields.get(attribute)
    if field is not None:
        return field.column_name
    for candidate in resource.fields.values():
        if candidate.attribute == attribute:
            return candidate.column_name
    return attribute if attribute != "__all__" else ""


def import_datasets(datasets, *, dry_run=False, partial=False, progress=None):
    """Import every section in order, in one transaction: all of it, or — on any refused row, or
    with dry_run — nothing. With `partial`, the valid rows are written and the refused ones only
    reported (a section refused as a whole still writes nothing). `progress(rows)` is called after
    each chunk with the number of rows it held."""
    report = ImportReport()
    # Only the entries the import wrote are indexed again, once, at the end of its transaction.
    with transaction.atomic(), deferred_indexing() as pending:
        for name, resource_class in SECTIONS:
            if name not in datasets:
                continue
            section = SectionReport(name)
            report.sections.append(section)
            import_section(fast(resource_class)(), datasets[name], section, partial=partial, progress=progress)
        if dry_run or (not report.ok and not (partial and report.partly_ok)):
            pending.cancel()
            transaction.set_rollback(True)
    report.indexed = pending.indexed
    return report


def import_section(resource, table, section, *, partial=False, progress=None):
    """One section, chunk by chunk. The flat sections (BulkWrites) go through curation.bulk; a chunk
    is written only while nothing was refused (or with `partial`): a refused import is rolled back."""
    bulk = BulkSection(resource, section) if isinstance(resource, BulkWrites) else None
    for start, part in chunks(table, CHUNK):
        if bulk is not None:
            whole = bulk.import_chunk(part, start, write=partial or not section.errors)
        else:
            resource.line_offset = start
            result = resource.import_data(
                part, dry_run=False, raise_errors=False, use_transactions=False, collect_failed_rows=False
            )
            collect(resource, result, section, offset=start)
            whole = not (result.has_errors() and result.base_errors)
        if progress is not None:
            progress(part.height)
        if not whole:
            break
    if bulk is not None:
        bulk.finish()


def collect(resource, result, section, offset):
    totals = result.totals
    section.new += totals.get("new", 0)
    section.updated += totals.get("update", 0)
    section.skipped += totals.get("skip", 0)
    for error in result.base_errors:
        section.errors.append((None, "", str(error.error)))
    for line, row_errors in result.row_errors():
        for error in row_errors:
            section.errors.append((offset + line + 1, "", str(error.error)))
    for invalid in result.invalid_rows:
        for attribute, messages in invalid.error_dict.items():
            for message in messages:
                text = " ".join(message.messages) if hasattr(message, "messages") else str(message)
                section.errors.append((offset + invalid.number + 1, column_of(resource, attribute), text))
