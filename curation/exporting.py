"""Writing the whole directory: one CSV per section in a folder, one workbook, or one JSON file.

`public=True` writes what may be published as open data: published entries only (with the groups of
unnamed organisations the projects name), the participants and agreements between them, and no
personal data (PERSONAL_COLUMNS). Such a file imports back like the full one.

The columns are the import resources' (headers, widgets, the same cells as their own export: held
equal by tests/curation/test_export.py), but each section is one query whose cells the database
computes (`export_sql`: links and participants aggregated once per section and joined). On PostgreSQL the
CSV is written by the database itself (`export_copy`: COPY … TO STDOUT, the same bytes); elsewhere, and
for XLSX and JSON, the rows are streamed from a server-side cursor and written CHUNK rows at a time —
no model instance and no Python work per cell, memory bounded whatever the size of the directory."""

import csv
import io
import json
from collections.abc import Iterator
from itertools import islice
from pathlib import Path

from django.db.models import Count, F, Q, Value
from django.db.models.functions import NullIf
from import_export.widgets import DecimalWidget, ManyToManyWidget, Widget
from openpyxl import Workbook

from actors.models import Actor, Collectivity, Domain, PublicationStatus
from core.exports import neutralise
from projects.models import Agreement, Participant, Project

from . import export_copy, export_sql
from .resources import PERSONAL_COLUMNS, SECTIONS
from .widgets import ChoiceWidget, CountryCodeWidget, SlugForeignKeyWidget, YearWidget, YesNoWidget

CHUNK = 5000

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
    "conventions": lambda: Agreement.objects.filter(
        pk__in=Agreement.objects.in_published_projects()
        .annotate(published_parties=Count("parties", filter=Q(parties__in=published_participants())))
        .filter(published_parties__gte=2)
        .values("pk")
    ).order_by("project__slug", "slug"),
}
# Widgets whose export is the value as text ("" for None).
AS_TEXT = (Widget, ChoiceWidget, CountryCodeWidget, YearWidget)


def cell_expression(model, field, public, lists):
    """The SQL expression of a column's cell, or None for a column the widget renders in Python;
    `lists` (export_sql.ListJoins) joins the grouped lists."""
    widget, header = field.widget, field.column_name
    if (model, header) in export_sql.CUSTOM:
        cell = export_sql.CUSTOM[model, header](public)
        return lists.cell(cell) if isinstance(cell, str) else cell
    if isinstance(widget, ManyToManyWidget):
        return lists.cell(export_sql.m2m_list(model, field.attribute, widget.field))
    if isinstance(widget, YesNoWidget):
        return export_sql.yes_no(field.attribute)
    if isinstance(widget, DecimalWidget) and export_sql.decimal_supported():
        return export_sql.decimal(field.attribute)
    if isinstance(widget, SlugForeignKeyWidget):
        path = f"{field.attribute}__{widget.field}"
    elif type(widget) in AS_TEXT:
        path = field.attribute
    else:  # numbers and the like: the widget's own rendering
        return None
    return export_sql.number(path) if export_sql.is_number(model, path) else export_sql.text(path)


def section_rows(name, resource_class, public=False) -> tuple[list[str], Iterator[list]]:
    """(headers, rows) of a section: one query computing the cells, streamed from a server-side
    cursor CHUNK rows at a time."""
    headers, queryset, lists, rendered = section_query(name, resource_class, public)
    rows = stream(queryset, lists)
    if rendered:
        rows = (render_row(row, rendered) for row in rows)
    return headers, map(list, rows)


def section_sql(name, resource_class, public=False):
    """(sql, params) of a section's query (what the benchmark copies with COPY … TO STDOUT)."""
    _headers, queryset, lists, _rendered = section_query(name, resource_class, public)
    return query_sql(queryset, lists)


def query_sql(queryset, lists):
    return lists.inject(*queryset.query.get_compiler(queryset.db).as_sql())


def section_query(name, resource_class, public=False, empty_as_null=False):
    """(headers, values_list queryset of the cells, their ListJoins, {index: render} of the cells
    rendered in Python); `empty_as_null`: an empty cell computed by the database is NULL (for COPY)."""
    resource = resource_class()
    model = resource._meta.model
    dropped = PERSONAL_COLUMNS.get(name, ()) if public else ()
    fields = [field for field in resource.get_export_fields() if field.column_name not in dropped]
    cells, rendered, lists = {}, {}, export_sql.ListJoins(model)
    for index, field in enumerate(fields):
        expression = cell_expression(model, field, public, lists)
        if expression is None:
            expression = F(field.attribute)
            rendered[index] = lambda value, widget=field.widget: neutralise(widget.render(value))
        elif empty_as_null:
            expression = NullIf(expression, Value(""))
        cells[f"cell_{index}"] = expression
    queryset = (PUBLIC_QUERYSETS if public else QUERYSETS)[name]().annotate(**cells).values_list(*cells)
    return [field.column_name for field in fields], queryset, lists, rendered


def stream(queryset, lists):
    """The rows of a values_list queryset whose SQL gets the grouped lists' joins, fetched CHUNK at a
    time from a server-side cursor, through the ORM's converters."""
    compiler = queryset.query.get_compiler(queryset.db)
    as_sql = compiler.as_sql
    compiler.as_sql = lambda *args, **kwargs: lists.inject(*as_sql(*args, **kwargs))
    return compiler.results_iter(tuple_expected=True, chunked_fetch=True, chunk_size=CHUNK)


def render_row(row, rendered):
    row = list(row)
    for index, render in rendered.items():
        row[index] = render(row[index])
    return row


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
    """One file per section."""
    counts = {}
    for name, resource_class in SECTIONS:
        with (folder / f"{name}.csv").open("wb") as stream:
            counts[name] = write_section_csv(stream, name, resource_class, public)
    return counts


def write_section_csv(stream, name, resource_class, public=False, use_copy=None):
    """Write a section's CSV to the binary `stream`: UTF-8 with a BOM (Excel reads it as UTF-8),
    « ; » between cells, CRLF after each row (csv.writer's dialect); returns the rows written. By
    PostgreSQL's COPY where it can (`use_copy` None: on PostgreSQL), else CHUNK rows at a time by
    csv.writer."""
    if export_copy.copy_supported() if use_copy is None else use_copy:
        headers, queryset, lists, rendered = section_query(name, resource_class, public, empty_as_null=True)
        if not rendered:
            stream.write(csv_text([headers]).encode("utf-8-sig"))
            return export_copy.copy_rows(stream, *query_sql(queryset, lists))
    headers, rows = section_rows(name, resource_class, public)
    stream.write(csv_text([headers]).encode("utf-8-sig"))
    count = 0
    while chunk := list(islice(rows, CHUNK)):
        stream.write(csv_text(chunk).encode())
        count += len(chunk)
    return count


def csv_text(rows):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


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
