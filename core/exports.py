"""Tabular exports (CSV for French Excel, XLSX) with spreadsheet formulas neutralised, and the columns
of the apps' list exports (`<app>/exports.py`).

A list export reads rows, never model instances: each `Column` names a `values()` path (a field, a
join, an annotation computed in SQL) or looks its cells up once per chunk of rows (many-to-many
links); rows stream from the database chunk by chunk. CSV streams to the client as it is written;
XLSX is written to a temporary file (write-only workbook) then streamed from disk: memory stays bounded
whatever the number of rows."""

import csv
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import islice

from django.http import FileResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

CHUNK = 2000  # rows read (and links looked up) at a time

FORMATS = ("csv", "xlsx")
# A cell starting with one of these is read as a formula by spreadsheet software (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


def yes_no(value):
    """« oui », « non », or '' when unknown (None)."""
    return {True: _("oui"), False: _("non")}.get(value, "")


def join(values):
    """Several values in one cell, separated by « ; », empty ones left out."""
    return " ; ".join(str(v) for v in values if v)


@dataclass
class Column:
    """One column of a list export. Its value is `path` read from each row (a field, a join or an
    annotation), or, with `per_chunk(pks) → {pk: value}`, looked up once per chunk of rows. The cell is:
    the label of the value (`labels`: choices, or a function giving them, read in the current
    language; a list of values gives their labels joined), the page address of the slug (`page`: a
    URL name), `render(value)`, or the value itself (a list of values joined by « ; »)."""

    header: object
    path: str | None = None
    per_chunk: Callable | None = None
    labels: object = None
    page: str | None = None
    render: Callable | None = None

    def cell_function(self, request=None):
        """value → cell, ready for this export (labels translated once, page addresses made absolute)."""
        if self.page:
            prefix = reverse(self.page, args=["-"])[:-2]
            if request is not None:
                prefix = request.build_absolute_uri(prefix)
            return lambda slug: f"{prefix}{slug}/"
        if self.labels is not None:
            choices = self.labels() if callable(self.labels) else self.labels
            names = {key: str(label) for key, label in choices}
            if self.per_chunk:
                return lambda values: join(names.get(v, v) for v in values)
            return lambda value: names.get(value, value)
        return self.render or (join if self.per_chunk else lambda value: value)


def links(model, name, value):
    """per_chunk of a many-to-many field: {pk: [value of each linked row]} in the target's order,
    `value` a path from the target (« name », « code »)."""
    field = model._meta.get_field(name)
    through = field.remote_field.through
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    ordering = [f"{target}__{key}" for key in field.related_model._meta.ordering]
    path = f"{target}_id" if value == field.related_model._meta.pk.name else f"{target}__{value}"

    def lookup(pks):
        found = defaultdict(list)
        rows = through.objects.filter(**{f"{source}_id__in": pks}).order_by(*ordering, "pk")
        for owner, linked in rows.values_list(f"{source}_id", path):
            found[owner].append(linked)
        return found

    return lookup


def column_rows(queryset, columns, request=None):
    """The rows of an export, streamed: one `values_list` over the queryset, chunk by chunk, and one
    query per chunk for each looked-up column."""
    paths = ["pk", *dict.fromkeys(c.path for c in columns if c.path)]
    position = {path: index for index, path in enumerate(paths)}
    plan = [(c, position.get(c.path), c.cell_function(request)) for c in columns]
    rows = queryset.values_list(*paths).iterator(chunk_size=CHUNK)
    while chunk := list(islice(rows, CHUNK)):
        pks = [row[0] for row in chunk]
        looked_up = {id(c): c.per_chunk(pks) for c, _where, _cell in plan if c.per_chunk}
        for row in chunk:
            yield [cell(looked_up[id(c)].get(row[0], ()) if c.per_chunk else row[where]) for c, where, cell in plan]


def neutralise(value):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, Promise):  # lazy translations
        value = str(value)
    return neutralise(value)


def _clean_rows(rows):
    for row in rows:
        yield [_cell(value) for value in row]


class _Echo:
    def write(self, value):
        return value


def csv_response(filename: str, headers: Sequence[str], rows: Iterable[Sequence]):
    """UTF-8 with BOM and `;` separators: what French Excel opens without mangling accents."""
    writer = csv.writer(_Echo(), delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")

    def stream():
        yield "\ufeff" + writer.writerow([str(h) for h in headers])
        for row in _clean_rows(rows):
            yield writer.writerow(row)

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(filename: str, headers: Sequence[str], rows: Iterable[Sequence], title="Export"):
    """A write-only workbook (rows go to disk as they come) saved to a temporary file, then streamed
    from it; the file goes away when the response is closed."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([str(h) for h in headers])
    for row in _clean_rows(rows):
        sheet.append(row)
    stream = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it (and so removes it)
    workbook.save(stream)
    stream.seek(0)
    return FileResponse(stream, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_TYPE)


def tabular_response(export_format, filename, headers, rows, title="Export"):
    if export_format == "xlsx":
        return xlsx_response(filename, headers, rows, title)
    return csv_response(filename, headers, rows)
