"""Read CSV and XLSX files into rows numbered as the user sees them.

Row numbers are the spreadsheet's own (row 1 is the first line of the file or
sheet), so a problem reported at "row 14" is row 14 when the agency opens the
file in Excel. Blank rows keep their numbers; importers skip them.

Every upload is treated as hostile: the size is checked before the file is
read, rows are streamed and counted (a sheet is never materialised past the
row and column caps), and whatever goes wrong inside a damaged file becomes
one TabularError naming the file.
"""

from __future__ import annotations

import csv
import io
import os
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

CSV_SUFFIXES = (".csv", ".txt", ".tsv")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
_DELIMITERS = (",", ";", "\t", "|")
_SNIFF_LINES = 50

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 100_000
MAX_COLUMNS = 200
# An XLSX is a zip of XML: the parts, once unpacked, may be this many times the file cap
# (real workbooks unpack 5-10x; a zip bomb unpacks thousands of times).
UNPACKED_FACTOR = 10


class TabularError(ValueError):
    """The file cannot be read as a table: wrong type, too big, corrupt, missing sheet.

    `reason` is a sentence for the person who uploaded it; str() names the file too.
    """

    def __init__(self, file: str, reason: str):
        super().__init__(f"{file}: {reason}")
        self.file = file
        self.reason = reason


@dataclass(frozen=True)
class Table:
    name: str  # the file name shown in problems
    rows: list[tuple[int, tuple[Any, ...]]]  # (row number, cells), trailing empty cells dropped


