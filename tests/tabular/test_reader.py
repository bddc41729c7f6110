"""Reading CSV and XLSX into rows numbered as the user sees them, and refusing hostile files quickly.

Django-free: these run with `-p no:django`.
"""

from __future__ import annotations

import datetime as dt
import io
import time

import pytest

from casereview.tabular.reader import TabularError, decode, read_table, sniff_delimiter
from tests.tabular.conftest import csv_bytes, inline_row, openpyxl_bytes, sheet_xml, xlsx_bytes

# Generous: these files are refused in milliseconds; the bound only catches a return of the 31 s read.
QUICK = 1.0


def read(data: bytes, name: str, **kwargs):
    return read_table(io.BytesIO(data), name=name, **kwargs)


def refused(data: bytes, name: str, **kwargs) -> tuple[TabularError, float]:
    started = time.perf_counter()
    with pytest.raises(TabularError) as caught:
        read(data, name, **kwargs)
    return caught.value, time.perf_counter() - started


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
    "encoding, prefix",
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1252", b"")],
)
def test_an_agency_csv_reads_the_same_in_utf8_with_or_without_bom_and_in_windows_1252(encoding, prefix):
    data = prefix + csv_bytes([["Date", "Event"], ["03/04/2019", "Seen by Zoë’s GP – £5 fare"]], encoding=encoding)
    assert read(data, "gp.csv").rows == [(1, ("Date", "Event")), (2, ("03/04/2019", "Seen by Zoë’s GP – £5 fare"))]


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


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_each_delimiter_agencies_use_gives_the_same_rows(delimiter):
    data = csv_bytes([["Date", "Event", "Action"], ["01/01/2019", "Visit", "None"]], delimiter=delimiter)
    assert read(data, "school.csv").rows == [(1, ("Date", "Event", "Action")), (2, ("01/01/2019", "Visit", "None"))]


def test_csv_row_numbers_count_blank_lines_as_excel_does():
    data = b"School chronology\r\n\r\nDate,Event\r\n01/09/2019,Started school\r\n"
    assert read(data, "school.csv").rows[3] == (4, ("01/09/2019", "Started school"))


def test_trailing_empty_cells_are_dropped_so_rows_are_as_wide_as_their_content():
    data = b"Date,Event,,,\r\n01/09/2019,Started school,,,\r\n"
    assert read(data, "school.csv").rows == [(1, ("Date", "Event")), (2, ("01/09/2019", "Started school"))]


def test_xlsx_keeps_excel_date_cells_and_row_numbers():
    data = openpyxl_bytes([["Police chronology"], [None], ["Date/Time", "Details"], [dt.datetime(2019, 4, 3, 22, 40), "Call-out"]])
    assert read(data, "police.xlsx").rows[3] == (4, (dt.datetime(2019, 4, 3, 22, 40), "Call-out"))


def test_a_named_sheet_is_read_and_a_missing_one_is_named_in_the_error():
    data = openpyxl_bytes([["Date", "Event"]], sheet="Health visiting")
    assert read(data, "health.xlsx", sheet="Health visiting").rows[0][1] == ("Date", "Event")
    with pytest.raises(TabularError, match="health.xlsx: no sheet named 'GP'; sheets are 'Health visiting'"):
        read(data, "health.xlsx", sheet="GP")


@pytest.mark.parametrize("name, reason", [("old.xls", "save it as .xlsx"), ("notes.docx", "send .csv or .xlsx")])
def test_unsupported_files_are_refused_with_advice(tmp_path, name, reason):
    path = tmp_path / name
    path.write_bytes(b"whatever")
    with pytest.raises(TabularError, match=reason) as caught:
        read_table(path)
    assert caught.value.file == name


def test_a_path_is_read_like_an_upload(tmp_path):
    path = tmp_path / "police.csv"
    path.write_bytes(csv_bytes([["Date", "Event"], ["03/04/2019", "Call-out"]]))
    assert read_table(path).rows == [(1, ("Date", "Event")), (2, ("03/04/2019", "Call-out"))]


# One test per hostile file ------------------------------------------------------------------


def test_an_xlsx_declaring_a_whole_sheet_dimension_reads_its_two_real_rows_at_once():
    data = xlsx_bytes(sheet_xml(inline_row(1, "Date", "Event") + inline_row(2, "03/04/2019", "Visit"),
                                dimension="A1:XFD1048576"))
    assert len(data) < 5_000
    started = time.perf_counter()
    table = read(data, "police.xlsx")
    assert table.rows == [(1, ("Date", "Event")), (2, ("03/04/2019", "Visit"))]
    assert time.perf_counter() - started < QUICK


