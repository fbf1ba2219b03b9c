"""Import and export in the admin, added on top of the directory's own admin classes."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from import_export.admin import ImportExportMixin
from import_export.forms import ConfirmImportForm, ImportForm, SelectableFieldsExportForm

from actors.admin import ActorAdmin, CollectivityAdmin, DomainAdmin
from actors.models import Actor, Collectivity, Domain
from projects.admin import AgreementAdmin, ParticipantAdmin, ProjectAdmin
from projects.models import Agreement, Participant, Project

from . import merging, services
from .files import FileError
from .formats import FORMAT_LABELS, FORMATS
from .models import ImportJob, Invitation, Merge, NotDuplicate
from .resources import (
    ActorResource,
    AgreementResource,
    CollectivityResource,
    DomainResource,
    ParticipantResource,
    ProjectResource,
)


class FrenchFormats:
    """The formats by their French names (the package shows « csv », « xlsx », « json »)."""

    def _init_formats(self, formats):
        super()._init_formats(formats)
        field = self.fields["format"]
        field.choices = [(value, FORMAT_LABELS.get(str(label), label)) for value, label in field.choices]


class DirectoryImportForm(FrenchFormats, ImportForm):
    pass


class DirectoryExportForm(FrenchFormats, SelectableFieldsExportForm):
    def _get_field_label(self, resource, field_name):
        """The column's French header (the package shows the attribute's English name first)."""
        field = resource.fields.get(field_name)
        return field.column_name if field else field_name


class DirectoryConfirmForm(ConfirmImportForm):
    """The confirmation of a previewed file; `partial`: the curator chose to import the valid rows only."""

    partial = forms.BooleanField(required=False, widget=forms.HiddenInput)


def partial_import_possible(result):
    """Some rows refused, some valid, and the file as a whole readable: the preview offers the choice."""
    totals = result.totals
    valid = totals.get("new", 0) + totals.get("update", 0) + totals.get("skip", 0)
    return not result.base_errors and (result.has_validation_errors() or result.has_errors()) and valid > 0


class DirectoryImportExport(ImportExportMixin):
    """Preview (new, updated, unchanged, refused rows with line, column and reason), then all or nothing
    — or, on the curator's explicit choice, the valid rows with the refused ones given back as a file.
    The confirmed import is recorded (curation.services.start_import): a large one runs in the
    background and its page shows the progress."""

    import_formats = FORMATS
    export_formats = FORMATS
    import_template_name = "admin/curation/import.html"
    export_template_name = "admin/curation/export.html"
    confirm_form_class = DirectoryConfirmForm
    import_form_class = DirectoryImportForm
    export_form_class = DirectoryExportForm

    def section(self):
        return next(name for name, resource in services.SECTIONS if resource._meta.model is self.model)

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, FileError):
            form.add_error("import_file", str(e))
        else:
            form.add_error("import_file", _("Fichier illisible dans ce format : vérifiez le format choisi."))

    def get_export_filename(self, request, queryset, file_format):
        """« annuaire-acteurs-2026-11-29.csv »."""
        return f"annuaire-{self.section()}-{timezone.localdate().isoformat()}.{file_format.get_extension()}"

    def get_import_context_data(self, **kwargs):
        return {**super().get_import_context_data(**kwargs), "section": self.section()}

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        return {**initial, "partial": False} if import_form is not None else initial

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None) or {}
        result = context.get("result")
        if result is not None and "confirm_form" not in context and partial_import_possible(result):
            confirm_form = self.create_confirm_form(request, import_form=context["form"])
            confirm_form.initial["partial"] = True  # the curator's explicit choice: its own button
            context.update(confirm_form=confirm_form, partial=True)
        return response

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        """Record the confirmed import and run it (in the background when large); its page follows it."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = self.create_confirm_form(request)
        if not form.is_valid():
            return super().process_import(request, **kwargs)
        input_format = self.get_import_formats()[int(form.cleaned_data["format"])]()
        storage = self.get_tmp_storage_class()(
            name=form.cleaned_data["import_file_name"],
            encoding=None,
            read_mode=input_format.get_read_mode(),
            **self.get_tmp_storage_class_kwargs(),
        )
        data = storage.read()
        storage.remove()
        job = services.start_import(
            request.user,
            self.section(),
            form.cleaned_data["original_file_name"],
            input_format.get_extension(),
            data,
            partial=form.cleaned_data["partial"],
        )
        return redirect(job)


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


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """The imports confirmed in the admin; each one's page shows its progress, then its result."""

    list_display = ["created_at", "file_name", "section", "status", "total_rows", "created_by", "page_link"]
    list_filter = ["status", "section"]
    exclude = ["data"]
    readonly_fields = [f.name for f in ImportJob._meta.fields if f.name != "data"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("data").select_related("created_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("suivi"))
    def page_link(self, obj):
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), _("Voir"))


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Invitations to complete a profile (sent from the quality page)."""

    list_display = ["sent_at", "actor", "sent_by"]
    list_select_related = ["actor", "sent_by"]
    search_fields = ["actor__name"]
    readonly_fields = ["actor", "recipients", "sent_by", "sent_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
