"""Curation of case studies: parts, « À retenir » points and key figures inline."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import CaseStudy, KeyFigure, KeyPoint, Part


class KeyPointInline(admin.TabularInline):
    model = KeyPoint
    extra = 0
    fields = ["position", "text"]


class PartInline(admin.StackedInline):
    model = Part
    extra = 0
    fields = [("position", "kind"), "title", "body"]


class KeyFigureInline(admin.TabularInline):
    model = KeyFigure
    extra = 0
    fields = ["position", "value", "unit", "label"]


@admin.register(CaseStudy)
class CaseStudyAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title", "project", "status", "updated_at"]
    list_display_links = ["number", "title"]
    list_filter = ["status"]
    list_select_related = ["project"]
    search_fields = ["title", "heading", "summary"]
    autocomplete_fields = ["project"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [KeyPointInline, PartInline, KeyFigureInline]
    fields = ["number", "heading", "title", "summary", "project", "status", "source", "created_at", "updated_at"]