def test_an_xlsx_with_one_stray_row_a_million_rows_down_is_refused_at_the_row_cap():
    data = xlsx_bytes(sheet_xml(inline_row(1, "Date", "Event") + inline_row(1048576, "x"), dimension="A1:B1048576"))
    error, seconds = refused(data, "police.xlsx", max_rows=1000)
    assert error.reason.startswith("the file has more than 1,000 rows")
    assert seconds < QUICK


def test_a_billion_laughs_xlsx_is_refused_quickly_with_a_clear_error():
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    )
    prolog = f"<!DOCTYPE worksheet [{entities}]>"
    data = xlsx_bytes(sheet_xml(inline_row(1, "Date", "&lol9;"), prolog=prolog))
    error, seconds = refused(data, "laughs.xlsx")
    assert error.file == "laughs.xlsx"
    assert "XML entity declarations" in error.reason
    assert seconds < QUICK


def test_an_xlsx_with_malformed_sheet_xml_is_a_clear_error_naming_the_file():
    data = xlsx_bytes(sheet_xml(inline_row(1, "Date", "Event") + "<row r='2'><c r='A2'"))
    error, _ = refused(data, "broken.xlsx")
    assert str(error) == "broken.xlsx: not a readable XLSX file (its XML is malformed); save it again as .xlsx"


def test_an_xlsx_whose_workbook_part_is_missing_is_a_clear_error():
    data = xlsx_bytes(sheet_xml(inline_row(1, "Date")), workbook="<workbook")
    error, _ = refused(data, "broken.xlsx")
    assert error.reason.startswith("not a readable XLSX file")


def test_a_file_named_xlsx_that_is_not_a_zip_is_refused():
    error, _ = refused(b"Date,Event\r\n03/04/2019,Visit\r\n", "renamed.xlsx")
    assert str(error) == "renamed.xlsx: not a readable XLSX file (it is not a zip archive); save it again as .xlsx"


def test_an_xlsx_zip_bomb_is_refused_before_it_is_unpacked():
    data = xlsx_bytes(sheet_xml(inline_row(1, "Date") + "<row r='2'/>" * 2_000_000))
    assert len(data) < 200_000
    error, seconds = refused(data, "bomb.xlsx", max_bytes=1024 * 1024)
    assert "unpacks to more than 10 MB" in error.reason
    assert seconds < QUICK


def test_a_file_over_the_byte_cap_is_refused_without_being_read():
    class Upload(io.BytesIO):
        size = 25 * 1024 * 1024  # what Django's UploadedFile reports

        def read(self, *args):
            raise AssertionError("an oversized upload must not be read")

    with pytest.raises(TabularError, match="larger than 20 MB"):
        read_table(Upload(b""), name="huge.csv")


def test_a_stream_without_a_size_is_read_no_further_than_the_cap():
    class Pipe(io.RawIOBase):
        def readable(self):
            return True

        def tell(self):
            raise OSError("not seekable")

        def read(self, n=-1):
            assert n != -1, "read without a bound"
            return b"x" * n

    with pytest.raises(TabularError, match="larger than 1 MB"):
        read_table(Pipe(), name="endless.csv", max_bytes=1024 * 1024)


def test_a_csv_over_the_row_cap_is_refused_naming_the_cap():
    data = csv_bytes([["Date", "Event"]] + [["03/04/2019", "Visit"]] * 10)
    assert len(read(data, "police.csv", max_rows=11).rows) == 11
    error, _ = refused(data, "police.csv", max_rows=10)
    assert str(error) == (
        "police.csv: the file has more than 10 rows; split it into smaller files or delete empty rows at the bottom"
    )


@pytest.mark.parametrize("name", ["wide.csv", "wide.xlsx"])
def test_a_sheet_over_the_column_cap_is_refused_naming_the_row(name):
    rows = [["Date", "Event"], ["03/04/2019", "Visit", *["x"] * 10]]
    data = csv_bytes(rows) if name.endswith(".csv") else openpyxl_bytes(rows)
    assert read(data, name, max_columns=12).rows[1][1][-1] == "x"
    error, _ = refused(data, name, max_columns=11)
    assert error.reason == "row 2 has more than 11 columns; delete the unused columns to the right of the table"


def test_an_xlsx_with_a_value_in_the_last_column_excel_allows_is_refused_quickly():
    data = xlsx_bytes(sheet_xml(inline_row(1, "Date", "Event") + inline_row(2, "x", first_column="A").replace(
        'r="A2"', 'r="XFD2"'), dimension="A1:XFD2"))
    error, seconds = refused(data, "wide.xlsx", max_columns=200)
    assert error.reason.startswith("row 2 has more than 200 columns")
    assert seconds < QUICK


def test_a_csv_with_a_field_longer_than_the_csv_module_allows_is_a_clear_error():
    error, _ = refused(b"Date,Event\r\n03/04/2019,\"" + b"x" * 200_000 + b"\"\r\n", "binary.csv")
    assert error.reason.startswith("not a readable CSV file")
