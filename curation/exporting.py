"""Writing the whole directory: one CSV per section in a folder, one workbook, or one JSON file.

`public=True` writes what may be published as open data: published entries only (with the groups of
unnamed organisations the projects name), the participants and agreements between them, and no
personal data (PERSONAL_COLUMNS). Such a file imports back like the full one.

The columns are the import resources' (headers, widgets, the same cells as their own export: held
equal by tests/curation/test_export.py), but the rows are streamed: `values_list` over a server-side
cursor, many-to-many links and participants looked up once per chunk of rows — no model instance
per row, memory bounded by the chunk whatever the size of the directory."""

import csv
import json
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from types import SimpleNamespace

from django.db.models import Count, F, Q
from import_export.widgets import ManyToManyWidget, Widget
from openpyxl import Workbook

from actors.models import Actor, Collectivity, Domain, PublicationStatus
from core.exports import neutralise
from projects.models import Agreement, Participant, Project

from .resources import PERSONAL_COLUMNS, SECTIONS
from .resources.projects import organisation_label, participant_label
from .widgets import ChoiceWidget, CountryCodeWidget, SlugForeignKeyWidget, YearWidget, YesNoWidget

CHUNK = 2000

QUERYSETS = {
    # Domains before their themes (a theme names its parent), whatever the database does with NULLs.
    "domaines": lambda: Domain.objects.order_by(F("parent_id").asc(nulls_first=True), "position", "slug"),
    "collectivites": lambda: Collectivity.objects.order_by("slug"),
    "acteurs": lambda: Actor.objects.order_by("slug"),
    "projets": lambda: Project.objects.order_by("slug"),
    "participants": lambda: Participant.objects.order_by("project__slug", "position", "pk"),
    "conventions": lambda: Agreement.objects.order_by("project__slug", "slug"),
}
PUBLISHED = PublicationStatus.PUBLISHED


def published_participants():
    """Participants of published projects whose organisation is published (a group of unnamed
    organisations included: the project pages show it)."""
    return Participant.objects.in_published_projects().filter(
        Q(actor__status=PUBLISHED) | Q(collectivity__status=PUBLISHED)
    )


PUBLIC_QUERYSETS = {
    "domaines": QUERYSETS["domaines"],
    "collectivites": lambda: QUERYSETS["collectivites"]().filter(status=PUBLISHED),
    "acteurs": lambda: QUERYSETS["acteurs"]().filter(status=PUBLISHED),
    "projets": lambda: Project.objects.published().order_by("slug"),
    "participants": lambda: published_participants().order_by("project__slug", "position", "pk"),
    # An agreement needs two parties: one with fewer published parties stays out.
    "conventions": lambda: (
        Agreement.objects.in_published_projects()
        .annotate(published_parties=Count("parties", filter=Q(parties__in=published_participants())))
        .filter(published_parties__gte=2)
        .order_by("project__slug", "slug")
    ),
}
# Widgets whose export is the value as text ("" for None).
AS_TEXT = (Widget, ChoiceWidget, CountryCodeWidget, YearWidget)


def text_cell(value):
    if value is None:
        return ""
    return neutralise(value if type(value) is str else str(value))


@dataclass
class Column:
    """One exported column: `paths` read from each row, `render(*values)` makes the cell; or, for
    links, `per_chunk(pks)` gives {pk: cell} for a chunk of rows."""

    header: str
    paths: tuple = ()
    render: Callable | None = None
    per_chunk: Callable | None = None


def m2m_cells(model, attribute, target_field):
    """« slug ; slug » of a many-to-many field, sorted as SlugListWidget renders them."""
    field = model._meta.get_field(attribute)
    through = field.remote_field.through
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    target_path = f"{target}_id" if field.related_model._meta.pk.name == target_field else f"{target}__{target_field}"

    def cells(pks):
        found = defaultdict(list)
        for owner, value in through.objects.filter(**{f"{source}_id__in": pks}).values_list(
            f"{source}_id", target_path
        ):
            found[owner].append(str(value))
        return {pk: neutralise(" ; ".join(sorted(values))) for pk, values in found.items()}

    return cells


PARTICIPANT_PATHS = ("actor_id", "actor__slug", "collectivity__slug", "role", "start_year", "end_year")


def participant_from(actor_id, actor_slug, collectivity_slug, role, start_year, end_year):
    """What the resources' label functions read of a participant, without loading one."""
    return SimpleNamespace(
        actor_id=actor_id,
        actor=SimpleNamespace(slug=actor_slug),
        collectivity=SimpleNamespace(slug=collectivity_slug),
        role=role,
        start_year=start_year,
        end_year=end_year,
    )


def project_participants(pks, public=False):
    found = defaultdict(list)
    participants = published_participants() if public else Participant.objects
    rows = participants.filter(project_id__in=pks).order_by("project", "position", "pk")
    for project_id, *values in rows.values_list("project_id", *PARTICIPANT_PATHS):
        found[project_id].append(participant_label(participant_from(*values)))
    return {pk: neutralise(" ; ".join(labels)) for pk, labels in found.items()}


