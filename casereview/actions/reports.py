"""The board report in its renderings: page context, PDF (WeasyPrint), CSV and XLSX.

The page and the PDF render the same body template (actions/report_body.html),
so what a board reads on screen is what it files. Sections other apps add
through casereview.reviews.assurance (the reach of briefings) are rendered by
their own templates inside that body, and follow the actions in the CSV (after a
blank row, under their own heading) and the XLSX (a sheet per table).
"""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string

from casereview.actions import access, rules, selectors
from casereview.actions.selectors import BoardReport
from casereview.reviews.assurance import assurance_sections
from casereview.tabular.export import Sheet, csv_bytes, xlsx_bytes
from casereview.text.themes import theme_labels

EXPORT_COLUMNS = [
    "Review", "Action", "Recommendation", "Description", "Owner agency", "Named owner", "Due date", "Status",
    "RAG", "Last update", "Evidence items", "Verified", "Drift reasons", "Escalation level",
]


def context(report: BoardReport, *, title: str, scope: str, review=None, agency=None, sections=()) -> dict:
    labels = theme_labels()
    return {
        "report": report, "title": title, "scope": scope, "review": review, "agency": agency,
        "sections": list(sections),
        "rag_labels": rules.RAG_LABELS, "rag_order": rules.RAG_ORDER,
        "themes": [(labels.get(t, t), *rest) for t, *rest in report.themes],
    }


def pdf(ctx: dict) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_to_string("actions/report_pdf.html", ctx)).write_pdf()


def _export_rows(report: BoardReport) -> list[list]:
    out = []
    for row in report.rows:
        a = row.action
        out.append([
            a.review.reference, a.reference, a.parent_label, a.description, a.owner_agency.name,
            a.owner.display_name if a.owner else "", a.due_date, a.get_status_display(),
            row.rag, a.last_update_on, getattr(a, "evidence_count", 0), "yes" if a.is_verified else "no",
            "; ".join(row.reason_labels), a.escalation_level,
        ])
    return out


def to_csv(report: BoardReport, sections=()) -> bytes:
    """The actions as CSV (dates ISO), agency-typed text neutralised against formula injection.

    Each added section's tables follow, each after a blank row and a row naming it.
    """
    rows: list[list] = [EXPORT_COLUMNS, *_export_rows(report)]
    for table in (t for section in sections for t in section.tables):
        rows += [[], [table.name], table.header, *table.rows]
    return csv_bytes(rows)


def to_xlsx(report: BoardReport, sections=()) -> bytes:
    """A summary sheet (by RAG, by agency) and the actions, dates as real Excel dates."""
    summary: list[list] = [["RAG", "Actions"]]
    summary += [[rules.RAG_LABELS[colour], report.by_rag[colour]] for colour in rules.RAG_ORDER]
    summary.append([])
    summary.append(["Agency", *[rules.RAG_LABELS[c] for c in rules.RAG_ORDER], "Total"])
    summary += [[name, *[counts[c] for c in rules.RAG_ORDER], total] for name, counts, total in report.by_agency]
    extra = [Sheet(t.name, t.rows, header=t.header) for section in sections for t in section.tables]
    return xlsx_bytes([Sheet("Summary", summary), Sheet("Actions", _export_rows(report), header=EXPORT_COLUMNS),
                       *extra])


# The three reports, built for one user as their pages are: the views and the PDF job
# (actions/tasks.py) call these, so a PDF made in the background shows exactly what that
# user may see (their actions, and findings only of reviews whose findings they may read).

def board(user, *, today: dt.date) -> tuple[dict, str]:
    """The board report across every review the user may see, and its file name (without extension)."""
    reviews = access.plan_reviews_visible_to(user)
    review_ids = access.report_review_ids(user, reviews.values_list("pk", flat=True))
    report = selectors.board_report(access.actions_visible_to(user), today=today, reviews=review_ids)
    ctx = context(report, title="Action plans: board assurance report", scope="All reviews",
                  sections=assurance_sections(user, review_ids, today))
    return ctx, f"action-plans-{today:%Y-%m-%d}"


def for_review(user, review, *, today: dt.date) -> tuple[dict, str]:
    """One review's action-plan report (`review` already checked with access.access_plan_review)."""
    review_ids = access.report_review_ids(user, [review.pk])
    report = selectors.board_report(access.actions_visible_to(user).filter(review=review), today=today,
                                    reviews=review_ids)
    ctx = context(report, title=f"Action plan: {review.reference}", scope=f"{review.reference}: {review.title}",
                  review=review, sections=assurance_sections(user, review_ids, today))
    return ctx, f"action-plan-{review.reference}-{today:%Y-%m-%d}"


def for_agency(user, agency, *, today: dt.date) -> tuple[dict, str]:
    """One agency's actions (`agency` one the user may choose, or None)."""
    actions = access.actions_visible_to(user)
    actions = actions.filter(owner_agency=agency) if agency else actions.none()
    report = selectors.board_report(actions, today=today, reviews=[])
    ctx = context(report, title=f"Actions for {agency}" if agency else "Actions by agency",
                  scope=str(agency or ""), agency=agency)
    return ctx, f"actions-{(agency.short_name or agency.name) if agency else 'agency'}-{today:%Y-%m-%d}"
