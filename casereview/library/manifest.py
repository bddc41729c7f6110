"""A collection manifest: one CSV row per published review file, with the metadata to trust.

    file,source_url,partnership,publication_date,review_type
    oliver.pdf,https://example.org/oliver.pdf,Cambridgeshire and Peterborough Safeguarding Partnership Board,14/03/2019,serious-case-review

`file` is required and relative to the manifest's folder (and must stay inside it: a
manifest from elsewhere must not read the rest of the disk); the other columns may be
left blank, and then what the text engine extracts is used. The whole manifest is
checked before anything is stored: every problem is listed (file, row, column, reason).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from casereview.library.models import REVIEW_TYPE_LABELS, LibraryEntry
from casereview.tabular.dates import APPROXIMATE, DateError, parse_date
from casereview.tabular.reader import TabularError, non_blank_rows, read_table
from casereview.text.urls import WEB_SCHEMES, safe_url

COLUMNS = ("file", "source_url", "partnership", "publication_date", "review_type")
SUFFIXES = (".pdf", ".html", ".htm", ".docx", ".txt", ".md")
_PARTNERSHIP_MAX = LibraryEntry._meta.get_field("partnership").max_length or 300


class ManifestError(ValueError):
    """The manifest cannot be used; `problems` has one line per problem."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class ManifestRow:
    """One file to ingest and the metadata the manifest gives for it (None: use what is extracted)."""

    row: int
    path: Path
    source_url: str | None = None
    partnership: str | None = None
    published: dt.date | None = None
    review_type: str | None = None

    def metadata(self) -> dict:
        """Entry fields the manifest sets: partnership, review_type, year (from the date)."""
        values = {"partnership": self.partnership, "review_type": self.review_type,
                  "year": self.published.year if self.published else None}
        return {name: value for name, value in values.items() if value is not None}


def _column_name(header: object) -> str:
    """"Source URL", "publication date", "review-type" -> source_url, publication_date, review_type."""
    return re.sub(r"[\s\-]+", "_", str(header or "").strip().lower())


def read_manifest(path: Path) -> list[ManifestRow]:
    """Read and check a manifest; raises ManifestError listing every problem, or returns its rows."""
    name = path.name
    try:
        table = read_table(path)
    except TabularError as exc:
        raise ManifestError([str(exc)]) from None
    except OSError as exc:
        raise ManifestError([f"{path}: cannot read file: {exc.strerror or exc}"]) from None
    rows = list(non_blank_rows(table))
    if not rows:
        raise ManifestError([f"{name}: the manifest is empty; the first row names the columns ({', '.join(COLUMNS)})"])
    header_row, header = rows[0]
    columns = [_column_name(cell) for cell in header]
    problems = [f"{name}, row {header_row}, column '{header[i]}': unknown column; use {', '.join(COLUMNS)}"
                for i, column in enumerate(columns) if column and column not in COLUMNS]
    if "file" not in columns:
        problems.append(f"{name}, row {header_row}: no 'file' column; the first row names the columns "
                        f"({', '.join(COLUMNS)})")
    if problems:
        raise ManifestError(problems)
    folder = path.resolve().parent
    result: list[ManifestRow] = []
    seen: dict[Path, int] = {}
    for number, cells in rows[1:]:
        cells_by_column = {column: cells[i] if i < len(cells) else None for i, column in enumerate(columns) if column}
        values = {column: "" if cell is None else str(cell).strip() for column, cell in cells_by_column.items()}
        row_problems: list[str] = []

        def problem(column: str, reason: str, number: int = number, row_problems: list[str] = row_problems) -> None:
            row_problems.append(f"{name}, row {number}, column {column}: {reason}")

        file_path = _file(values.get("file", ""), folder, problem)
        if file_path is not None:
            if file_path in seen:
                problem("file", f"the same file is listed in row {seen[file_path]}; list each file once")
            else:
                seen[file_path] = number
        url = _source_url(values.get("source_url", ""), problem)
        partnership = values.get("partnership") or None
        if partnership and len(partnership) > _PARTNERSHIP_MAX:
            problem("partnership", f"longer than {_PARTNERSHIP_MAX} characters")
        # The cell as read: an XLSX date cell arrives as a date, not text.
        published = _published(cells_by_column.get("publication_date"), problem)
        review_type = _review_type(values.get("review_type", ""), problem)
        problems.extend(row_problems)
        if not row_problems and file_path is not None:
            result.append(ManifestRow(number, file_path, url, partnership, published, review_type))
    if problems:
        raise ManifestError(problems)
    if not result:
        raise ManifestError([f"{name}: no files are listed under the header row"])
    return result


def _file(value: str, folder: Path, problem) -> Path | None:
    if not value:
        problem("file", "empty; give the file's path relative to the manifest")
        return None
    candidate = Path(value)
    if candidate.is_absolute():
        problem("file", f"'{value}' is an absolute path; give the path relative to the manifest's folder")
        return None
    resolved = (folder / candidate).resolve()
    if not resolved.is_relative_to(folder):
        problem("file", f"'{value}' is outside the manifest's folder; keep the files in that folder or below it")
        return None
    if resolved.suffix.lower() not in SUFFIXES:
        problem("file", f"'{value}' is not a file the library reads; use {', '.join(SUFFIXES)}")
        return None
    if not resolved.is_file():
        problem("file", f"'{value}' does not exist next to the manifest")
        return None
    return resolved


def _source_url(value: str, problem) -> str | None:
    if not value:
        return None
    url = safe_url(value, WEB_SCHEMES)
    if url is None:
        problem("source_url", f"'{value[:80]}' is not a web address; give the full http:// or https:// address")
    return url


def _published(value: object, problem) -> dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        parsed = parse_date(value)
    except DateError as exc:
        problem("publication_date", f"{exc}; write it as 14/03/2019 or 2019-03-14")
        return None
    if parsed.precision == APPROXIMATE:
        problem("publication_date", f"'{value}' is approximate; give the date (or at least the year) of publication")
        return None
    if parsed.earliest > dt.date.today():
        problem("publication_date", f"'{value}' is in the future")
        return None
    return parsed.earliest


def _review_type(value: str, problem) -> str | None:
    if not value:
        return None
    review_type = value.strip().lower()
    if review_type not in REVIEW_TYPE_LABELS:
        problem("review_type", f"'{value[:60]}' is not a review type; use one of {', '.join(REVIEW_TYPE_LABELS)}")
        return None
    return review_type