def agreement_parties(pks, public=False):
    through = Agreement.parties.through
    found = defaultdict(list)
    rows = through.objects.filter(agreement_id__in=pks)
    if public:
        rows = rows.filter(participant__in=published_participants())
    rows = rows.order_by("participant__project", "participant__position", "participant__pk")
    for agreement_id, *values in rows.values_list("agreement_id", *(f"participant__{p}" for p in PARTICIPANT_PATHS)):
        found[agreement_id].append(participant_label(participant_from(*values)).split("@")[0])
    return {pk: neutralise(" ; ".join(labels)) for pk, labels in found.items()}


# The columns the resources compute themselves (a Field subclass or a dehydrate_ method).
CUSTOM = {
    (Project, "Participants"): lambda public: Column(
        "Participants", per_chunk=lambda pks: project_participants(pks, public)
    ),
    (Agreement, "Parties"): lambda public: Column("Parties", per_chunk=lambda pks: agreement_parties(pks, public)),
    (Participant, "Organisation"): lambda public: Column(
        "Organisation",
        paths=PARTICIPANT_PATHS,
        render=lambda *values: neutralise(organisation_label(participant_from(*values))),
    ),
}


def columns_of(resource, public=False, dropped=()):
    model = resource._meta.model
    columns = []
    for field in resource.get_export_fields():
        widget, header = field.widget, field.column_name
        if header in dropped:
            continue
        if (model, header) in CUSTOM:
            columns.append(CUSTOM[model, header](public))
        elif isinstance(widget, ManyToManyWidget):
            columns.append(Column(header, per_chunk=m2m_cells(model, field.attribute, widget.field)))
        elif isinstance(widget, SlugForeignKeyWidget):
            columns.append(Column(header, (f"{field.attribute}__{widget.field}",), text_cell))
        elif isinstance(widget, YesNoWidget):
            columns.append(Column(header, (field.attribute,), widget.render))
        elif type(widget) in AS_TEXT:
            columns.append(Column(header, (field.attribute,), text_cell))
        else:  # numbers and the like: the widget's own rendering
            columns.append(Column(header, (field.attribute,), lambda value, w=widget: neutralise(w.render(value))))
    return columns


def section_rows(name, resource_class, public=False) -> tuple[list[str], Iterator[list]]:
    """(headers, rows) of a section, rows streamed chunk by chunk."""
    columns = columns_of(resource_class(), public, PERSONAL_COLUMNS.get(name, ()) if public else ())
    paths = ["pk", *dict.fromkeys(p for c in columns for p in c.paths)]
    position = {path: i for i, path in enumerate(paths)}
    plan = [(c, [position[p] for p in c.paths]) for c in columns]
    queryset = (PUBLIC_QUERYSETS if public else QUERYSETS)[name]()
    rows = queryset.values_list(*paths).iterator(chunk_size=CHUNK)

    def stream():
        while chunk := list(islice(rows, CHUNK)):
            pks = [row[0] for row in chunk]
            looked_up = {id(c): c.per_chunk(pks) for c in columns if c.per_chunk}
            for row in chunk:
                yield [
                    looked_up[id(c)].get(row[0], "") if c.per_chunk else c.render(*(row[i] for i in where))
                    for c, where in plan
                ]

    return [c.header for c in columns], stream()


def section_datasets(public=False):
    for name, resource_class in SECTIONS:
        yield (name, *section_rows(name, resource_class, public))


def export_directory(export_format, path, public=False):
    """Write the directory to `path`; returns {section: rows written}."""
    path = Path(path)
    if export_format not in WRITERS:
        raise ValueError(export_format)
    if export_format == "csv":
        path.mkdir(parents=True, exist_ok=True)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
    return WRITERS[export_format](path, public)


def write_csv(folder, public):
    counts = {}
    for name, headers, rows in section_datasets(public):
        with (folder / f"{name}.csv").open("w", encoding="utf-8-sig", newline="") as stream:
            writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")
            writer.writerow(headers)
            count = 0
            for count, row in enumerate(rows, start=1):  # noqa: B007 - the count is the last index
                writer.writerow(row)
        counts[name] = count
    return counts


def write_xlsx(path, public):
    counts = {}
    workbook = Workbook(write_only=True)
    for name, headers, rows in section_datasets(public):
        sheet = workbook.create_sheet(title=name)
        sheet.append(headers)
        count = 0
        for count, row in enumerate(rows, start=1):  # noqa: B007
            sheet.append(row)
        counts[name] = count
    workbook.save(path)
    return counts


def write_json(path, public):
    """{section: [{header: cell}]}, written row by row."""
    counts = {}
    with path.open("w", encoding="utf-8") as stream:
        stream.write("{")
        for index, (name, headers, rows) in enumerate(section_datasets(public)):
            stream.write(("," if index else "") + f"\n {json.dumps(name)}: [")
            count = 0
            for count, row in enumerate(rows, start=1):
                separator = "," if count > 1 else ""
                stream.write(f"{separator}\n  " + json.dumps(dict(zip(headers, row, strict=True)), ensure_ascii=False))
            stream.write("\n ]")
            counts[name] = count
        stream.write("\n}\n")
    return counts


WRITERS = {"csv": write_csv, "xlsx": write_xlsx, "json": write_json}
