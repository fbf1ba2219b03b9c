"""Curation of projects, with their participants and agreements inline."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from actors.admin import countries_filter

from .models import AGREEMENT_FIELDS, Agreement, Participant, Project, agreement_parties_errors


class ParticipantInline(admin.TabularInline):
    model = Participant
    extra = 0
    autocomplete_fields = ["actor", "collectivity"]
    fields = ["actor", "collectivity", "role", "start_year", "end_year", "notes", "position"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor", "collectivity", "project")


class AgreementForm(forms.ModelForm):
    class Meta:
        model = Agreement
        fields = AGREEMENT_FIELDS

    def clean_parties(self):
        parties = self.cleaned_data.get("parties")
        if parties is None:
            return parties
        project = self.cleaned_data.get("project") or getattr(self.instance, "project", None)
        errors = agreement_parties_errors(project.pk if project is not None else None, list(parties))
        if errors:
            raise ValidationError(errors[0])
        return parties


def participants_of(request, queryset):
    """Limit a parties widget to the participants of the project being edited."""
    match = request.resolver_match
    object_id = match.kwargs.get("object_id") if match else None
    queryset = queryset.select_related("actor", "collectivity", "project")
    if match and match.url_name == "projects_project_change" and object_id:
        return queryset.filter(project_id=object_id)
    if match and match.url_name == "projects_agreement_change" and object_id:
        return queryset.filter(project__agreements__pk=object_id)
    if match and match.url_name == "projects_project_add":
        return queryset.none()
    return queryset


class AgreementInline(admin.StackedInline):
    model = Agreement
    form = AgreementForm
    extra = 0
    filter_horizontal = ["parties"]
    fields = [
        ("kind", "mode"),
        "title",
        "slug",
        "parties",
        ("signed_year", "start_year", "end_year"),
        ("amount", "currency"),
        "notes",
    ]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "parties":
            kwargs["queryset"] = participants_of(request, Participant.objects.all())
            kwargs["help_text"] = _(
                "Au moins deux participants de ce projet. Enregistrez d’abord un nouveau participant "
                "pour pouvoir le choisir ici."
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("project").prefetch_related("parties")


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ["title", "start_year", "end_year", "initiative", "project_status", "status", "updated_at"]
    list_filter = [
        "status",
        "initiative",
        "project_status",
        "domains",
        countries_filter("countries", _("pays")),
        "source",
    ]
    search_fields = ["title", "summary", "places"]
    autocomplete_fields = ["domains", "countries"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["created_at", "updated_at"]
    inlines = [ParticipantInline, AgreementInline]
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "places", "countries", "domains"]}),
        (_("Déroulement"), {"fields": [("start_year", "end_year"), "project_status", "initiative"]}),
        (_("Publication"), {"fields": ["status", "source", "study_mentions", "created_at", "updated_at"]}),
    ]


@admin.register(Participant)
class ParticipantAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "role", "start_year", "end_year"]
    list_filter = ["role"]
    list_select_related = ["project", "actor", "collectivity"]
    search_fields = ["project__title", "actor__name", "actor__acronym", "collectivity__name"]
    autocomplete_fields = ["project", "actor", "collectivity"]


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    form = AgreementForm
    list_display = ["__str__", "project", "kind", "mode", "signed_year", "start_year", "end_year"]
    list_filter = ["kind", "mode"]
    list_select_related = ["project"]
    search_fields = ["title", "project__title", "notes"]
    autocomplete_fields = ["project"]
    filter_horizontal = ["parties"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "parties":
            kwargs["queryset"] = participants_of(request, Participant.objects.all())
        return super().formfield_for_manytomany(db_field, request, **kwargs)
