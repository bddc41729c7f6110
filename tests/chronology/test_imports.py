"""Whole-file imports: each agency's header and date variant, atomic refusal with every problem listed."""

from __future__ import annotations

import datetime as dt

import pytest

from casereview.chronology.engine.imports import import_file


def test_police_xlsx_with_a_combined_date_time_column_imports_every_row(agency_files):
    result = import_file(agency_files["police"], agency="Northshire Police")
    assert result.ok
    first = result.entries[0]
    assert (first.date.date, first.time, first.agency, first.source, first.row) == (
        dt.date(2019, 4, 3), "22:40", "Northshire Police", "STORM log 1234", 2
    )
    assert first.action == "DASH risk assessment completed, graded medium"
    assert [e.row for e in result.entries] == [2, 3, 4]


def test_health_xlsx_with_date_of_contact_separate_time_and_a_month_only_date(agency_files):
    result = import_file(agency_files["health"], agency="Health visiting")
    assert result.ok
    assert [(e.date.date, e.date.precision, e.time) for e in result.entries] == [
        (dt.date(2019, 3, 18), "day", "10:30"),
        (dt.date(2019, 4, 5), "day", "14:30"),
        (dt.date(2019, 4, 1), "month", None),
    ]
    assert result.entries[1].significance == "Health attended by phone"
    assert result.entries[0].source == "HV record"


def test_social_care_csv_in_windows_1252_with_event_date_what_happened_and_action_taken(agency_files):
    result = import_file(agency_files["social_care"], agency="Children's social care")
    assert result.ok
    assert [(e.date.date, e.date.precision) for e in result.entries] == [
        (dt.date(2019, 4, 4), "day"),
        (dt.date(2019, 4, 5), "day"),
        (dt.date(2019, 6, 1), "approximate"),
    ]
    assert result.entries[0].event == "Referral received from police about domestic incident"
    assert result.entries[2].significance == "Closure not shared with school"


def test_school_csv_with_a_title_row_takes_agency_from_its_own_column_and_counts_rows_as_excel(agency_files):
    result = import_file(agency_files["school"])
    assert result.ok
    assert result.header_row == 3
    assert [(e.row, e.agency, e.date.date) for e in result.entries] == [
        (4, "Northshire Primary", dt.date(2019, 9, 3)),
        (5, "Northshire Primary", dt.date(2019, 10, 17)),
    ]


def test_without_an_agency_column_or_an_agency_given_the_file_name_stands_in(agency_files):
    result = import_file(agency_files["police"])
    assert {e.agency for e in result.entries} == {"police"}


def test_a_bad_file_is_refused_whole_with_every_bad_row_named(write_csv):
    path = write_csv(
        "gp.csv",
        [
            ["Date", "Time", "Event"],
            ["03/04/2019", "09:00", "Seen by GP"],
            ["31/02/2019", "", "Telephone consultation"],
            ["", "", "Repeat prescription"],
            ["05/04/2019", "25:00", "Missed appointment"],
            ["06/04/2019", "", ""],
            ["07/04/2019", "", "Letter to health visitor"],
        ],
    )
    result = import_file(path, agency="GP")
    assert result.entries == []
    assert [(p.row, p.column) for p in result.problems] == [(3, "Date"), (4, "Date"), (5, "Time"), (6, "Event")]
    assert result.problems[0].value == "31/02/2019"
    assert "not a real date" in result.problems[0].reason
    assert "empty" in result.problems[1].reason
    assert result.problems[0].line().startswith(f"{path}: row 3: Date: ")


def test_unknown_headers_refuse_the_file_with_a_needs_mapping_problem(write_csv):
    path = write_csv("housing.csv", [["When", "Notes"], ["03/04/2019", "Visit"]])
    result = import_file(path)
    assert result.entries == [] and result.needs_mapping
    [problem] = result.problems
    assert problem.row == 1 and "needs mapping" in problem.reason and "'When'" in problem.reason


def test_the_same_file_imports_once_mapped(write_csv):
    path = write_csv("housing.csv", [["When", "Notes"], ["03/04/2019", "Visit"]])
    result = import_file(path, mapping={"When": "date", "Notes": "event"}, agency="Housing")
    assert result.ok and result.entries[0].date.date == dt.date(2019, 4, 3)


def test_a_time_in_the_date_that_disagrees_with_the_time_column_is_a_problem(write_csv):
    path = write_csv("x.csv", [["Date", "Time", "Event"], ["03/04/2019 10:00", "11:00", "Visit"]])
    [problem] = import_file(path).problems
    assert problem.column == "Time" and "10:00" in problem.reason


def test_blank_rows_and_a_repeated_header_are_skipped(write_xlsx):
    path = write_xlsx(
        "nursery.xlsx",
        [["Date", "Event"], [dt.date(2019, 1, 7), "Started nursery"], [None, None], ["Date", "Event"], [dt.date(2019, 2, 1), "Absent"]],
    )
    result = import_file(path)
    assert [e.row for e in result.entries] == [2, 5]


@pytest.mark.parametrize(
    "rows, reason",
    [([], "empty"), ([["Date", "Event"]], "no entries below the header row")],
)
def test_empty_files_are_problems(write_csv, rows, reason):
    result = import_file(write_csv("e.csv", rows))
    assert not result.ok and reason in result.problems[0].reason


def test_a_missing_file_is_a_problem_not_a_crash(tmp_path):
    result = import_file(tmp_path / "nope.csv")
    assert not result.ok and "cannot open" in result.problems[0].reason


def test_every_date_variant_in_one_semicolon_csv_is_day_first(write_csv):
    variants = ["03/04/2019", "03/04/19", "03.04.19", "3-4-2019", "3rd April 2019", "2019-04-03", "Wed 3 Apr 2019"]
    path = write_csv("variants.csv", [["Date", "Event"], *[[v, f"entry {i}"] for i, v in enumerate(variants)]], delimiter=";")
    result = import_file(path)
    assert result.ok and {e.date.date for e in result.entries} == {dt.date(2019, 4, 3)}


def test_an_uploaded_file_object_is_read_by_its_name(agency_files):
    with agency_files["police"].open("rb") as handle:
        result = import_file(handle, name="police-upload.xlsx", agency="Police")
    assert result.ok and result.entries[0].file == "police-upload.xlsx"


def test_needs_mapping_names_the_headers_under_a_title_row_not_the_title(write_csv):
    path = write_csv("housing.csv", [["Housing log for the review"], [], ["When", "Notes", "Officer"], ["03/04/2019", "Visit", "AB"]])
    result = import_file(path)
    assert result.header_row == 3 and "'When', 'Notes', 'Officer'" in result.problems[0].reason
