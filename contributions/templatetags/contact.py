"""`{{ actor|can_be_contacted }}`: whether the actor's page offers the contact form."""

from django import template

from contributions import selectors

register = template.Library()


@register.filter
def can_be_contacted(actor):
    return selectors.can_be_contacted(actor)
