"""The moderation queue: every pending submission, oldest first, each with what it would change."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import services
from .forms import DecisionForm
from .models import Editorship, Submission, SubmissionKind, SubmissionStatus


class PendingFirstFilter(admin.SimpleListFilter):
    """The queue opens on pending submissions; the decided ones stay one click away."""

    title = _("état")
    parameter_name = "etat"

    def lookups(self, request, model_admin):
        return [("all", _("Toutes")), *SubmissionStatus.choices]

    def choices(self, changelist):
        value = self.value() or SubmissionStatus.PENDING
        for lookup, title in self.lookup_choices:
            yield {
                "selected": value == str(lookup),
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        value = self.value() or SubmissionStatus.PENDING
        return queryset if value == "all" else queryset.filter(status=value)


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["created_at", "kind", "actor_link", "user", "status", "review_link"]
    list_display_links = None
    list_filter = [PendingFirstFilter, "kind"]
    list_select_related = ["actor", "user"]
    search_fields = ["actor__name", "actor__acronym", "user__email"]
    ordering = ["created_at", "pk"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Decisions go through the review page; submissions are never edited by hand.
        return request.method in ("GET", "HEAD") and super().has_change_permission(request, obj)

    @admin.display(description=_("acteur"), ordering="actor__sort_name")
    def actor_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("admin:actors_actor_change", args=[obj.actor_id]), obj.actor)

    @admin.display(description=_("examen"))
    def review_link(self, obj):
        label = _("Examiner") if obj.is_pending else _("Voir")
        return format_html(
            '<a class="button" href="{}">{}</a>', reverse("admin:contributions_submission_review", args=[obj.pk]), label
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/examen/",
                self.admin_site.admin_view(self.review_view),
                name="contributions_submission_review",
            ),
            *super().get_urls(),
        ]

    def review_view(self, request, pk):
        submission = get_object_or_404(Submission.objects.select_related("actor", "user", "reviewed_by"), pk=pk)
        if not self.has_view_permission(request, submission):
            raise PermissionDenied
        form = DecisionForm(request.POST or None, initial={"version": submission.version})
        can_decide = submission.is_pending and request.user.has_perm("contributions.change_submission")
        if request.method == "POST" and not submission.is_pending:
            self.message_user(request, _("Cette demande a déjà été traitée."), messages.WARNING)
            return redirect("admin:contributions_submission_changelist")
        if request.method == "POST" and can_decide and form.is_valid():
            return self.decide(request, submission, form.cleaned_data)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Examen : %(submission)s") % {"submission": submission},
            "submission": submission,
            "form": form,
            "can_decide": can_decide and (submission.user_id != request.user.pk or request.user.is_superuser),
            "differences": services.differences(submission.actor, submission.payload)
            if submission.kind == SubmissionKind.CHANGE
            else [],
            "profile": services.differences(submission.actor.__class__(), services.snapshot(submission.actor))
            if submission.kind == SubmissionKind.PROFILE
            else [],
        }
        return TemplateResponse(request, "admin/contributions/submission/review.html", context)

    def decide(self, request, submission, data):
        """Apply the decision to the version the curator read; a message says what happened."""
        try:
            if data["decision"] == "approve":
                services.approve(submission, request.user, data["reason"], version=data["version"])
                self.message_user(request, _("Demande acceptée ; son auteur est prévenu."), messages.SUCCESS)
            else:
                services.reject(submission, request.user, data["reason"], version=data["version"])
                self.message_user(request, _("Demande refusée ; son auteur est prévenu."), messages.SUCCESS)
        except services.SubmissionChanged as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return redirect("admin:contributions_submission_review", pk=submission.pk)
        except PermissionDenied as exc:
            self.message_user(request, str(exc) or _("Décision refusée."), messages.ERROR)
        return redirect("admin:contributions_submission_changelist")


@admin.register(Editorship)
class EditorshipAdmin(admin.ModelAdmin):
    list_display = ["actor", "user", "created_at"]
    list_select_related = ["actor", "user"]
    search_fields = ["actor__name", "user__email"]
    autocomplete_fields = ["actor", "user"]
