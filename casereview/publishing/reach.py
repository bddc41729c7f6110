"""The reach section publishing adds to the board assurance report (casereview.reviews.assurance).

Did the learning reach the front line? Per briefing and per agency: teams and
practitioners reached, changes to practice reported, and the agencies that took
part in a review but have recorded no use of its learning, by name.
Counts only: the reflections and changes themselves stay on the briefing's page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from casereview.core.access import can
from casereview.publishing.selectors import Reach, reach
from casereview.reviews.assurance import AssuranceSection, Table

BRIEFING_HEADER = ["Review", "Briefing", "Kind", "Version", "Published", "Agencies reached", "Teams",
                   "Practitioners", "Changes reported", "Agencies with no record"]
AGENCY_HEADER = ["Agency", "Teams reached", "Practitioners (briefings)", "Attended training", "Changes reported",
                 "Briefings used", "No use recorded of"]
TRAINING_HEADER = ["Review", "Event", "Held on", "Audience", "Attendance", "By agency"]


def reach_section(user: Any, review_ids: list[int], today: dt.date) -> AssuranceSection | None:
    """The section for the board report, or None when `user` may not read reach or nothing was published."""
    if not can(user, "briefings.reach"):
        return None
    data = reach(review_ids, today=today)
    if data.is_empty:
        return None
    return AssuranceSection(key="publishing.reach", title="Reach of the learning",
                            template="publishing/_reach_section.html", context={"reach": data}, tables=tables(data))


def tables(data: Reach) -> list[Table]:
    briefings = [[b.briefing.review.reference, b.briefing.title, b.briefing.get_kind_display(), b.briefing.version,
                  b.briefing.published_at.date(), "; ".join(b.agencies), b.teams, b.practitioners, b.changes,
                  "; ".join(b.silent)] for b in data.briefings]
    agencies = [[a.name, a.teams, a.practitioners, a.trained, a.changes, a.briefings_used,
                 "; ".join(a.silent_on)] for a in data.agencies]
    events = [[e.review.reference, e.title, e.held_on, e.audience, e.total_attendance,
               "; ".join(f"{a.agency.name}: {a.attendees}" for a in e.attendance.all())] for e in data.events]
    return [Table("Reach by briefing", BRIEFING_HEADER, briefings), Table("Reach by agency", AGENCY_HEADER, agencies),
            Table("Training events", TRAINING_HEADER, events)]



