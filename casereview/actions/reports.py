"""The board report in its renderings: page context, PDF (WeasyPrint), CSV and XLSX.

The page and the PDF render the same body template (actions/report_body.html),
so what a board reads on screen is what it files. Sections other apps add
through casereview.reviews.assurance (the reach of briefings) are rendered by
their own templates inside that body, and follow the actions in the CSV (after a
blank row, under their own heading) and the XLSX (a sheet per table).
"""

from __future__ import annotations

from django.template.loader import render_to_string

from casereview.actions import rules
from casereview.actions.selectors import BoardReport
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
