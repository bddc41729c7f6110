"""The integrated chronology's entry rows, rendered in Python: `{% entry_rows page.rows review can_analyse %}`.

A page shows 50 entries, each with up to eight cells, its episodes and any possible
duplicates (each with its own form when the reader may decide them): resolved node by node
through the template engine that was two thirds of the page's CPU and made it one of the
slowest pages under load (docs/performance.md). The markup is the one the template had;
every stored value is escaped as it goes in (agency facts are hostile text).
"""

from __future__ import annotations

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from casereview.core.links import per_id

register = template.Library()

_BUTTON = 'class="govuk-button govuk-button--secondary govuk-!-margin-bottom-0 cr-small"'


def _csrf_input(context) -> str:
    token = context.get("csrf_token")
    if not token or token == "NOTPROVIDED":  # nosec B105  # Django's marker for "no token here", not a password
        return ""
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(token)}">'


def _date_cell(row, e) -> str:
    out = escape(e.date_label)
    if e.time:
        out += f"<br>{escape(e.time)}"
    elif row.time_not_recorded:
        out += '<br><span class="govuk-hint cr-no-time">Time not recorded</span>'
    if e.precision != "day":
        out += f'<br><strong class="govuk-tag govuk-tag--grey">{escape(e.get_precision_display())}</strong>'
    return out


def _agency_cell(e) -> str:
    out = escape(e.agency)
    if e.agency_label and e.agency_label != e.agency.name:
        out += f'<br><span class="govuk-hint">{escape(e.agency_label)}</span>'
    if e.source:
        out += f'<br><span class="govuk-hint">{escape(e.source)}</span>'
    return out


def _duplicate(link, other, links, can_analyse: bool, csrf: str) -> str:
    colour = "govuk-tag--green" if link.status == "same_event" else "govuk-tag--yellow"
    out = (f'<div class="cr-duplicate"><strong class="govuk-tag {colour}">{escape(link.get_status_display())}</strong>'
           f' with {escape(other.agency)}, {escape(other.date_label)}: “{escape(Truncator(other.event).words(12, truncate=" …"))}”'
           "\n        ")
    if can_analyse:
        action = escape(links["decide"](link.pk))
        same = (f'<button {_BUTTON} name="status" value="same_event">Same event</button>'
                if link.status != "same_event" else "")
        out += (f'<form method="post" action="{action}" class="cr-inline">{csrf}\n          {same}\n          '
                f'<button {_BUTTON} name="status" value="different">Different events</button></form>')
    return out + "</div>"


def _analysis_cell(e, links, can_analyse: bool) -> str:
    analysis = getattr(e, "analysis", None)  # select_related; absent when none was written
    out = linebreaksbr(analysis.text) if analysis else ""
    if can_analyse:
        href = escape(links["analysis"](e.pk))
        label = ('Change<span class="govuk-visually-hidden"> analysis of this entry</span>' if analysis
                 else "Add analysis")
        out += f'<br><a class="govuk-link" href="{href}">{label}</a>'
    return out


def _row(row, links, can_analyse: bool, csrf: str) -> str:
    e = row.entry
    episodes = "".join(f'<br><strong class="govuk-tag govuk-tag--blue">{escape(ep)}</strong>' for ep in row.episodes)
    duplicates = "".join(_duplicate(link, other, links, can_analyse, csrf) for link, other in row.duplicates)
    interval = "" if row.interval is None else str(row.interval)
    return (
        f'\n  <tr class="govuk-table__row" id="entry-{e.pk}">'
        f'\n    <td class="govuk-table__cell cr-nowrap">{_date_cell(row, e)}</td>'
        f'\n    <td class="govuk-table__cell">{escape(row.age)}</td>'
        f'\n    <td class="govuk-table__cell govuk-table__cell--numeric">{interval}</td>'
        f'\n    <td class="govuk-table__cell">{_agency_cell(e)}</td>'
        f'\n    <td class="govuk-table__cell">{linebreaksbr(e.event)}\n      {episodes}\n      {duplicates}\n    </td>'
        f'\n    <td class="govuk-table__cell">{linebreaksbr(e.action)}</td>'
        f'\n    <td class="govuk-table__cell">{linebreaksbr(e.significance)}</td>'
        f'\n    <td class="govuk-table__cell cr-analysis">{_analysis_cell(e, links, can_analyse)}</td>'
        "\n  </tr>\n  "
    )


@register.simple_tag(takes_context=True)
def entry_rows(context, rows, review, can_analyse=False) -> SafeString:
    """The table body's rows (nothing for no rows: the template says "No entries")."""
    csrf = _csrf_input(context)
    links = {"decide": per_id("chronology:duplicate_decide", review.pk), "analysis": per_id("chronology:analysis", review.pk)}
    return mark_safe("".join(_row(row, links, can_analyse, csrf) for row in rows))  # nosec B703 B308  # noqa: S308 - every stored value escaped in _row and its cells
