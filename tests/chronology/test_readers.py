"""Reading CSV and XLSX into rows numbered as the user sees them."""

from __future__ import annotations

import datetime as dt

import pytest

from casereview.chronology.engine.readers import ReadError, decode, read_table, sniff_delimiter


@pytest.mark.parametrize(
    "data, text",
    [
        ("Café".encode(), "Café"),
        ("\ufeffCafé".encode(), "Café"),
        ("Café – 3rd".encode("cp1252"), "Café – 3rd"),
        ("Café".encode("utf-16"), "Café"),
    ],
)
def test_csv_bytes_are_decoded_as_utf8_then_windows_1252(data, text):
    assert decode(data) == text


@pytest.mark.parametrize(
    "text, delimiter",
    [
        ("Title only\nDate,Event\n01/01/2019,Visit\n", ","),
        ("Date;Event;Action\n01/01/2019;Visit, seen;None\n", ";"),
        ("Date\tEvent\n01/01/2019\tVisit\n", "\t"),
        ("Date|Event\n01/01/2019|Visit\n", "|"),
    ],
)
def test_the_delimiter_is_sniffed_even_under_a_title_row(text, delimiter):
    assert sniff_delimiter(text) == delimiter


def test_csv_row_numbers_count_blank_lines_as_excel_does(write_csv):
    path = write_csv("school.csv", [["School chronology"], [], ["Date", "Event"], ["01/09/2019", "Started school"]])
    table = read_table(path)
    assert table.rows[3] == (4, ("01/09/2019", "Started school"))


def test_xlsx_keeps_excel_date_cells_and_row_numbers(write_xlsx):
    path = write_xlsx("police.xlsx", [["Police chronology"], [None], ["Date/Time", "Details"], [dt.datetime(2019, 4, 3, 22, 40), "Call-out"]])
    table = read_table(path)
    assert table.rows[3] == (4, (dt.datetime(2019, 4, 3, 22, 40), "Call-out"))


def test_a_named_sheet_is_read_and_a_missing_one_is_named_in_the_error(write_xlsx):
    path = write_xlsx("health.xlsx", [["Date", "Event"]], sheet="Health visiting")
    assert read_table(path, sheet="Health visiting").rows[0][1] == ("Date", "Event")
    with pytest.raises(ReadError, match="'Health visiting'"):
        read_table(path, sheet="GP")


@pytest.mark.parametrize("name, reason", [("old.xls", "save it as .xlsx"), ("notes.docx", "send .csv or .xlsx")])
def test_unsupported_files_are_refused_with_advice(tmp_path, name, reason):
    path = tmp_path / name
    path.write_bytes(b"whatever")
    with pytest.raises(ReadError, match=reason):
        read_table(path)


def test_a_corrupt_xlsx_is_a_read_error(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(ReadError, match="not a readable XLSX"):
        read_table(path)
