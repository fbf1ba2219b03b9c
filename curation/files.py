"""Reading the files curators receive: CSV in any usual encoding and separator, XLSX, JSON — refused
clearly when empty, truncated, too big or not what they claim to be; never read as mojibake."""

import csv
import io
import json
import zipfile
from contextlib import contextmanager
from contextvars import ContextVar

import tablib
from django.utils.translation import gettext as _
from openpyxl import load_workbook

MAX_BYTES = 40 * 1024 * 1024  # a 100 000-row actors file is about 21 Mo
# The limit in force: MAX_BYTES, or what the command line gives for one import (an export of a national
# directory is bigger: 126 Mo for 100 000 actors); a file is read whole into memory.
max_bytes = ContextVar("max_bytes", default=MAX_BYTES)
ENCODINGS = ("utf-8-sig", "cp1252")  # UTF-8 (with or without BOM), then Windows Latin-1 (Excel France)
DELIMITERS = ";,\t"


class FileError(ValueError):
    """A file the import refuses as a whole, with a message for the curator."""


@contextmanager
def size_limit(limit):
    """Files up to `limit` bytes accepted within the block."""
    token = max_bytes.set(limit)
    try:
        yield
    finally:
        max_bytes.reset(token)


def check_size(size):
    if size > max_bytes.get():
        raise FileError(
            _("Fichier trop volumineux (%(size)s Mo) : %(limit)s Mo au plus. Découpez-le en plusieurs fichiers.")
            % {"size": round(size / 1024 / 1024, 1), "limit": round(max_bytes.get() / 1024 / 1024)}
        )
    if size == 0:
        raise FileError(_("Le fichier est vide."))


def decode(data: bytes) -> str:
    """UTF-8 first (it cannot be mistaken), then Windows-1252 / Latin-1."""
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text
    raise FileError(_("Encodage illisible : enregistrez le fichier en UTF-8 (CSV UTF-8 dans Excel)."))


def sniff_delimiter(text):
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in DELIMITERS}
    delimiter = max(counts, key=counts.get)
    if counts[delimiter] == 0:
        return ";"  # a single column: any delimiter reads it
    return delimiter


def lines(text):
    """The text's lines, each with its end, as slices read one at a time: what `io.StringIO(text)` gives,
    without its copy of the whole text (four bytes a character: 80 MB for a file of 20 MB)."""
    start, size = 0, len(text)
    while start < size:
        end = text.find("\n", start)
        end = size if end < 0 else end + 1
        yield text[start:end]
        start = end


def csv_rows(text):
    """(header, iterator of rows) of a CSV text, whatever its separator."""
    reader = csv.reader(lines(text), delimiter=sniff_delimiter(text))
    try:
        header = next(reader)
    except StopIteration:
        raise FileError(_("Le fichier est vide.")) from None
    header = [h.strip() for h in header]
    if not any(header):
        raise FileError(_("La première ligne doit donner les noms des colonnes."))
    return header, reader


def dataset_from_rows(header, rows):
    dataset = tablib.Dataset(headers=header)
    width = len(header)
    for row in rows:
        if not any(cell.strip() for cell in row):
            continue  # blank lines (LibreOffice and Excel leave many)
        dataset.append((list(row) + [""] * width)[:width])
    return dataset


def read_csv(data: bytes):
    check_size(len(data))
    header, rows = csv_rows(decode(data))
    dataset = dataset_from_rows(header, rows)
    if not dataset.height:
        raise FileError(_("Le fichier ne contient que la ligne des en-têtes : aucune ligne à importer."))
    return dataset


class CsvStream:
    """A CSV file read chunk by chunk (big imports: memory holds one chunk of rows, not the whole file)."""

    def __init__(self, data: bytes):
        check_size(len(data))
        self.headers, rows = csv_rows(decode(data))
        rows = self.non_blank(rows)
        first = next(rows, None)
        if first is None:
            raise FileError(_("Le fichier ne contient que la ligne des en-têtes : aucune ligne à importer."))
        self._first, self._rows = first, rows

    @staticmethod
    def non_blank(rows):
        return (row for row in rows if any(cell.strip() for cell in row))

    def chunks(self, size):
        """(offset, dataset) pairs of at most `size` rows each."""
        width = len(self.headers)
        chunk, offset = [self._first], 0
        for row in self._rows:
            chunk.append(row)
            if len(chunk) == size:
                yield offset, self.dataset(chunk, width)
                offset += len(chunk)
                chunk = []
        if chunk:
            yield offset, self.dataset(chunk, width)

    def dataset(self, rows, width):
        return tablib.Dataset(*[(list(r) + [""] * width)[:width] for r in rows], headers=self.headers)


def read_xlsx_sheets(data: bytes):
    """{sheet title: dataset} of a workbook."""
    check_size(len(data))
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise FileError(_("Fichier XLSX illisible (tronqué ou d’un autre format).")) from exc
    sheets = {}
    try:
        for sheet in workbook.worksheets:
            rows = sheet.iter_rows(values_only=True)
            header = next(rows, None)
            if header is None:
                continue
            header = ["" if h is None else str(h).strip() for h in header]
            while header and not header[-1]:
                header.pop()
            body = (["" if v is None else cell_text(v) for v in row[: len(header)]] for row in rows)
            sheets[sheet.title] = dataset_from_rows(header, body)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise FileError(_("Fichier XLSX illisible (tronqué ou d’un autre format).")) from exc
    finally:
        workbook.close()
    if not sheets:
        raise FileError(_("Le classeur est vide."))
    return sheets


def cell_text(value):
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_json_sections(data: bytes):
    """{section: dataset} of a JSON export ({"acteurs": [{…}, …], …}) or a bare list."""
    check_size(len(data))
    try:
        content = json.loads(decode(data))
    except json.JSONDecodeError as exc:
        raise FileError(_("JSON invalide, ligne %(line)s : %(msg)s") % {"line": exc.lineno, "msg": exc.msg}) from exc
    sections = content if isinstance(content, dict) else {"": content}
    datasets = {}
    for name, rows in sections.items():
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise FileError(_("JSON : chaque section doit être une liste d’objets."))
        header = list(dict.fromkeys(key for row in rows for key in row))
        datasets[name] = dataset_from_rows(header, ([json_cell(row.get(h)) for h in header] for row in rows))
    return datasets


def json_cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, list):
        return " ; ".join(str(v) for v in value)
    return str(value)