@dataclass(frozen=True)
class _Caps:
    name: str
    max_rows: int
    max_columns: int

    def check_row(self, number: int) -> None:
        if number > self.max_rows:
            raise TabularError(
                self.name,
                f"the file has more than {self.max_rows:,} rows; split it into smaller files "
                "or delete empty rows at the bottom",
            )

    def trimmed(self, number: int, cells: tuple[Any, ...]) -> tuple[Any, ...]:
        """The row without its trailing empty cells; a value past the column cap refuses the file."""
        if not cells:
            return ()
        width = len(cells)
        if width > self.max_columns:
            beyond = cells[self.max_columns:]
            # count() runs in C: a row padded out to column XFD costs microseconds, not a Python loop.
            if beyond.count(None) + beyond.count("") != len(beyond):
                raise TabularError(
                    self.name,
                    f"row {number} has more than {self.max_columns:,} columns; "
                    "delete the unused columns to the right of the table",
                )
            width = self.max_columns
        while width and (cells[width - 1] is None or cells[width - 1] == ""):
            width -= 1
        return tuple(cells[:width])


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
    sample = "\n".join(text[: 64 * 1024].splitlines()[:_SNIFF_LINES])
    best, best_score = ",", 0
    for delimiter in _DELIMITERS:
        try:
            widths = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=delimiter) if any(c.strip() for c in r)]
        except csv.Error:
            continue  # a NUL byte or a huge field: read_csv_text reports it with the delimiter chosen
        counts: dict[int, int] = {}
        for w in widths:
            if w > 1:
                counts[w] = counts.get(w, 0) + 1
        score = max(counts.values(), default=0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def read_csv_text(text: str, name: str, *, max_rows: int = MAX_ROWS, max_columns: int = MAX_COLUMNS) -> Table:
    caps = _Caps(name, max_rows, max_columns)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    rows = []
    try:
        for number, cells in enumerate(reader, start=1):
            caps.check_row(number)
            rows.append((number, caps.trimmed(number, tuple(cells))))
    except csv.Error as exc:
        raise TabularError(name, f"not a readable CSV file ({exc}); save it again as CSV from your spreadsheet") from None
    return Table(name=name, rows=rows)


def _check_zip(data: bytes, name: str, max_unpacked: int) -> None:
    """Refuse what is not a zip, or unpacks to more than `max_unpacked` bytes, before openpyxl sees it.

    zipfile never returns more than a member's declared size, so the sum is a real bound.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise TabularError(name, "not a readable XLSX file (it is not a zip archive); save it again as .xlsx") from None
    if unpacked > max_unpacked:
        raise TabularError(
            name, f"the workbook unpacks to more than {megabytes(max_unpacked)}; it is too big to read"
        )


def read_xlsx(
    data: bytes, name: str, sheet: str | None = None, *, max_rows: int = MAX_ROWS, max_columns: int = MAX_COLUMNS,
    max_unpacked: int = MAX_BYTES * UNPACKED_FACTOR,
) -> Table:
    """Stream the rows of one sheet (the first, or `sheet`) through openpyxl's read-only mode."""
    from openpyxl import load_workbook

    _check_zip(data, name, max_unpacked)
    caps = _Caps(name, max_rows, max_columns)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types (KeyError, ParseError, ValueError...) for a damaged workbook
        raise TabularError(name, f"not a readable XLSX file ({_describe(exc)}); save it again as .xlsx") from None
    try:
        if sheet is None:
            if not workbook.worksheets:
                raise TabularError(name, "the workbook has no sheets")
            worksheet = workbook.worksheets[0]
        elif sheet in workbook.sheetnames:
            worksheet = workbook[sheet]
        else:
            sheets = ", ".join(repr(s) for s in workbook.sheetnames)
            raise TabularError(name, f"no sheet named {sheet!r}; sheets are {sheets}")
        if not hasattr(worksheet, "reset_dimensions"):
            raise TabularError(name, f"{worksheet.title!r} is a chart sheet, not a table")
        # The <dimension> a producer declares is ignored on purpose: some write A1 for a full
        # sheet (rows would be missed), and a hostile one declares A1:XFD1048576, for which
        # openpyxl pads every row to 16,384 cells and yields a million empty rows (31 s for
        # 5 KB). Without it, each row is as wide as its last stored cell and the sheet ends at
        # its last stored row; the caps below stop a stray cell far down or far right.
        worksheet.reset_dimensions()
        rows = []
        for number, cells in enumerate(worksheet.iter_rows(values_only=True), start=1):
            caps.check_row(number)
            rows.append((number, caps.trimmed(number, cells)))
    except TabularError:
        raise
    except Exception as exc:  # malformed sheet XML surfaces only while rows are streamed
        raise TabularError(name, f"not a readable XLSX file ({_describe(exc)}); save it again as .xlsx") from None
    finally:
        workbook.close()
    return Table(name=name, rows=rows)


def _describe(exc: BaseException) -> str:
    """What went wrong, in words; openpyxl wraps the XML parser's error in a ValueError, so look down the chain."""
    chain: list[BaseException] = []
    cause: BaseException | None = exc
    while cause is not None and cause not in chain:
        chain.append(cause)
        cause = cause.__cause__ or cause.__context__
    kinds = {type(e).__name__ for e in chain}
    if kinds & {"EntitiesForbidden", "DTDForbidden", "ExternalReferenceForbidden"}:
        return "it contains XML entity declarations, which are refused for safety"
    if kinds & {"ParseError", "XMLSyntaxError", "ExpatError"}:
        return "its XML is malformed"
    if isinstance(exc, KeyError):
        return f"a part of the workbook is missing: {exc}"
    return type(exc).__name__


def megabytes(size: int) -> str:
    """A byte count as people say it: "20 MB", "2.5 MB", "900 KB"."""
    if size >= 1024 * 1024:
        mb = size / (1024 * 1024)
        return f"{mb:,.0f} MB" if mb.is_integer() else f"{mb:,.1f} MB"
    return f"{max(1, size // 1024):,} KB"


def _size(source: str | Path | IO[bytes]) -> int | None:
    """The size without reading: a path's, an upload's (Django's UploadedFile.size), a seekable file's."""
    if isinstance(source, str | Path):
        return os.stat(source).st_size
    size = getattr(source, "size", None)
    if isinstance(size, int):
        return size
    try:
        here = source.tell()
        end = source.seek(0, io.SEEK_END)
        source.seek(here)
        return end - here
    except (AttributeError, OSError, ValueError):
        return None


def read_bytes(source: str | Path | IO[bytes], name: str, *, max_bytes: int = MAX_BYTES) -> bytes:
    """The file's bytes, refused before reading when it is over `max_bytes` (and never read past it)."""
    too_big = f"the file is larger than {megabytes(max_bytes)}; split it into smaller files"
    size = _size(source)
    if size is not None and size > max_bytes:
        raise TabularError(name, too_big)
    if isinstance(source, str | Path):
        with open(source, "rb") as handle:
            data = handle.read(max_bytes + 1)
    else:
        data = source.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise TabularError(name, too_big)
    return data


def read_table(
    source: str | Path | IO[bytes],
    *,
    name: str | None = None,
    sheet: str | None = None,
    max_bytes: int = MAX_BYTES,
    max_rows: int = MAX_ROWS,
    max_columns: int = MAX_COLUMNS,
) -> Table:
    """Read a CSV or XLSX file (a path, or an open binary file with `name` giving its name).

    Raises TabularError (naming the file) for anything that is not a table within the caps.
    OSError from opening a path is left to the caller (it is the caller's path, not the file's content).
    """
    if name is None:
        name = Path(source).name if isinstance(source, str | Path) else Path(getattr(source, "name", None) or "upload").name
    suffix = Path(name).suffix.lower()
    if suffix == ".xls":
        raise TabularError(name, "old Excel .xls files are not read; save it as .xlsx or .csv")
    if suffix not in XLSX_SUFFIXES + CSV_SUFFIXES:
        raise TabularError(name, f"'{suffix or name}' files are not read; send .csv or .xlsx")
    data = read_bytes(source, name, max_bytes=max_bytes)
    if suffix in XLSX_SUFFIXES:
        return read_xlsx(data, name, sheet, max_rows=max_rows, max_columns=max_columns,
                         max_unpacked=max_bytes * UNPACKED_FACTOR)
    return read_csv_text(decode(data), name, max_rows=max_rows, max_columns=max_columns)


def non_blank_rows(table: Table) -> Iterator[tuple[int, tuple[Any, ...]]]:
    for number, cells in table.rows:
        if any(c is not None and str(c).strip() for c in cells):
            yield number, cells
