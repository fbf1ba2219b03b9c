"""django-import-export resources of the directory, one module per kind of section:
`base` (loader by natural keys, row checks, bulk writes), `directory` (domains, collectivities,
actors) and `projects` (projects, participants, agreements)."""

from .base import BulkWrites, DirectoryResource, KeyLoader
from .directory import ActorResource, CollectivityResource, DomainResource
from .projects import AgreementResource, ParticipantResource, ProjectResource

__all__ = [
    "PERSONAL_COLUMNS",
    "SECTIONS",
    "ActorResource",
    "AgreementResource",
    "BulkWrites",
    "CollectivityResource",
    "DirectoryResource",
    "DomainResource",
    "KeyLoader",
    "ParticipantResource",
    "ProjectResource",
]

# Columns that hold personal data: never in what is published as open data (export_directory --public).
PERSONAL_COLUMNS = {"acteurs": ["Courriel"]}

# The directory's sections, in the order they import (each refers to the ones before it).
SECTIONS = [
    ("domaines", DomainResource),
    ("collectivites", CollectivityResource),
    ("acteurs", ActorResource),
    ("projets", ProjectResource),
    ("participants", ParticipantResource),
    ("conventions", AgreementResource),
]
