"""Read an existing action plan from CSV or XLSX: pure, no Django, no database.

The file is read by the tabular engine (casereview.tabular), like agency chronologies:
UTF-8 or Windows-1252 CSV with any common delimiter, or the first sheet of an XLSX,
within the byte, row and column caps.

`parse_action_plan(name, data)` returns the rows it could read and every
problem it found (file, row, column, reason), so the service can refuse the
whole file at once and the person importing can fix everything in one go.
Names in the file (agencies, owners, recommendations) are checked against the
database by `services.import_action_plan`, which adds its own problems.

Columns (header names are matched loosely, case and punctuation ignored):
  Recommendation   "3" or "R3" for partnership recommendation 3;
                   "Police 2" / "Police: 2" for the police's single-agency recommendation 2
  Action           what will be done (required)
  Owner agency     agency name or short name (required)
  Named owner      username or email of the person responsible (optional)
  Due date         day first: 03/04/2027, 3 April 2027, 2027-04-03, or an Excel date cell
  Success measure  what evidence will show it worked (required)
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field

from casereview.tabular.dates import DAY, DateError, parse_date
from casereview.tabular.reader import MAX_BYTES, TabularError, read_table

COLUMNS: dict[str, tuple[str, ...]] = {
    "recommendation": ("recommendation", "recommendation number", "rec", "rec no", "recommendation no"),
    "description": ("action", "description", "action description", "actions"),
    "owner_agency": ("owner agency", "agency", "lead agency", "responsible agency"),
    "owner": ("named owner", "owner", "lead officer", "responsible person"),
    "due_date": ("due date", "due", "target date", "deadline", "timescale"),
    "success_measure": ("success measure", "measure of success", "evidence of impact", "outcome measure"),
}
REQUIRED = ("recommendation", "description", "owner_agency", "due_date", "success_measure")
LABELS = {
    "recommendation": "Recommendation",
    "description": "Action",
    "owner_agency": "Owner agency",
    "owner": "Named owner",
    "due_date": "Due date",
    "success_measure": "Success measure",
}
MAX_TEXT = 4000

_PARTNERSHIP_REF = re.compile(r"^(?:r(?:ec(?:ommendation)?)?\.?\s*)?(\d+)$", re.IGNORECASE)
_SINGLE_AGENCY_REF = re.compile(r"^(?P<agency>.*?[^\d\s:#/\-])\s*[:#/\-]?\s*(?P<number>\d+)$")


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None
    column: str | None
    reason: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.reason}"


@dataclass(frozen=True)
class RecommendationRef:
    number: int
    agency: str | None = None  # None: a partnership recommendation

    def __str__(self) -> str:
        return f"{self.agency} {self.number}" if self.agency else f"R{self.number}"


@dataclass(frozen=True)
class ActionRow:
    row: int
    recommendation: RecommendationRef | None  # None only in `partial_rows`
    description: str
    owner_agency: str
    owner: str
    due_date: dt.date | None  # None only in `partial_rows`
    success_measure: str


@dataclass
class ParseResult:
    rows: list[ActionRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Rows with a problem, kept so the names in them can still be checked and reported in the same pass.
    partial_rows: list[ActionRow] = field(default_factory=list)


class DateNotRead(ValueError):
    pass


def parse_uk_date(value: object) -> dt.date:
    """A due date as UK partnerships write it, read by the chronology's date parser
    (ISO first, then day first, never month first; Excel date cells), which must
    give a whole day: a due date of "April 2027" or "2027" is refused."""
    try:
        parsed = parse_date(value if not isinstance(value, str) else value.strip() or None)
    except DateError as exc:
        reason = str(exc)
        if reason == "date is empty":
            raise DateNotRead("the due date is empty") from None
        raise DateNotRead(f"'{str(value).strip()}': {reason}") from None
    if parsed.precision != DAY:
        raise DateNotRead(f"'{parsed.raw}' is not a single day: a due date needs the day, e.g. 30/04/2027")
    return parsed.earliest


def parse_recommendation_ref(value: object) -> RecommendationRef:
    text = re.sub(r"\s+", " ", str(value or "").strip())
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if m := _PARTNERSHIP_REF.match(text):
        return RecommendationRef(number=int(m[1]))
    if m := _SINGLE_AGENCY_REF.match(text):
        return RecommendationRef(number=int(m["number"]), agency=m["agency"].strip())
    raise ValueError(
        f"'{text}' is not a recommendation: write its number (3 or R3) or, for a single-agency "
        "recommendation, the agency and number (Police 2)"
    )


def _key(header: object) -> str:
    return re.sub(r"[^a-z0-9]+", " ", str(header or "").lower()).strip()


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return re.sub(r"[ \t]+", " ", str(value)).strip()


def parse_action_plan(name: str, data: bytes, *, max_bytes: int = MAX_BYTES) -> ParseResult:
    """Read every row; collect every problem rather than stopping at the first."""
    result = ParseResult()
    if not name.lower().endswith((".xlsx", ".csv")):
        result.problems.append(Problem(name, None, None, "the file must be a spreadsheet saved as .xlsx or .csv"))
        return result
    try:
        table = read_table(io.BytesIO(data), name=name, max_bytes=max_bytes)
    except TabularError as exc:
        result.problems.append(Problem(name, None, None, exc.reason))
        return result
    # Rows keep the sheet's own numbers, so "row 7" is row 7 in Excel.
    header = next(((number, cells) for number, cells in table.rows if any(_cell(c) for c in cells)), None)
    if header is None:
        result.problems.append(Problem(name, None, None, "the file is empty: it needs a header row and one row per action"))
        return result
    header_number, header_cells = header
    lookup = {alias: field_name for field_name, aliases in COLUMNS.items() for alias in aliases}
    positions: dict[str, int] = {}
    for index, title in enumerate(header_cells):
        field_name = lookup.get(_key(title))
        if field_name and field_name not in positions:
            positions[field_name] = index
    missing = [LABELS[f] for f in REQUIRED if f not in positions]
    if missing:
        result.problems.append(Problem(name, header_number, None, f"missing column(s): {', '.join(missing)}"))
        return result
    for number, raw in table.rows:
        if number <= header_number:
            continue
        cells = {f: (raw[i] if i < len(raw) else None) for f, i in positions.items()}
        if not any(_cell(v) for v in cells.values()):
            continue
        row, ok = _parse_row(name, number, cells, result.problems)
        (result.rows if ok else result.partial_rows).append(row)
    if not result.rows and not result.problems:
        result.problems.append(Problem(name, None, None, "the file has a header row but no actions"))
    return result


def _parse_row(name: str, number: int, cells: dict[str, object], problems: list[Problem]) -> tuple[ActionRow, bool]:
    found: list[Problem] = []
    texts = {f: _cell(cells.get(f)) for f in COLUMNS}
    for f in REQUIRED:
        if f != "due_date" and not texts[f]:
            found.append(Problem(name, number, LABELS[f], f"{LABELS[f].lower()} is empty"))
    for f in ("description", "success_measure", "owner_agency", "owner"):
        if len(texts[f]) > MAX_TEXT:
            found.append(Problem(name, number, LABELS[f], f"longer than {MAX_TEXT} characters"))
    ref = None
    if texts["recommendation"]:
        try:
            ref = parse_recommendation_ref(cells.get("recommendation"))
        except ValueError as exc:
            found.append(Problem(name, number, LABELS["recommendation"], str(exc)))
    due = None
    try:
        due = parse_uk_date(cells.get("due_date"))
    except DateNotRead as exc:
        found.append(Problem(name, number, LABELS["due_date"], str(exc)))
    problems.extend(found)
    row = ActionRow(
        row=number, recommendation=ref, description=texts["description"], owner_agency=texts["owner_agency"],
        owner=texts["owner"], due_date=due, success_measure=texts["success_measure"],
    )
    return row, not found and ref is not None and due is not None
