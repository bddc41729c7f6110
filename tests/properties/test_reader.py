"""The spreadsheet reader: a CSV written by Python's csv module reads back cell for cell.

Whatever the delimiter (comma, semicolon, tab, bar) and encoding (UTF-8 with or without
a BOM, UTF-16, Windows-1252), with quotes, delimiters and line breaks inside cells.
Documented limits the strategies respect: cells do not hold the other delimiters
(the delimiter is sniffed by counting), and Windows-1252 text is limited to characters
whose bytes can never be valid UTF-8 (the decoder tries UTF-8 first, as it must).
"""

from __future__ import annotations

import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from casereview.tabular.reader import read_table

DELIMITERS = [",", ";", "\t", "|"]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "cp1252"]
# Windows-1252 bytes 0x80-0xBF only: continuation bytes, so no UTF-8 decoder accepts them.
CP1252_SAFE = "£–’“”"
WIDE = "éüñçøß£€–’“”Łő漢字🙂"


@st.composite
def tables(draw):
    delimiter = draw(st.sampled_from(DELIMITERS))
    encoding = draw(st.sampled_from(ENCODINGS))
    others = "".join(d for d in DELIMITERS if d != delimiter)
    alphabet = st.characters(codec="ascii", exclude_characters="\x00\r" + others,
                             exclude_categories=["Cc"]) | st.sampled_from(["\n", '"', delimiter, " "])
    alphabet |= st.sampled_from(CP1252_SAFE if encoding == "cp1252" else WIDE)
    cell = st.text(alphabet, max_size=12)
    width = draw(st.integers(2, 5))
    rows = draw(st.lists(st.lists(cell, min_size=width, max_size=width), min_size=1, max_size=8))
    # The sniffer needs most rows to have the same number of fields: at least one non-empty cell each.
    rows = [row if any(c.strip() for c in row) else ["x", *row[1:]] for row in rows]
    return delimiter, encoding, rows


def written(rows, delimiter: str, encoding: str) -> bytes:
    text = io.StringIO()
    csv.writer(text, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return text.getvalue().encode(encoding)


@given(tables())
def test_a_csv_reads_back_cell_for_cell_in_any_delimiter_and_encoding(table):
    delimiter, encoding, rows = table
    data = written(rows, delimiter, encoding)

    read = read_table(io.BytesIO(data), name="chronology.csv")

    expected = []
    for row in rows:
        while row and row[-1] == "":
            row = row[:-1]  # the reader drops trailing empty cells
        expected.append(tuple(row))
    assert [cells for _number, cells in read.rows] == expected
    assert [number for number, _cells in read.rows] == list(range(1, len(rows) + 1))
