"""Curators' side of calls: the queue of calls to publish (oldest first, like the submissions), the
accounts to tie to a collectivity, the e-mail domains collectivities declare, the answers."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from contributions.admin import PendingFirstFilter
from contributions.forms import DecisionForm

from . import services
from .models import Call, CallAnswer, CallStatus, EmailDomain, Membership, MembershipStatus


class CallPendingFirstFilter(PendingFirstFilter):
    def lookups(self, request, model_admin):
        return [("all", _("Tous")), *CallStatus.choices]


class MembershipPendingFirstFilter(PendingFirstFilter):
    def lookups(self, request, model_admin):
        return [("all", _("Tous")), *MembershipStatus.choices]


@admin.register(Call)
class CallAdmin(SimpleHistoryAdmin):
    list_display = ["created_at", "title", "collectivity", "deadline", "status", "review_link"]
    list_filter = [CallPendingFirstFilter, "mode", "role"]
    list_select_related = ["collectivity"]
    search_fields = ["title", "collectivity__name", "author__email"]
    ordering = ["created_at", "pk"]
    autocomplete_fields = ["collectivity", "domain", "countries"]
    readonly_fields = ["author", "status", "reason", "reviewed_by", "reviewed_at", "created_at", "updated_at"]

    def has_add_permission(self, request):
        return False  # a call is posted by its collectivity's staff, from their space

    @admin.display(description=_("examen"))
    def review_link(self, obj):
        label = _("Examiner") if obj.status == CallStatus.PENDING else _("Voir")
        return format_html(
            '<a class="button" href="{}">{}</a>', reverse("admin:calls_call_review", args=[obj.pk]), label
        )

    def get_urls(self):
        review = self.admin_site.admin_view(self.review_view)
        return [path("<int:pk>/examen/", review, name="calls_call_review"), *super().get_urls()]

    def review_view(self, request, pk):
        call = get_object_or_404(Call.objects.select_related("collectivity", "domain", "author"), pk=pk)
        if not self.has_view_permission(request, call):
            raise PermissionDenied
        # The version the curator read: a call changed meanwhile is shown again, not decided blind.
        form = DecisionForm(request.POST or None, initial={"version": call.updated_at.isoformat()})
        can_decide = call.status == CallStatus.PENDING and request.user.has_perm("calls.change_call")
        if request.method == "POST" and can_decide and form.is_valid():
            self.decide(request, call, form.cleaned_data)
            return redirect("admin:calls_call_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Examen : %(call)s") % {"call": call},
            "call": call,
            "form": form,
            "can_decide": can_decide and (call.author_id != request.user.pk or request.user.is_superuser),
            "memberships": call.collectivity.memberships.select_related("user"),
        }
        return TemplateResponse(request, "admin/calls/call/review.html", context)

    def decide(self, request, call, data):
        if data["version"] != call.updated_at.isoformat():
            self.message_user(request, _("L’appel a changé depuis votre lecture : relisez-le."), messages.ERROR)
            return
        try:
            if data["decision"] == "approve":
                services.publish_call(call, request.user, data["reason"])
                self.message_user(request, _("Appel publié ; les acteurs concernés vont être prévenus."))
            else:
                services.reject_call(call, request.user, data["reason"])
                self.message_user(request, _("Appel refusé ; son auteur est prévenu."))
        except PermissionDenied as exc:
            self.message_user(request, str(exc) or _("Décision refusée."), messages.ERROR)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "collectivity", "job_title", "status", "method"]
    list_filter = [MembershipPendingFirstFilter, "method"]
    list_select_related = ["user", "collectivity"]
    search_fields = ["user__email", "collectivity__name"]
    autocomplete_fields = ["user", "collectivity"]
    readonly_fields = ["status", "method", "verified_by", "verified_at", "created_at"]
    actions = ["verify", "refuse"]

    @admin.action(description=_("Vérifier les rattachements sélectionnés"), permissions=["change"])
    def verify(self, request, queryset):
        memberships = list(queryset.exclude(status=MembershipStatus.VERIFIED).select_related("user", "collectivity"))
        for membership in memberships:
            services.verify_membership(membership, request.user)
        count = len(memberships)
        self.message_user(
            request, ngettext("%(n)d rattachement vérifié.", "%(n)d rattachements vérifiés.", count) % {"n": count}
        )

    @admin.action(description=_("Refuser les rattachements sélectionnés"), permissions=["change"])
    def refuse(self, request, queryset):
        memberships = list(queryset.exclude(status=MembershipStatus.REJECTED))
        for membership in memberships:
            services.refuse_membership(membership, request.user)
        count = len(memberships)
        self.message_user(
            request, ngettext("%(n)d rattachement refusé.", "%(n)d rattachements refusés.", count) % {"n": count}
        )


@admin.register(EmailDomain)
class EmailDomainAdmin(admin.ModelAdmin):
    list_display = ["domain", "collectivity"]
    list_select_related = ["collectivity"]
    search_fields = ["domain", "collectivity__name"]
    autocomplete_fields = ["collectivity"]


@admin.register(CallAnswer)
class CallAnswerAdmin(admin.ModelAdmin):
    list_display = ["created_at", "call", "organisation", "name", "actor"]
    list_select_related = ["call", "actor"]
    search_fields = ["call__title", "organisation", "name", "email"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
