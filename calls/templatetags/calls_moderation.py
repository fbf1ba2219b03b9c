"""What waits for the curators on the admin's home page: calls, accounts to tie, failed tasks."""

from django import template
from django_tasks import TaskResultStatus

from calls.models import Call, Membership
from core.models import BackgroundTask

register = template.Library()


@register.simple_tag
def calls_waiting():
    return {
        "calls": Call.objects.pending().count(),
        "memberships": Membership.objects.pending().count(),
        "failed_tasks": BackgroundTask.objects.filter(status=TaskResultStatus.FAILED).count(),
    }
