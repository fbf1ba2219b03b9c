"""Import and export in the admin, added on top of the directory's own admin classes."""

from django.contrib import admin
from django.utils.translation import gettext as _
from import_export.admin import ImportExportMixin

from actors.admin import ActorAdmin, CollectivityAdmin, DomainAdmin
from actors.models import Actor, Collectivity, Domain
from projects.admin import AgreementAdmin, ParticipantAdmin, ProjectAdmin
from projects.models import Agreement, Participant, Project

from .files import FileError
from .formats import FORMATS
from .resources import (
    ActorResource,
    AgreementResource,
    CollectivityResource,
    DomainResource,
    ParticipantResource,
    ProjectResource,
)


class DirectoryImportExport(ImportExportMixin):
    """Preview (new, updated, unchanged, refused rows with line, column and reason), then all or nothing."""

    import_formats = FORMATS
    export_formats = FORMATS

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, FileError):
            form.add_error("import_file", str(e))
        else:
            form.add_error("import_file", _("Fichier illisible dans ce format : vérifiez le format choisi."))


def reregister(model, admin_class, resource_class):
    admin.site.unregister(model)
    combined = type(admin_class.__name__, (DirectoryImportExport, admin_class), {"resource_classes": [resource_class]})
    admin.site.register(model, combined)


reregister(Domain, DomainAdmin, DomainResource)
reregister(Actor, ActorAdmin, ActorResource)
reregister(Collectivity, CollectivityAdmin, CollectivityResource)
reregister(Project, ProjectAdmin, ProjectResource)
reregister(Participant, ParticipantAdmin, ParticipantResource)
reregister(Agreement, AgreementAdmin, AgreementResource)
