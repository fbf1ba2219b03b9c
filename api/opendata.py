"""The open-data files: the whole published directory (one CSV per section and one JSON, as
`export_directory --public` writes them), zipped with its licence, and the files of the standards,
written to the default storage with a manifest (date, size, SHA-256) that the /donnees/ page reads.

Each generation goes to a folder of its own (`opendata/<date>/`) and the manifest is replaced last,
so that a download never sees a half-written file; older generations are then removed."""

import hashlib
import json
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from curation.exporting import export_directory
from curation.resources import PERSONAL_COLUMNS

from . import interop
from .licence import licence_info

ROOT = "opendata"
MANIFEST = f"{ROOT}/manifest.json"
ARCHIVE = "annuaire-ess-coop.zip"
IATI = "projets-iati.xml"
SCDL = "subventions-scdl.csv"


@dataclass
class OpenFile:
    """A file of a generation: its name, what it is, and its bytes (a Django File: the directory's
    archive stays in a temporary file, read by chunks)."""

    name: str
    title: str
    media_type: str
    content: File
    extra: dict = field(default_factory=dict)

    def __post_init__(self):
        if isinstance(self.content, bytes):
            self.content = ContentFile(self.content)

    def entry(self, path):
        digest, size = hashlib.sha256(), 0
        for chunk in self.content.chunks():
            digest.update(chunk)
            size += len(chunk)
        return {
            **self.extra,
            "nom": self.name,
            "titre": str(self.title),
            "type": self.media_type,
            "taille": size,
            "sha256": digest.hexdigest(),
            "chemin": path,
        }


def directory_archive(generated_at):
    """The zip: csv/<section>.csv, annuaire.json, metadonnees.json and LISEZMOI.txt, written to a
    temporary file (removed when closed) rather than memory: a national directory makes it large."""
    archive_file = tempfile.TemporaryFile()  # noqa: SIM115 - closed by build_open_data once saved
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        counts = export_directory("csv", folder / "csv", public=True)
        export_directory("json", folder / "annuaire.json", public=True)
        metadata = {
            "titre": "Annuaire ess_coop : acteurs de l’ESS, collectivités et projets de coopération décentralisée",
            "genere_le": generated_at.isoformat(),
            "licence": licence_info(),
            "sections": counts,
            "colonnes_retirees": PERSONAL_COLUMNS,
        }
        with zipfile.ZipFile(archive_file, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("LISEZMOI.txt", readme(metadata))
            archive.writestr("metadonnees.json", json.dumps(metadata, ensure_ascii=False, indent=1))
            archive.write(folder / "annuaire.json", "annuaire.json")
            for path in sorted((folder / "csv").glob("*.csv")):
                archive.write(path, f"csv/{path.name}")
    return OpenFile(ARCHIVE, _("Tout l’annuaire publié (CSV et JSON)"), "application/zip", File(archive_file, ARCHIVE))


def readme(metadata):
    return render_to_string("api/opendata_readme.txt", {"metadata": metadata})


def iati_file(generated_at):
    """The IATI document written to a temporary file (removed when closed), activity by activity."""
    stream = tempfile.TemporaryFile()  # noqa: SIM115 - closed by build_open_data once saved
    interop.write_iati(stream, settings.SITE_URL.rstrip("/"), generated_at)
    return File(stream, IATI)


def generation_files(generated_at):
    """Every file of a generation: the directory, the projects in IATI, the subsidies in SCDL."""
    scdl, empty_columns = interop.scdl_document()
    subsidies = OpenFile(
        SCDL,
        _("Conventions de subvention au format SCDL « subventions » %(version)s") % {"version": interop.SCDL_VERSION},
        "text/csv",
        scdl,
    )
    subsidies.extra = {"colonnes_vides": empty_columns}
    return [
        directory_archive(generated_at),
        OpenFile(
            IATI,
            _("Projets au format IATI %(version)s (activités)") % {"version": interop.IATI_VERSION},
            "application/xml",
            iati_file(generated_at),
        ),
        subsidies,
    ]


def build_open_data(now=None):
    """Write a new generation and its manifest; returns the manifest."""
    generated_at = now or timezone.now()
    folder = f"{ROOT}/{generated_at:%Y%m%dT%H%M%S}"
    entries = []
    for open_file in generation_files(generated_at):
        path = f"{folder}/{open_file.name}"
        if default_storage.exists(path):
            default_storage.delete(path)
        with open_file.content:
            saved = default_storage.save(path, open_file.content)
            entries.append(open_file.entry(saved))
    manifest = {"genere_le": generated_at.isoformat(), "licence": licence_info(), "fichiers": entries}
    if default_storage.exists(MANIFEST):
        previous = read_manifest()
        default_storage.delete(MANIFEST)
    else:
        previous = None
    default_storage.save(MANIFEST, ContentFile(json.dumps(manifest, ensure_ascii=False, indent=1).encode()))
    if previous:
        remove_generation(previous, keep=folder)
    return manifest


def remove_generation(manifest, keep):
    for entry in manifest.get("fichiers", []):
        if not entry["chemin"].startswith(f"{keep}/") and default_storage.exists(entry["chemin"]):
            default_storage.delete(entry["chemin"])


def read_manifest():
    """The current manifest, or None before the first generation."""
    try:
        with default_storage.open(MANIFEST) as stream:
            manifest = json.loads(stream.read())
    except (FileNotFoundError, OSError, ValueError):
        return None
    manifest["genere_le"] = datetime.fromisoformat(manifest["genere_le"])
    return manifest


def current_file(name):
    """The manifest entry of a file of the current generation, or None."""
    manifest = read_manifest()
    if manifest is None:
        return None
    return next((entry for entry in manifest["fichiers"] if entry["nom"] == name), None)
