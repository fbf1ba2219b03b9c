"""Writing the whole directory: one CSV per section in a folder, one workbook, or one JSON file.

`public=True` writes what may be published as open data: published entries only (with the groups of
unnamed organisations the projects name), the participants and agreements between them, and no
personal data (PERSONAL_COLUMNS). Such a file imports back like the full one."""

import csv
import json
from pathlib import Path

from django.db.models import Count, F, Prefetch, Q
from openpyxl import Workbook

from actors.models import Actor, Collectivity, Domain, PublicationStatus
from projects.models import Agreement, Participant, Project

from .resources import PERSONAL_COLUMNS, SECTIONS

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


PUBLISHED = PublicationStatus.PUBLISHED


def published_participants():
    """Participants of published projects whose organisation is published (a group of unnamed
    organisations included: the project pages show it)."""
    return Participant.objects.in_published_projects().filter(
        Q(actor__status=PUBLISHED) | Q(collectivity__status=PUBLISHED)
    )


def public_querysets():
    participants = published_participants().select_related("project", "actor", "collectivity")
    parties = Prefetch("parties", queryset=participants)
    return {
        "domaines": QUERYSETS["domaines"],
        "collectivites": lambda: QUERYSETS["collectivites"]().filter(status=PUBLISHED),
        "acteurs": lambda: QUERYSETS["acteurs"]().filter(status=PUBLISHED),
        "projets": lambda: (
            Project.objects.published()
            .prefetch_related("countries", "domains", Prefetch("participants", queryset=participants))
            .order_by("slug")
        ),
        "participants": lambda: participants.order_by("project__slug", "position", "pk"),
        # An agreement needs two parties: one with fewer published parties stays out.
        "conventions": lambda: (
            Agreement.objects.in_published_projects()
            .annotate(published_parties=Count("parties", filter=Q(parties__in=published_participants())))
            .filter(published_parties__gte=2)
            .select_related("project")
            .prefetch_related(parties)
            .order_by("project__slug", "slug")
        ),
    }


def section_datasets(public=False):
    querysets = public_querysets() if public else QUERYSETS
    for name, resource_class in SECTIONS:
        dataset = resource_class().export(querysets[name]())
        if public:
            for column in PERSONAL_COLUMNS.get(name, ()):
                del dataset[column]
        yield name, dataset


def export_directory(export_format, path, public=False):
    """Write the directory to `path`; returns {section: rows written}."""
    path = Path(path)
    counts = {}
    if export_format == "csv":
        path.mkdir(parents=True, exist_ok=True)
        for name, dataset in section_datasets(public):
            with (path / f"{name}.csv").open("w", encoding="utf-8-sig", newline="") as stream:
                writer = csv.writer(stream, delimiter=";", lineterminator="\r\n")
                writer.writerow(dataset.headers)
                writer.writerows(dataset)
            counts[name] = dataset.height
    elif export_format == "xlsx":
        workbook = Workbook(write_only=True)
        for name, dataset in section_datasets(public):
            sheet = workbook.create_sheet(title=name)
            sheet.append(list(dataset.headers))
            for row in dataset:
                sheet.append(list(row))
            counts[name] = dataset.height
        path.parent.mkdir(parents=True, exist_ok=True)
        workbook.save(path)
    elif export_format == "json":
        content = {}
        for name, dataset in section_datasets(public):
            content[name] = [dict(zip(dataset.headers, row, strict=True)) for row in dataset]
            counts[name] = dataset.height
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(content, ensure_ascii=False, indent=1), encoding="utf-8")
    else:
        raise ValueError(export_format)
    return counts
