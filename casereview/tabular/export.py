"""Write CSV and XLSX exports that are safe to open in a spreadsheet.

Agency-supplied text is exported as it was typed, so a cell starting with "="
would open in Excel as a live formula (=HYPERLINK to a look-alike site, =cmd|...).
Every export passes its cells through `safe_cell`, which prefixes such text with
an apostrophe (the OWASP advice: Excel shows the text and hides the apostrophe),
while real numbers, dates and booleans stay typed and empty cells stay empty.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

# Characters a spreadsheet reads as the start of a formula (tab and carriage return
# because some spreadsheets strip them and then see the character after).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ISO_DATE = "%Y-%m-%d"
UK_DATE = "%d/%m/%Y"


class _Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


def safe_cell(value: Any) -> Any:
    """One cell, safe to export: formula-like text gets a leading apostrophe; anything else typed stays as it is.

    None and "" stay empty; int, float, Decimal, bool, date, datetime and time are returned
    unchanged (a negative number is a number, not a formula); any other value is exported as its text.
    """
    if value is None or isinstance(value, bool | int | float | Decimal | dt.date | dt.time):
        return value
    text = value if isinstance(value, str) else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_cell(value: Any, *, date_format: str = ISO_DATE) -> Any:
    """A cell as CSV text would hold it: dates in `date_format`, times as HH:MM, the rest as safe_cell gives it."""
    value = safe_cell(value)
    if isinstance(value, dt.datetime):
        return value.strftime(f"{date_format} %H:%M")
    if isinstance(value, dt.date):
        return value.strftime(date_format)
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return value


class SafeCsvWriter:
    """csv.writer's writerow/writerows, with every cell passed through `csv_cell` first."""

    def __init__(self, file: _Writable, *, date_format: str = ISO_DATE):
        self._writer = csv.writer(file)
        self._date_format = date_format

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([csv_cell(v, date_format=self._date_format) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def write_csv(rows: Iterable[Iterable[Any]], file: _Writable, *, date_format: str = ISO_DATE) -> None:
    """Write rows (the header is just the first row) to a text file or an HttpResponse, every cell made safe."""
    SafeCsvWriter(file, date_format=date_format).writerows(rows)


def csv_bytes(rows: Iterable[Iterable[Any]], *, date_format: str = ISO_DATE, bom: bool = True) -> bytes:
    """The CSV as UTF-8 bytes; with a BOM by default, so Excel opens accents and £ signs correctly."""
    buffer = io.StringIO()
    write_csv(rows, buffer, date_format=date_format)
    return buffer.getvalue().encode("utf-8-sig" if bom else "utf-8")


@dataclass
class Sheet:
    """One worksheet of an XLSX export. With `header`, the first row is bold and stays in view when scrolling."""

    title: str
    rows: Iterable[Sequence[Any]]
    header: Sequence[str] | None = None
    date_format: str = "dd/mm/yyyy"
    widths: dict[str, float] = field(default_factory=dict)  # column letter -> width in characters


def xlsx_bytes(sheets: Sequence[Sheet]) -> bytes:
    """An XLSX workbook of the sheets, written in openpyxl's streaming (write-only) mode, every cell made safe.

    Dates and datetimes are real Excel dates shown day first; aware datetimes are written
    with their own wall-clock time (pass local times in).
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    for spec in sheets:
        sheet = workbook.create_sheet(spec.title[:31])
        for letter, width in spec.widths.items():
            sheet.column_dimensions[letter].width = width
        if spec.header is not None:
            sheet.freeze_panes = "A2"
            header = []
            for title in spec.header:
                cell = WriteOnlyCell(sheet, value=safe_cell(title))
                cell.font = Font(bold=True)
                header.append(cell)
            sheet.append(header)
        for row in spec.rows:
            sheet.append([_xlsx_cell(sheet, v, spec.date_format) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _xlsx_cell(sheet: Any, value: Any, date_format: str) -> Any:
    value = safe_cell(value)
    if isinstance(value, dt.datetime | dt.date):
        from openpyxl.cell import WriteOnlyCell

        if isinstance(value, dt.datetime):
            value = value.replace(tzinfo=None)  # openpyxl refuses aware datetimes
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = f"{date_format} hh:mm" if isinstance(value, dt.datetime) else date_format
        return cell
    if value == "":
        return None  # an empty string would be written as an empty text cell
    return value
