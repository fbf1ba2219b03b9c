"""Writing the whole directory: one CSV per section in a folder, one workbook, or one JSON file."""

import csv
import json
from pathlib import Path

from django.db.models import F
from openpyxl import Workbook

from actors.models import Actor, Collectivity, Domain
from projects.models import Agreement, Participant, Project

from .resources import SECTIONS

QUERYSETS = {
    # Domains before their themes (a theme names its parent), whatever the database does with NULLs.
    "domaines": lambda: Domain.objects.select_related("parent").order_by(
        F("parent_id").asc(nulls_first=True), "position", "slug"
    ),
    "collectivites": lambda: Collectivity.objects.order_by("slug"),
    "acteurs": lambda: Actor.objects.prefetch_related("domains", "countries").order_by("slug"),
    "projets": lambda: Project.objects.prefetch_related(
        "countries", "domains", "participants__actor", "participants__collectivity"
    ).order_by("slug"),
    "participants": lambda: Participant.objects.select_related("project", "actor", "collectivity").order_by(
        "project__slug", "position", "pk"
    ),
    "conventions": lambda: (
        Agreement.objects.select_related("project")
        .prefetch_related("parties__actor", "parties__collectivity")
        .order_by("project__slug", "slug")
    ),
}


def section_datasets():
    for name, resource_class in SECTIONS:
        yield name, resource_class().export(QUERYSETS[name]())


def export_directory(export_format, path):
    """Write the directory to `path`; returns {section: rows written}."""
    path = Path(path)
    counts = {}
    if export_format == "csv":
        path.mkdir(parents=True, exist_ok=True)
        for name, dataset in section_datasets():
            with (path / f"{name}.csv").open("w", encoding="utf-8-sig", newline="") as stream:
                writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")
                writer.writerow(dataset.headers)
                writer.writerows(dataset)
            counts[name] = dataset.height
    elif export_format == "xlsx":
        workbook = Workbook(write_only=True)
        for name, dataset in section_datasets():
            sheet = workbook.create_sheet(title=name)
            sheet.append(list(dataset.headers))
            for row in dataset:
                sheet.append(list(row))
            counts[name] = dataset.height
        path.parent.mkdir(parents=True, exist_ok=True)
        workbook.save(path)
    elif export_format == "json":
        content = {}
        for name, dataset in section_datasets():
            content[name] = [dict(zip(dataset.headers, row, strict=True)) for row in dataset]
            counts[name] = dataset.height
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(content, ensure_ascii=False, indent=1), encoding="utf-8")
    else:
        raise ValueError(export_format)
    return counts
