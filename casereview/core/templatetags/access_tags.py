"""`{% load access_tags %}` then `{% if user|can:"actions.report" %}`: show only links a role may use."""

from django import template

from casereview.core.access import can as _can

register = template.Library()


@register.filter
def can(user, permission: str) -> bool:
    return _can(user, permission)
