"""The streamed export writes the same cells as the resources' own export, and reads back."""

import csv

import pytest

from curation.exporting import PUBLIC_QUERYSETS, QUERYSETS, export_directory, published_participants, section_rows
from curation.importing import import_datasets, read_path
from curation.resources import PERSONAL_COLUMNS, SECTIONS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("name", "resource_class"), SECTIONS)
def test_streamed_rows_equal_the_resource_export(study, name, resource_class):
    expected = resource_class().export(QUERYSETS[name]())
    headers, rows = section_rows(name, resource_class)
    rows = list(rows)
    assert (headers, len(rows)) == (list(expected.headers), expected.height)
    assert rows == [list(row) for row in expected]


def test_csv_export_counts_every_section_and_reimports_unchanged(study, tmp_path):
    counts = export_directory("csv", tmp_path / "export")
    with (tmp_path / "export" / "acteurs.csv").open(encoding="utf-8-sig", newline="") as stream:
        written = list(csv.reader(stream, delimiter=";"))
    report = import_datasets(read_path(tmp_path / "export" / "acteurs.csv"), dry_run=True)
    section = report.sections[0]
    assert (len(written) - 1, report.ok, section.new + section.updated, section.skipped) == (
        counts["acteurs"],
        True,
        0,
        counts["acteurs"],
    )


@pytest.mark.parametrize("export_format", ["json", "xlsx"])
def test_json_and_xlsx_exports_read_back(study, tmp_path, export_format):
    path = tmp_path / f"annuaire.{export_format}"
    counts = export_directory(export_format, path)
    sections = read_path(path)
    assert {name: dataset.height for name, dataset in sections.items()} == counts


def public_dataset(name, resource_class):
    """The public section as the resources export it (prefetched participants filtered)."""
    from django.db.models import Prefetch

    participants = published_participants().select_related("project", "actor", "collectivity")
    queryset = PUBLIC_QUERYSETS[name]()
    if name == "projets":
        queryset = queryset.prefetch_related(Prefetch("participants", queryset=participants))
    if name == "conventions":
        queryset = queryset.prefetch_related(Prefetch("parties", queryset=participants))
    dataset = resource_class().export(queryset)
    for column in PERSONAL_COLUMNS.get(name, ()):
        del dataset[column]
    return dataset


@pytest.mark.parametrize(("name", "resource_class"), SECTIONS)
def test_public_streamed_rows_equal_the_resource_export_without_personal_columns(study, name, resource_class):
    expected = public_dataset(name, resource_class)
    headers, rows = section_rows(name, resource_class, public=True)
    assert (headers, [list(row) for row in rows]) == (list(expected.headers), [list(row) for row in expected])
