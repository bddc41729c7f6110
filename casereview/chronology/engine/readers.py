"""Read CSV and XLSX files into rows numbered as the user sees them.

Row numbers are the spreadsheet's own (row 1 is the first line of the file or
sheet), so a problem reported at "row 14" is row 14 when the agency opens the
file in Excel. Blank rows keep their numbers; the importer skips them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

CSV_SUFFIXES = (".csv", ".txt", ".tsv")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
_DELIMITERS = (",", ";", "\t", "|")
_SNIFF_LINES = 50


class ReadError(ValueError):
    """The file cannot be read as a table at all (wrong type, corrupt, missing sheet)."""


@dataclass(frozen=True)
class Table:
    name: str  # the file name shown in problems
    rows: list[tuple[int, tuple[Any, ...]]]  # (row number, cells)


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, then Windows-1252, which is what
    Excel's "CSV" (not "CSV UTF-8") writes on UK Windows machines."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        # cp1252 leaves five bytes undefined; latin-1 maps every byte, so nothing is lost.
        return data.decode("latin-1")


def sniff_delimiter(text: str) -> str:
    """Pick the delimiter that splits the most of the first lines into the same number (>1) of fields.

    csv.Sniffer is thrown by title rows above the header, so count instead.
    """
    sample = "\n".join(text.splitlines()[:_SNIFF_LINES])
    best, best_score = ",", 0
    for delimiter in _DELIMITERS:
        widths = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=delimiter) if any(c.strip() for c in r)]
        counts: dict[int, int] = {}
        for w in widths:
            if w > 1:
                counts[w] = counts.get(w, 0) + 1
        score = max(counts.values(), default=0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_csv_text(text: str, name: str) -> Table:
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = [(number, tuple(cells)) for number, cells in enumerate(reader, start=1)]
    except csv.Error as exc:
        raise ReadError(f"not a readable CSV file: {exc}") from None
    return Table(name=name, rows=rows)


def read_xlsx(source: str | Path | IO[bytes], name: str, sheet: str | None = None) -> Table:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except (BadZipFile, KeyError, OSError) as exc:
        raise ReadError(f"not a readable XLSX file: {exc}") from None
    try:
        if sheet is None:
            worksheet = workbook.worksheets[0]
        elif sheet in workbook.sheetnames:
            worksheet = workbook[sheet]
        else:
            raise ReadError(f"no sheet named {sheet!r}; sheets are {', '.join(repr(s) for s in workbook.sheetnames)}")
        # Some producers write a wrong <dimension>; recompute so no row is missed.
        if getattr(worksheet, "max_row", None) is None or worksheet.max_row <= 1:
            worksheet.reset_dimensions()
        rows = [(number, tuple(cells)) for number, cells in enumerate(worksheet.iter_rows(values_only=True), start=1)]
    finally:
        workbook.close()
    return Table(name=name, rows=rows)


def read_table(source: str | Path | IO[bytes], *, name: str | None = None, sheet: str | None = None) -> Table:
    """Read a CSV or XLSX file (a path, or an open binary file with `name` giving its name)."""
    if name is None:
        name = Path(source).name if isinstance(source, str | Path) else Path(getattr(source, "name", "upload")).name
    suffix = Path(name).suffix.lower()
    if suffix == ".xls":
        raise ReadError("old Excel .xls files are not read; save it as .xlsx or .csv")
    if suffix in XLSX_SUFFIXES:
        return read_xlsx(source, name, sheet)
    if suffix in CSV_SUFFIXES:
        if isinstance(source, str | Path):
            data = Path(source).read_bytes()
        else:
            data = source.read()
        return read_csv_text(decode(data), name)
    raise ReadError(f"'{suffix or name}' files are not read; send .csv or .xlsx")


def non_blank_rows(table: Table) -> Iterator[tuple[int, tuple[Any, ...]]]:
    for number, cells in table.rows:
        if any(c is not None and str(c).strip() for c in cells):
            yield number, cells
