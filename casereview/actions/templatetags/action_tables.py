"""Action tables rendered in Python: `{% action_rows rows show_review links %}` and `{{ colour|rag_tag }}`.

The board assurance report lists every action of the partnership in up to three tables
(overdue, drifting, all): with 150+ actions, resolving each cell through the template
engine was about 60% of the page's CPU and made it the slowest page under load
(docs/performance.md). The markup is the same as the template's was; every value is
escaped (django.utils.html.escape) as it goes in.
"""

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from casereview.core.links import per_id

register = template.Library()

_TAGS = {"red": ("red", "Red"), "amber": ("yellow", "Amber"), "green": ("green", "Green"), "blue": ("blue", "Blue")}


@register.filter
def rag_tag(rag: str) -> SafeString:
    """The GOV.UK tag for a RAG colour (grey "Closed" for anything else), as actions/_rag.html."""
    modifier, label = _TAGS.get(rag, ("grey", "Closed"))
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', modifier, label)


def _row(row, show_review: bool, detail) -> str:
    """One row's markup. Every value is escaped here; the result is memoised on the row, since the board
    report lists an overdue or drifting action twice (in its own table and under "All actions")."""
    key = (show_review, detail is not None)
    memo = row.__dict__.setdefault("_html", {})
    if key in memo:
        return memo[key]
    action = row.action
    reference = escape(action.reference)
    if detail is not None:
        reference = f'<a class="govuk-link" href="{escape(detail(action.pk))}">{reference}</a>'
    review = f'<td class="govuk-table__cell cr-nowrap">{escape(action.review.reference)}</td>' if show_review else ""
    drifting = (f'<br><span class="cr-muted">Drifting: {escape(", ".join(row.reason_labels))}</span>'
                if row.reasons else "")
    agency = action.owner_agency
    owner = f'<br><span class="cr-muted">{escape(action.owner.display_name)}</span>' if action.owner else ""
    closure = '<br><span class="cr-muted">closure requested</span>' if action.closure_pending else ""
    memo[key] = html = (
        f'<tr class="govuk-table__row"><td class="govuk-table__cell cr-nowrap">{reference}</td>{review}'
        f'<td class="govuk-table__cell">{escape(Truncator(action.description).words(30, truncate=" …"))}{drifting}</td>'
        f'<td class="govuk-table__cell">{escape((agency.short_name or agency.name) if agency else "")}{owner}</td>'
        f'<td class="govuk-table__cell cr-nowrap">{action.due_date.strftime("%d/%m/%Y") if action.due_date else ""}</td>'
        f'<td class="govuk-table__cell">{escape(action.get_status_display())}{closure}</td>'
        f'<td class="govuk-table__cell">{rag_tag(row.rag)}</td></tr>'
    )
    return html


@register.simple_tag
def action_rows(rows, show_review=False, links=False) -> SafeString:
    """The table body's rows, or its "No actions." row."""
    if not rows:
        return format_html('<tr class="govuk-table__row"><td class="govuk-table__cell" colspan="7">{}</td></tr>', "No actions.")
    detail = per_id("actions:detail") if links else None
    return mark_safe("\n".join(_row(row, show_review, detail) for row in rows))  # nosec B703 B308  # noqa: S308 - every value escaped in _row
