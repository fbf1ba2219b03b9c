"""Tabular exports (CSV for French Excel, XLSX) with spreadsheet formulas neutralised, and the helpers
of the apps' column lists (`<app>/exports.py`)."""

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

FORMATS = ("csv", "xlsx")
# A cell starting with one of these is read as a formula by spreadsheet software (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


def yes_no(value):
    """« oui », « non », or '' when unknown (None)."""
    return {True: _("oui"), False: _("non")}.get(value, "")


def join(values):
    """Several values in one cell, separated by « ; », empty ones left out."""
    return " ; ".join(str(v) for v in values if v)


def absolute(request, columns):
    """The same columns, with the page address of the last column made absolute."""
    *rest, (header, url) = columns
    return [*rest, (header, lambda obj: request.build_absolute_uri(url(obj)))]


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


def xlsx_response(filename: str, headers: Sequence[str], rows: Iterable[Sequence], title="Export"):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([str(h) for h in headers])
    for row in _clean_rows(rows):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def tabular_response(export_format, filename, headers, rows, title="Export"):
    if export_format == "xlsx":
        return xlsx_response(filename, headers, rows, title)
    return csv_response(filename, headers, rows)
