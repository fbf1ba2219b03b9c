"""Import and export in the admin, added on top of the directory's own admin classes."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from import_export.admin import ImportExportMixin

from actors.admin import ActorAdmin, CollectivityAdmin, DomainAdmin
from actors.models import Actor, Collectivity, Domain
from projects.admin import AgreementAdmin, ParticipantAdmin, ProjectAdmin
from projects.models import Agreement, Participant, Project

from . import merging
from .files import FileError
from .formats import FORMATS
from .models import Merge, NotDuplicate
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


@admin.register(Merge)
class MergeAdmin(admin.ModelAdmin):
    """Every merge, with what it moved; « Annuler » brings the removed record back as it was."""

    list_display = ["created_at", "nature", "removed_name", "kept_name", "merged_by", "undone_at"]
    list_filter = ["nature", ("undone_at", admin.EmptyFieldListFilter)]
    search_fields = ["kept_name", "removed_name"]
    readonly_fields = [
        "nature",
        "kept_id",
        "removed_id",
        "kept_name",
        "removed_name",
        "summary",
        "merged_by",
        "created_at",
        "undone_at",
        "undone_by",
    ]
    actions = ["undo_merges"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(
        description=_("Annuler les fusions choisies (rétablir les fiches supprimées)"), permissions=["change"]
    )
    def undo_merges(self, request, queryset):
        for merge in queryset.order_by("-created_at"):  # latest first: an older merge may depend on it
            try:
                undone = merging.undo(merge, by=request.user)
            except ValueError as exc:
                self.message_user(request, f"{merge} : {exc}", messages.ERROR)
            else:
                self.message_user(request, undone_message(undone))


def undone_message(merge):
    message = _("Fusion annulée : « %(name)s » est rétablie.") % {"name": merge.removed_name}
    if merge.kept_as_edited:
        message += " " + _("Champs modifiés depuis la fusion, gardés tels quels sur « %(kept)s » : %(fields)s.") % {
            "kept": merge.kept_name,
            "fields": ", ".join(merge.kept_as_edited),
        }
    return message


@admin.register(NotDuplicate)
class NotDuplicateAdmin(admin.ModelAdmin):
    """Pairs marked « ce ne sont pas des doublons »; deleting one lets the pair be suggested again."""

    list_display = ["first_name", "second_name", "nature", "decided_by", "created_at"]
    list_filter = ["nature"]
    search_fields = ["first_name", "second_name"]
    readonly_fields = ["nature", "first_id", "second_id", "first_name", "second_name", "decided_by", "created_at"]

    def has_add_permission(self, request):
        return False
