"""The board report in its renderings: page context, PDF (WeasyPrint), CSV and XLSX.

The page and the PDF render the same body template (actions/report_body.html),
so what a board reads on screen is what it files.
"""

from __future__ import annotations

import csv
import io

from django.template.loader import render_to_string

from casereview.actions import rules
from casereview.actions.selectors import BoardReport
from casereview.text.themes import theme_labels

EXPORT_COLUMNS = [
    "Review", "Action", "Recommendation", "Description", "Owner agency", "Named owner", "Due date", "Status",
    "RAG", "Last update", "Evidence items", "Verified", "Drift reasons", "Escalation level",
]


def context(report: BoardReport, *, title: str, scope: str, review=None, agency=None) -> dict:
    labels = theme_labels()
    return {
        "report": report, "title": title, "scope": scope, "review": review, "agency": agency,
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
            a.owner.display_name if a.owner else "", a.due_date.isoformat(), a.get_status_display(),
            row.rag, a.last_update_on.isoformat(), getattr(a, "evidence_count", 0), "yes" if a.is_verified else "no",
            "; ".join(row.reason_labels), a.escalation_level,
        ])
    return out


def to_csv(report: BoardReport) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_COLUMNS)
    for row in _export_rows(report):
        # Neutralise spreadsheet formulas typed into free text (CSV injection).
        writer.writerow([f"'{v}" if isinstance(v, str) and v[:1] in "=+-@" else v for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(report: BoardReport) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    summary = book.active
    summary.title = "Summary"
    summary.append(["RAG", "Actions"])
    for colour in rules.RAG_ORDER:
        summary.append([rules.RAG_LABELS[colour], report.by_rag[colour]])
    summary.append([])
    summary.append(["Agency", *[rules.RAG_LABELS[c] for c in rules.RAG_ORDER], "Total"])
    for name, counts, total in report.by_agency:
        summary.append([name, *[counts[c] for c in rules.RAG_ORDER], total])
    sheet = book.create_sheet("Actions")
    sheet.append(EXPORT_COLUMNS)
    for row in _export_rows(report):
        sheet.append([f"'{v}" if isinstance(v, str) and v[:1] in "=+-@" else v for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
