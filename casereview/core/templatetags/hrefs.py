"""`{% load hrefs %}` then `href="{{ url|safe_href }}"`: a stored URL becomes a link only if it is http(s) or mailto.

Every template that puts a stored or user-entered URL into an href goes through this
filter, so a `javascript:` link that reached the database before (or around) the
ingest check still cannot run. Anything else renders as "" and the template shows
the text without a link.
"""

from __future__ import annotations

from django import template

from casereview.text.urls import safe_url

register = template.Library()


@register.filter
def safe_href(value: object) -> str:
    return safe_url(value) or ""
