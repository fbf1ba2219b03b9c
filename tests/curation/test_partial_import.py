"""Partial import: the valid rows written, the refused ones given back to fix (default: all or nothing)."""

import pytest
import tablib

from actors.models import Actor
from curation.importing import import_datasets
from tests.factories import ActorFactory

pytestmark = pytest.mark.django_db

HEADER = ["Nom", "Forme juridique", "SIRET"]


def actors(*rows):
    return {"acteurs": tablib.Dataset(*rows, headers=HEADER)}


def test_partial_import_writes_the_valid_rows_and_lists_the_refused_ones():
    report = import_datasets(
        actors(["Une", "association", ""], ["Refusée", "sarl", ""], ["Deux", "Fondation", ""]), partial=True
    )
    assert sorted(Actor.objects.values_list("name", flat=True)) == ["Deux", "Une"]
    assert report.ok is False
    assert list(report.refused_lines["acteurs"]) == [3]
    assert "Forme juridique\xa0: valeur inconnue" in report.refused_lines["acteurs"][3]


def test_without_partial_a_refused_row_writes_nothing():
    import_datasets(actors(["Une", "association", ""], ["Refusée", "sarl", ""]))
    assert Actor.objects.count() == 0


def test_partial_import_of_a_row_repeating_a_key_keeps_the_first():
    ActorFactory(name="Existante", legal_form="association", slug="existante", siret="")
    report = import_datasets(
        {
            "acteurs": tablib.Dataset(
                ["Une", "association", "unique-1"],
                ["Deux", "association", "unique-1"],
                headers=["Nom", "Forme juridique", "Identifiant"],
            )
        },
        partial=True,
    )
    assert sorted(Actor.objects.values_list("name", flat=True)) == ["Existante", "Une"]
    assert list(report.refused_lines["acteurs"]) == [3]


def test_a_whole_section_refused_writes_nothing_even_when_partial():
    report = import_datasets({"acteurs": tablib.Dataset(["Une", "bleu"], headers=["Nom", "Couleur"])}, partial=True)
    assert report.partly_ok is False
    assert Actor.objects.count() == 0


def test_progress_is_told_the_rows_of_each_chunk(monkeypatch):
    monkeypatch.setattr("curation.importing.CHUNK", 2)
    seen = []
    import_datasets(
        actors(["Une", "association", ""], ["Deux", "association", ""], ["Trois", "association", ""]),
        progress=seen.append,
    )
    assert seen == [2, 1]
