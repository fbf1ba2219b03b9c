"""Import-export formats that read what curators receive (see files.py) and write CSV for French Excel."""

import csv
import io

from django.utils.translation import gettext_lazy as _
from import_export.formats import base_formats

from . import files


class FlexibleCSV(base_formats.CSV):
    """Reads UTF-8 or Windows-1252, separated by ; , or tab; writes UTF-8 with BOM and ; (French Excel)."""

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, str):
            in_stream = in_stream.encode("utf-8")
        return files.read_csv(in_stream)

    def export_data(self, dataset, **kwargs):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow(dataset.headers)
        writer.writerows(dataset)
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")


class FlexibleXLSX(base_formats.XLSX):
    """The first sheet of a workbook; a truncated or disguised file is refused with a clear message."""

    def create_dataset(self, in_stream, **kwargs):
        sheets = files.read_xlsx_sheets(in_stream)
        return next(iter(sheets.values()))


class FlexibleJSON(base_formats.JSON):
    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, str):
            in_stream = in_stream.encode("utf-8")
        sections = files.read_json_sections(in_stream)
        return next(iter(sections.values()))

    def export_data(self, dataset, **kwargs):
        return dataset.export("json").encode("utf-8")


FORMATS = [FlexibleCSV, FlexibleXLSX, FlexibleJSON]
# What the admin's import and export pages call them (the package shows « csv », « xlsx », « json »).
FORMAT_LABELS = {
    "csv": _("CSV pour Excel (UTF-8, séparateur « ; »)"),
    "xlsx": _("Classeur Excel (XLSX)"),
    "json": _("JSON"),
}
