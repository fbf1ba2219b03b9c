"""Bad files are read correctly or refused clearly — never mojibake."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from curation import files


def test_utf8_with_bom_and_semicolons():
    dataset = files.read_csv("\ufeffNom;Ville\nÉnergies solidaires;Montreuil\n".encode())
    assert dataset.headers == ["Nom", "Ville"]
    assert list(dataset[0]) == ["Énergies solidaires", "Montreuil"]


def test_latin1_is_decoded_without_mojibake():
    dataset = files.read_csv("Nom,Ville\nÉcole du Sahel,Châtillon\n".encode("cp1252"))
    assert list(dataset[0]) == ["École du Sahel", "Châtillon"]


@pytest.mark.parametrize("separator", [";", ",", "\t"])
def test_separators_are_detected(separator):
    text = f"Nom{separator}Forme juridique\nEau vive{separator}association\n"
    assert list(files.read_csv(text.encode())[0]) == ["Eau vive", "association"]


def test_quoted_separators_stay_in_their_cell():
    dataset = files.read_csv('Nom;Description\n"Eau, agriculture et santé";"Un ; deux"\n'.encode())
    assert list(dataset[0]) == ["Eau, agriculture et santé", "Un ; deux"]


def test_blank_lines_are_ignored():
    dataset = files.read_csv(b"Nom;Ville\n\n;;\nEau vive;Paris\n\n")
    assert dataset.height == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Le fichier est vide."),
        (b"Nom;Forme juridique\n", "Le fichier ne contient que la ligne des en-têtes"),
        (b"\n\n", "La première ligne doit donner les noms des colonnes."),
    ],
)
def test_empty_and_header_only_files_are_refused(data, message):
    with pytest.raises(files.FileError, match=message):
        files.read_csv(data)


def test_a_50_mb_file_is_refused_before_reading():
    with pytest.raises(files.FileError, match="Fichier trop volumineux"):
        files.read_csv(b"Nom;Ville\n" + b"x" * (50 * 1024 * 1024))


ABOUT_1_7_MB = b"Nom;Ville\n" + b"Zorro;Ville\n" * 150_000
TOO_BIG = "Fichier trop volumineux (1.7 Mo)\u00a0: 1 Mo au plus."


def test_a_size_limit_holds_within_its_block_only():
    with files.size_limit(1024 * 1024), pytest.raises(files.FileError, match=re.escape(TOO_BIG)):
        files.read_csv(ABOUT_1_7_MB)
    assert files.read_csv(ABOUT_1_7_MB).height == 150_000


def test_import_directory_max_mo_sets_the_size_limit(tmp_path):
    path = tmp_path / "acteurs.csv"
    path.write_bytes(ABOUT_1_7_MB)
    with pytest.raises(CommandError, match=re.escape(TOO_BIG)):
        call_command("import_directory", str(path), "--dry-run", "--max-mo", "1", stdout=io.StringIO())


def test_binary_junk_is_refused():
    with pytest.raises(files.FileError, match="Encodage illisible"):
        files.read_csv(b"Nom\n\x00\x01\x02\xff\xfe")


def xlsx_bytes(rows, title="acteurs"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_sheets_are_read_with_numbers_as_text():
    sheets = files.read_xlsx_sheets(xlsx_bytes([["Nom", "Début"], ["Eau vive", 2006]]))
    assert list(sheets["acteurs"][0]) == ["Eau vive", "2006"]


def test_truncated_xlsx_is_refused():
    data = xlsx_bytes([["Nom"], ["Eau vive"]])
    with pytest.raises(files.FileError, match="Fichier XLSX illisible"):
        files.read_xlsx_sheets(data[: len(data) // 2])


def test_csv_renamed_as_xlsx_is_refused():
    with pytest.raises(files.FileError, match="Fichier XLSX illisible"):
        files.read_xlsx_sheets(b"Nom;Ville\nEau vive;Paris\n")


def test_json_sections_and_errors():
    sections = files.read_json_sections('{"acteurs": [{"Nom": "Eau vive", "Répondant": true}]}'.encode())
    assert list(sections["acteurs"][0]) == ["Eau vive", "oui"]
    with pytest.raises(files.FileError, match="JSON invalide"):
        files.read_json_sections(b'{"acteurs": [')


def test_csv_lines_are_sliced_one_at_a_time_as_a_text_stream_gives_them():
    text = 'Nom;Note\r\nA;"deux\nlignes"\r\nB;fin'
    assert (list(files.lines(text)), list(files.lines(""))) == (list(io.StringIO(text)), [])
    assert next(files.CsvStream(text.encode()).chunks(10))[1].dict == [
        {"Nom": "A", "Note": "deux\nlignes"},
        {"Nom": "B", "Note": "fin"},
    ]
