"""Real-looking agency chronology files, written the way each agency's system exports them.

Each agency uses its own header variant: police a combined "Date/Time" column,
health "Date of contact", children's social care "Event date" + "What happened"
+ "Action taken", the school a title row above the header and 'd Month yyyy'
dates. XLSX files carry real Excel date cells.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook


def _write_xlsx(path: Path, rows: Sequence[Sequence[Any]], sheet: str = "Chronology") -> Path:
    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    for row in rows:
        worksheet.append(list(row))
    for cell in worksheet["A"]:
        if isinstance(cell.value, dt.datetime):
            cell.number_format = "dd/mm/yyyy hh:mm"
        elif isinstance(cell.value, dt.date):
            cell.number_format = "dd/mm/yyyy"
    workbook.save(path)
    return path


def _write_csv(path: Path, rows: Sequence[Sequence[Any]], encoding: str = "utf-8", delimiter: str = ",") -> Path:
    with path.open("w", newline="", encoding=encoding) as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


@pytest.fixture
def write_xlsx(tmp_path) -> Callable[..., Path]:
    return lambda name, rows, **kw: _write_xlsx(tmp_path / name, rows, **kw)


@pytest.fixture
def write_csv(tmp_path) -> Callable[..., Path]:
    return lambda name, rows, **kw: _write_csv(tmp_path / name, rows, **kw)


POLICE_ROWS = [
    ["Date/Time", "Source", "Details", "Action taken", "Significance"],
    [dt.datetime(2019, 4, 3, 22, 40), "STORM log 1234", "Police called to domestic incident at family home; Oliver present",
     "DASH risk assessment completed, graded medium", "First police call-out to the address"],
    [dt.datetime(2019, 4, 5, 9, 15), "Niche 19/5678", "Strategy discussion held with children's social care and health",
     "Section 47 enquiry agreed", ""],
    [dt.datetime(2019, 6, 30, 1, 5), "STORM log 2345", "Neighbour reported shouting and a child crying",
     "Officers attended, no answer at the door", "Not shared with social care"],
]

HEALTH_ROWS = [
    ["Date of contact", "Time", "Record", "What happened", "Outcome", "Analysis"],
    [dt.date(2019, 3, 18), "10:30", "HV record", "Health visitor home visit; Oliver seen, weight on 9th centile",
     "Review in 4 weeks", ""],
    [dt.date(2019, 4, 5), "2.30pm", "HV record", "Strategy discussion held with police and children's social care",
     "Agreed section 47 enquiry", "Health attended by phone"],
    ["April 2019", None, "GP record", "Mother told GP she felt low; no mention of home circumstances",
     "Referred to talking therapies", ""],
]

SOCIAL_CARE_CSV = [
    ["Event date", "Source", "What happened", "Action taken", "Comments"],
    ["04/04/2019", "Mosaic case note", "Referral received from police about domestic incident", "Passed to assessment team", ""],
    ["5th April 2019", "Mosaic case note", "Strategy discussion held with police and health",
     "Section 47 enquiry started", "Decision made on the day"],
    ["circa June 2019", "Mosaic case note", "Case closed after assessment", "No further action", "Closure not shared with school"],
]

SCHOOL_ROWS = [
    ["Northshire Primary School: chronology for the review"],
    [],
    ["Date", "Agency", "Event", "Action"],
    ["3 September 2019", "Northshire Primary", "Oliver started reception class", "Welcome meeting with mother"],
    ["17th October 2019", "Northshire Primary", "Oliver arrived hungry on three days this week", "DSL informed, logged on CPOMS"],
]


@pytest.fixture
def agency_files(write_xlsx, write_csv) -> dict[str, Path]:
    """Four agencies' chronologies: police and health as XLSX, social care and school as CSV."""
    return {
        "police": write_xlsx("police.xlsx", POLICE_ROWS),
        "health": write_xlsx("health.xlsx", HEALTH_ROWS),
        "social_care": write_csv("social-care.csv", SOCIAL_CARE_CSV, encoding="cp1252"),
        "school": write_csv("school.csv", SCHOOL_ROWS, encoding="utf-8-sig"),
    }


# ---------------------------------------------------------------------------
# Database fixtures: Oliver's review with police and health visiting taking part
# ---------------------------------------------------------------------------


@pytest.fixture
def uploads_in_tmp(settings, tmp_path):
    """Uploads, and the private folder for uploads waiting for a mapping, go to throwaway folders."""
    settings.MEDIA_ROOT = tmp_path / "uploads"
    settings.CASEREVIEW_PRIVATE_DIR = tmp_path / "private"


@pytest.fixture
def review(partnership, reviewer_helen, panel_dev, police, health_visiting, now):
    """SCR-2019-001 about "Oliver", born 30 December 2018; Helen and Dev assigned; police and health visiting take part."""
    from casereview.reviews.models import (
        ParticipatingAgency,
        RestrictedIdentifier,
        Review,
        ReviewMembership,
        ReviewType,
        RoleInReview,
    )

    review = Review.objects.create(
        partnership=partnership, reference="SCR-2019-001", review_type=ReviewType.objects.get(slug="serious-case-review"),
        title="Oliver, 15 days old", pseudonym="Oliver", age_at_incident="15 days", outcome="died",
        incident_date=dt.date(2019, 1, 13), aware_date=dt.date(2019, 1, 14), created_at=now, updated_at=now,
    )
    ReviewMembership.objects.create(review=review, user=reviewer_helen, role_in_review=RoleInReview.REVIEWER)
    ReviewMembership.objects.create(review=review, user=panel_dev, role_in_review=RoleInReview.PANEL_MEMBER)
    ParticipatingAgency.objects.create(review=review, agency=police)
    ParticipatingAgency.objects.create(review=review, agency=health_visiting)
    RestrictedIdentifier.objects.create(review=review, kind="date_of_birth", value="30/12/2018", label="Child")
    return review


@pytest.fixture
def import_as(review, now):
    """`import_as(user, agency, path, **kw)`: run the import service for a file."""
    from casereview.chronology import services

    def run(user, agency, path, **kw):
        return services.import_chronology(review=kw.pop("review", review), agency=agency, file=path, by=user, now=now, **kw)

    return run
