"""Parse a whole agency chronology into entries, or list every problem in it.

Atomic by construction: `import_table` returns entries only when there are no
problems at all; a file with one bad row yields no entries and the complete
list of problems (file, row, column, value, reason), so the agency can fix the
file in one pass instead of one error at a time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from casereview.chronology.engine import resources as R
from casereview.chronology.engine.headers import HeaderMatch, match_headers, recognised_count
from casereview.tabular.dates import DateError, ParsedDate, parse_date, parse_time
from casereview.tabular.reader import MAX_BYTES, Table, TabularError, non_blank_rows, read_table

TEXT_FIELDS: tuple[str, ...] = ("agency", "source", "event", "action", "significance")


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    row: int | None
    column: str | None
    value: str | None
    reason: str

    def line(self) -> str:
        """One line for stderr: file, row, column, reason (and the value when there is one)."""
        parts = [self.file, f"row {self.row}" if self.row is not None else "-", self.column or "-"]
        reason = self.reason if self.value in (None, "") else f"{self.reason} (value: {self.value!r})"
        return ": ".join(parts) + ": " + reason


@dataclass(frozen=True, slots=True)
class Entry:
    date: ParsedDate
    agency: str
    source: str
    event: str
    action: str
    significance: str
    file: str
    row: int

    @property
    def time(self) -> str | None:
        return self.date.time

    def as_dict(self) -> dict[str, Any]:
        """The entry as `casereview chronology merge --json` prints it (DESIGN.md)."""
        return {
            "date": self.date.date.isoformat(),
            "date_precision": self.date.precision,
            "time": self.date.time,
            "agency": self.agency,
            "source": self.source,
            "event": self.event,
            "action": self.action,
            "significance": self.significance,
            "file": self.file,
            "row": self.row,
        }


@dataclass(frozen=True)
class ImportResult:
    file: str
    entries: list[Entry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    header: HeaderMatch | None = None
    header_row: int | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def needs_mapping(self) -> bool:
        return self.header is not None and not self.header.ok


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


def _shown(value: Any) -> str:
    return "" if value is None else str(value).strip()


def find_header_row(table: Table, mapping: Mapping[str, str] | None = None) -> tuple[int, tuple[Any, ...]] | None:
    """The header row: the first of the top rows with two or more known (or mapped) headers;
    failing that, the top row with the most; failing that, the first of the widest top rows
    (a title above the header fills one cell, the header fills them all), so the "needs
    mapping" message and the mapping step show the user's own headers."""
    best: tuple[int, tuple[Any, ...]] | None = None
    best_count = 0
    widest: tuple[int, tuple[Any, ...]] | None = None
    widest_cells = 0
    for seen, (number, cells) in enumerate(non_blank_rows(table)):
        if seen >= R.HEADER_SEARCH_ROWS:
            break
        count = recognised_count(cells, mapping)
        if count >= 2:
            return number, cells
        if count > best_count:
            best, best_count = (number, cells), count
        filled = sum(1 for c in cells if c is not None and str(c).strip())
        if filled > widest_cells:
            widest, widest_cells = (number, cells), filled
    return best or widest


def _cell(cells: tuple[Any, ...], index: int | None) -> Any:
    if index is None or index >= len(cells):
        return None
    value = cells[index]
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _parse_row(
    table: Table, number: int, cells: tuple[Any, ...], header: HeaderMatch, default_agency: str
) -> tuple[Entry | None, list[Problem]]:
    cols = header.columns
    problems: list[Problem] = []

    def problem(fld: str, value: Any, reason: str) -> None:
        problems.append(Problem(table.name, number, header.headers[cols[fld]], _shown(value), reason))

    date_field = "datetime" if "datetime" in cols else "date"
    date_value = _cell(cells, cols[date_field])
    parsed: ParsedDate | None = None
    try:
        parsed = parse_date(date_value)
    except DateError as exc:
        problem(date_field, date_value, str(exc))

    if "time" in cols:
        time_value = _cell(cells, cols["time"])
        try:
            time = parse_time(time_value)
        except DateError as exc:
            problem("time", time_value, str(exc))
        else:
            if parsed is not None and time is not None:
                if parsed.time is not None and parsed.time != time:
                    problem("time", time_value, f"the date says {parsed.time} but the time column says {time}")
                else:
                    parsed = ParsedDate(parsed.raw, parsed.precision, parsed.earliest, parsed.latest, time)

    texts = {f: _text(_cell(cells, cols.get(f))) for f in TEXT_FIELDS}
    if not texts["event"]:
        problem("event", None, "event is empty: every entry needs what happened")
    if problems or parsed is None:
        return None, problems
    return (
        Entry(
            date=parsed,
            agency=texts["agency"] or default_agency,
            source=texts["source"],
            event=texts["event"],
            action=texts["action"],
            significance=texts["significance"],
            file=table.name,
            row=number,
        ),
        [],
    )


def import_table(table: Table, *, mapping: Mapping[str, str] | None = None, agency: str | None = None) -> ImportResult:
    """Entries of a table, or every problem in it (and no entries).

    `agency` is used for rows with no agency column or an empty agency cell;
    without it, the file's name (without extension) stands in.
    """
    found = find_header_row(table, mapping)
    if found is None:
        return ImportResult(table.name, problems=[Problem(table.name, None, None, None, "the file is empty")])
    header_row, header_cells = found
    header = match_headers(header_cells, mapping)
    if not header.ok:
        return ImportResult(
            table.name,
            problems=[Problem(table.name, header_row, None, None, header.problem())],
            header=header,
            header_row=header_row,
        )

    default_agency = agency or Path(table.name).stem
    entries: list[Entry] = []
    problems: list[Problem] = []
    used = sorted(header.columns.values())
    header_key = tuple(_text(header_cells[i]) for i in used)
    for number, cells in non_blank_rows(table):
        if number <= header_row:
            continue
        if all(_cell(cells, i) is None for i in used):
            continue  # only columns we do not read are filled in: notes, totals, formatting
        if tuple(_text(_cell(cells, i)) for i in used) == header_key:
            continue  # the header repeated (pasted pages, printed layouts)
        entry, row_problems = _parse_row(table, number, cells, header, default_agency)
        if row_problems:
            problems.extend(row_problems)
        elif entry is not None and not problems:
            entries.append(entry)
    if not entries and not problems:
        problems.append(Problem(table.name, header_row, None, None, "no entries below the header row"))
    if problems:
        return ImportResult(table.name, problems=problems, header=header, header_row=header_row)
    return ImportResult(table.name, entries=entries, header=header, header_row=header_row)


def import_file(
    source: str | Path | IO[bytes],
    *,
    name: str | None = None,
    sheet: str | None = None,
    mapping: Mapping[str, str] | None = None,
    agency: str | None = None,
    max_bytes: int = MAX_BYTES,
) -> ImportResult:
    """Read and parse one CSV or XLSX file; unreadable or oversized files are a problem, not an exception."""
    shown: str = name or (str(source) if isinstance(source, str | Path) else str(getattr(source, "name", None) or "upload"))
    try:
        table = read_table(source, name=name, sheet=sheet, max_bytes=max_bytes)
    except TabularError as exc:
        return ImportResult(shown, problems=[Problem(shown, None, None, None, exc.reason)])
    except OSError as exc:
        return ImportResult(shown, problems=[Problem(shown, None, None, None, f"cannot open: {exc.strerror or exc}")])
    if isinstance(source, str | Path) and name is None:
        # Problems name the file as the user typed it on the command line.
        table = Table(name=str(source), rows=table.rows)
    return import_table(table, mapping=mapping, agency=agency)
