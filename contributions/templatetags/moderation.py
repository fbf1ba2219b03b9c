"""The number of submissions waiting for a curator (shown on the admin's home page)."""

from django import template

from contributions.models import Submission

register = template.Library()


@register.simple_tag
def pending_submissions():
    return Submission.objects.pending().count()
