"""core.exports and core.listing.export_response: cells safe from formulas, CSV for French Excel, XLSX."""

from io import BytesIO

import pytest
from django.test import RequestFactory
from openpyxl import load_workbook

from actors.models import Actor
from core.exports import absolute, join, neutralise, yes_no
from core.listing import export_response
from tests.factories import ActorFactory

COLUMNS = [("Nom", lambda a: a.name), ("Répondant", lambda a: yes_no(a.is_respondent)), ("Vide", lambda a: None)]


@pytest.mark.parametrize("text", ["=1+1", "+33 1", "-2", "@SUM(A1)", "\tx"])
def test_neutralise_prefixes_what_a_spreadsheet_would_run(text):
    assert neutralise(text) == "'" + text


def test_neutralise_leaves_numbers_and_plain_text():
    assert neutralise(-2) == -2
    assert neutralise("Eau vive") == "Eau vive"


def test_join_skips_empty_values():
    assert join(["Mali", "", None, "Sénégal"]) == "Mali ; Sénégal"


def test_yes_no_says_nothing_when_unknown():
    assert str(yes_no(True)) == "oui"
    assert str(yes_no(False)) == "non"
    assert yes_no(None) == ""


def test_absolute_makes_the_last_column_an_absolute_address():
    request = RequestFactory().get("/acteurs/")
    columns = absolute(request, [("Nom", str), ("Fiche", lambda obj: f"/acteurs/{obj}/")])
    assert columns[0][0] == "Nom"
    assert columns[1][1]("eau-vive") == "http://testserver/acteurs/eau-vive/"


@pytest.mark.django_db
def test_export_response_csv_has_bom_semicolons_and_neutralised_cells():
    ActorFactory(name="=cmd", is_respondent=True)
    response = export_response(Actor.objects.all(), "csv", filename="acteurs", title="Acteurs", columns=COLUMNS)
    body = b"".join(response.streaming_content).decode("utf-8")
    assert response["Content-Disposition"] == 'attachment; filename="acteurs.csv"'
    assert body.splitlines() == ["\ufeffNom;Répondant;Vide", "'=cmd;oui;"]


@pytest.mark.django_db
def test_export_response_xlsx_has_one_sheet_named_after_the_title():
    ActorFactory(name="Eau vive", is_respondent=False)
    response = export_response(Actor.objects.all(), "xlsx", filename="acteurs", title="Acteurs", columns=COLUMNS)
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet.title == "Acteurs"
    assert list(sheet.values) == [("Nom", "Répondant", "Vide"), ("Eau vive", "non", None)]
