from django import template

from casereview.text.themes import theme_label as _theme_label

register = template.Library()


@register.filter
def theme_label(theme_id: str) -> str:
    return _theme_label(theme_id)
