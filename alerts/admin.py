from django.contrib import admin

from .models import Alert


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = ["email", "kind", "query", "frequency", "confirmed_at", "last_sent_at"]
    list_filter = ["kind", "frequency", ("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["email", "query"]
    readonly_fields = ["token", "created_at", "confirmed_at", "last_sent_at"]
