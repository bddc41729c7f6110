"""Action tables rendered in Python: `{% action_rows rows show_review links %}` and `{{ colour|rag_tag }}`.

The board assurance report lists every action of the partnership in up to three tables
(overdue, drifting, all): with 150+ actions, resolving each cell through the template
engine was about 60% of the page's CPU and made it the slowest page under load
(docs/performance.md). The markup is the same as the template's was; every value is
escaped by format_html.
"""

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import Truncator

register = template.Library()

_TAGS = {"red": ("red", "Red"), "amber": ("yellow", "Amber"), "green": ("green", "Green"), "blue": ("blue", "Blue")}


@register.filter
def rag_tag(rag: str) -> SafeString:
    """The GOV.UK tag for a RAG colour (grey "Closed" for anything else), as actions/_rag.html."""
    modifier, label = _TAGS.get(rag, ("grey", "Closed"))
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', modifier, label)


def _row(row, show_review: bool, links: bool) -> SafeString:
    action = row.action
    reference = (format_html('<a class="govuk-link" href="{}">{}</a>', reverse("actions:detail", args=[action.pk]),
                             action.reference) if links else format_html("{}", action.reference))
    review = (format_html('<td class="govuk-table__cell cr-nowrap">{}</td>', action.review.reference)
              if show_review else "")
    drifting = (format_html('<br><span class="cr-muted">Drifting: {}</span>', ", ".join(row.reason_labels))
                if row.reasons else "")
    agency = action.owner_agency
    owner = format_html('<br><span class="cr-muted">{}</span>', action.owner.display_name) if action.owner else ""
    closure = format_html('<br><span class="cr-muted">{}</span>', "closure requested") if action.closure_pending else ""
    return format_html(
        '<tr class="govuk-table__row"><td class="govuk-table__cell cr-nowrap">{}</td>{}'
        '<td class="govuk-table__cell">{}{}</td><td class="govuk-table__cell">{}{}</td>'
        '<td class="govuk-table__cell cr-nowrap">{}</td><td class="govuk-table__cell">{}{}</td>'
        '<td class="govuk-table__cell">{}</td></tr>',
        reference, review, Truncator(action.description).words(30, truncate=" …"), drifting,
        (agency.short_name or agency.name) if agency else "", owner,
        action.due_date.strftime("%d/%m/%Y") if action.due_date else "",
        action.get_status_display(), closure, rag_tag(row.rag))


@register.simple_tag
def action_rows(rows, show_review=False, links=False) -> SafeString:
    """The table body's rows, or its "No actions." row."""
    if not rows:
        return format_html('<tr class="govuk-table__row"><td class="govuk-table__cell" colspan="7">{}</td></tr>', "No actions.")
    return format_html_join("\n", "{}", ((_row(row, show_review, links),) for row in rows))
