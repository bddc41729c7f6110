"""Reading an action plan spreadsheet (CSV/XLSX) without the database: every problem listed."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from casereview.actions.importing import (
    DateNotRead,
    RecommendationRef,
    parse_action_plan,
    parse_recommendation_ref,
    parse_uk_date,
)

HEADER = "Recommendation,Action,Owner agency,Named owner,Due date,Success measure\n"


def csv_bytes(*rows: str) -> bytes:
    return (HEADER + "".join(r + "\n" for r in rows)).encode()


DATES = [
    ("2027-04-03", dt.date(2027, 4, 3)),
    ("03/04/2027", dt.date(2027, 4, 3)),
    ("3/4/27", dt.date(2027, 4, 3)),
    ("3.4.2027", dt.date(2027, 4, 3)),
    ("3 April 2027", dt.date(2027, 4, 3)),
    ("3rd Apr 2027", dt.date(2027, 4, 3)),
    ("12/01/2027", dt.date(2027, 1, 12)),
    (dt.datetime(2027, 4, 3, 0, 0), dt.date(2027, 4, 3)),
]


@pytest.mark.parametrize(("raw", "expected"), DATES, ids=[str(r) for r, _ in DATES])
def test_due_dates_are_read_day_first(raw, expected):
    assert parse_uk_date(raw) == expected


@pytest.mark.parametrize("raw", ["", "31/02/2027", "04/13/2027", "next spring", "2027"])
def test_dates_that_are_not_dates_are_refused_with_a_reason(raw):
    with pytest.raises(DateNotRead):
        parse_uk_date(raw)


REFS = [
    ("3", RecommendationRef(3)),
    ("R3", RecommendationRef(3)),
    ("Recommendation 3", RecommendationRef(3)),
    (3.0, RecommendationRef(3)),
    ("Police 2", RecommendationRef(2, "Police")),
    ("Northshire Police: 2", RecommendationRef(2, "Northshire Police")),
]


@pytest.mark.parametrize(("raw", "expected"), REFS, ids=[str(r) for r, _ in REFS])
def test_recommendation_references(raw, expected):
    assert parse_recommendation_ref(raw) == expected


def test_a_good_csv_gives_one_row_per_action():
    result = parse_action_plan("plan.csv", csv_bytes(
        "1,Audit strategy meetings,Police,claire,31/03/2027,Audit shows 90% compliant",
        "Police 1,Refresh training,Police,,1 May 2027,All officers trained",
    ))
    assert result.problems == []
    assert [(r.row, str(r.recommendation), r.due_date) for r in result.rows] == [
        (2, "R1", dt.date(2027, 3, 31)), (3, "Police 1", dt.date(2027, 5, 1))]


def test_every_problem_is_listed_with_file_row_column_and_reason():
    result = parse_action_plan("plan.csv", csv_bytes(
        "1,Audit strategy meetings,Police,,31/02/2027,Audit",
        ",,Health,,03/04/2027,",
        "1,Fine row,Police,,03/04/2027,Measured",
    ))
    messages = [str(p) for p in result.problems]
    assert "plan.csv, row 2, column 'Due date': '31/02/2027': 31 February 2027 is not a real date (February 2027 has 28 days)" in messages
    assert "plan.csv, row 3, column 'Recommendation': recommendation is empty" in messages
    assert "plan.csv, row 3, column 'Action': action is empty" in messages
    assert "plan.csv, row 3, column 'Success measure': success measure is empty" in messages
    assert len(result.rows) == 1


def test_a_file_without_the_needed_columns_says_which_are_missing():
    result = parse_action_plan("plan.csv", b"Rec,Action\n1,Do it\n")
    assert [str(p) for p in result.problems] == [
        "plan.csv, row 1: missing column(s): Owner agency, Due date, Success measure"]


def test_an_xlsx_plan_with_date_cells_is_read():
    book = Workbook()
    sheet = book.active
    sheet.append(["Rec no", "Action description", "Lead agency", "Owner", "Target date", "Measure of success"])
    sheet.append([2, "Dog risk in pre-birth assessments", "Health visiting", None, dt.datetime(2027, 6, 30), "Audit"])
    buffer = io.BytesIO()
    book.save(buffer)
    result = parse_action_plan("plan.xlsx", buffer.getvalue())
    assert result.problems == []
    assert result.rows[0].recommendation == RecommendationRef(2)
    assert result.rows[0].due_date == dt.date(2027, 6, 30)


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("plan.pdf", b"%PDF", "the file must be a spreadsheet saved as .xlsx or .csv"),
    ("plan.csv", b"", "the file is empty: it needs a header row and one row per action"),
    ("plan.csv", HEADER.encode(), "the file has a header row but no actions"),
    ("plan.xlsx", b"not a zip", "not a readable XLSX file (it is not a zip archive); save it again as .xlsx"),
])
def test_unreadable_files_are_refused_with_a_reason(name, data, reason):
    result = parse_action_plan(name, data)
    assert result.rows == [] and [p.reason for p in result.problems] == [reason]


def test_a_plan_saved_as_plain_csv_on_windows_is_read_with_its_accents_and_pound_signs():
    data = csv_bytes("1,Fund Zoë’s key-worker post – £5k,Police,,31/03/2027,Post filled").replace(b"\n", b"\r\n")
    result = parse_action_plan("plan.csv", data.decode().encode("cp1252"))
    assert result.problems == []
    assert result.rows[0].description == "Fund Zoë’s key-worker post – £5k"


def test_a_semicolon_separated_plan_from_a_european_excel_is_read():
    data = csv_bytes("1;Audit strategy meetings, quarterly;Police;;31/03/2027;Audit shows 90% compliant").replace(
        b",", b";").replace(b"meetings; quarterly", b"meetings, quarterly")
    result = parse_action_plan("plan.csv", data)
    assert result.problems == []
    assert result.rows[0].description == "Audit strategy meetings, quarterly"
    assert result.rows[0].owner_agency == "Police"


def test_a_plan_over_the_size_limit_is_refused_before_it_is_read():
    result = parse_action_plan("plan.csv", csv_bytes("1,Audit,Police,,31/03/2027,Audit") * 100, max_bytes=1024)
    assert result.rows == []
    assert [p.reason for p in result.problems] == ["the file is larger than 1 KB; split it into smaller files"]
