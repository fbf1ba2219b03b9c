"""The curators' view of background tasks: what ran, what failed and why, and « Relancer »."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_tasks import TaskResultStatus
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from .background import enqueue_again
from .models import BackgroundTask

# One entry in the admin, in French: the proxy below replaces the package's own registration.
admin.site.unregister(DBTaskResult)


@admin.register(BackgroundTask)
class BackgroundTaskAdmin(DBTaskResultAdmin):
    list_display = ("task_name", "status", "attempt", "enqueued_at", "finished_at", "error")
    list_filter = ("status", "queue_name")
    actions = ["run_again"]

    def has_change_permission(self, request, obj=None):
        # A task result is never edited (its page stays read-only); the permission opens « Relancer ».
        return obj is None and request.user.has_perm("core.change_backgroundtask")

    @admin.display(description=_("essai"))
    def attempt(self, obj):
        return obj.args_kwargs.get("kwargs", {}).get("_attempt", 1)

    @admin.display(description=_("erreur"))
    def error(self, obj):
        return obj.exception_class_path.rsplit(".", 1)[-1] if obj.exception_class_path else ""

    @admin.action(description=_("Relancer les tâches échouées sélectionnées"), permissions=["change"])
    def run_again(self, request, queryset):
        count = 0
        for result in queryset.filter(status=TaskResultStatus.FAILED):
            enqueue_again(result.task, result.args_kwargs["args"], result.args_kwargs["kwargs"])
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d tâche relancée.", "%(count)d tâches relancées.", count) % {"count": count},
            messages.SUCCESS,
        )
