"""core.exports and core.listing.export_response: cells safe from formulas, CSV for French Excel, XLSX."""

from io import BytesIO

import pytest
from django.test import RequestFactory
from openpyxl import load_workbook

from actors.models import Actor
from core.exports import Column, join, neutralise, yes_no
from core.listing import export_response
from tests.factories import ActorFactory

COLUMNS = [Column("Nom", "name"), Column("Répondant", "is_respondent", render=yes_no), Column("Vide", "rna")]


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


def test_page_column_gives_the_absolute_address_of_the_slug():
    request = RequestFactory().get("/acteurs/")
    cell = Column("Fiche", "slug", page="actors:actor_detail").cell_function(request)
    assert cell("eau-vive") == "http://testserver/acteurs/eau-vive/"


@pytest.mark.django_db
def test_export_response_csv_has_bom_semicolons_and_neutralised_cells():
    ActorFactory(name="=cmd", is_respondent=True, rna="")
    response = export_response(None, Actor.objects.all(), "csv", filename="acteurs", title="Acteurs", columns=COLUMNS)
    body = b"".join(response.streaming_content).decode("utf-8")
    assert response["Content-Disposition"] == 'attachment; filename="acteurs.csv"'
    assert body.splitlines() == ["\ufeffNom;Répondant;Vide", "'=cmd;oui;"]


@pytest.mark.django_db
def test_export_response_xlsx_has_one_sheet_named_after_the_title():
    ActorFactory(name="Eau vive", is_respondent=False, rna="")
    response = export_response(None, Actor.objects.all(), "xlsx", filename="acteurs", title="Acteurs", columns=COLUMNS)
    content = b"".join(response.streaming_content)
    response.close()  # removes the temporary file
    sheet = load_workbook(BytesIO(content)).active
    assert sheet.title == "Acteurs"
    assert list(sheet.values) == [("Nom", "Répondant", "Vide"), ("Eau vive", "non", None)]
