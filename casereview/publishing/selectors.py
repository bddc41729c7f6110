"""Read models of dissemination: how far a review's learning reached (briefing uses and training attendance).

Built from querysets the caller has already permissioned (review ids from the
board report, a briefing from access.py); no permission decisions here.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from casereview.accounts.models import Agency
from casereview.publishing.models import (
    Briefing,
    BriefingStatus,
    DisseminationRecord,
    TrainingAttendance,
    TrainingEvent,
)
from casereview.reviews.models import ParticipatingAgency


@dataclass
class BriefingReach:
    briefing: Briefing
    agencies: list[str]
    teams: int
    practitioners: int
    changes: int
    silent: list[str]  # the review's participating agencies with no record of this briefing


@dataclass
class AgencyReach:
    name: str
    teams: int = 0
    practitioners: int = 0
    trained: int = 0
    changes: int = 0
    briefings_used: int = 0
    silent_on: list[str] = field(default_factory=list)  # references of the briefings it has recorded no use of

    @property
    def reached(self) -> int:
        return self.practitioners + self.trained

    @property
    def has_no_record(self) -> bool:
        return self.briefings_used == 0 and self.trained == 0


@dataclass
class Reach:
    today: dt.date
    briefings: list[BriefingReach]
    agencies: list[AgencyReach]
    events: list[TrainingEvent]
    chart: dict

    @property
    def silent_agencies(self) -> list[str]:
        """Agencies expected to use the learning (they took part in a review) with no record of any use."""
        return [a.name for a in self.agencies if a.has_no_record]

    @property
    def is_empty(self) -> bool:
        return not self.briefings and not self.events


def briefing_label(briefing: Briefing) -> str:
    return f"{briefing.review.reference} {briefing.get_kind_display()} v{briefing.version}"


def reach(review_ids: list[int], *, today: dt.date) -> Reach:
    """Reach of the published briefings and the training events of the reviews `review_ids`."""
    briefings = list(Briefing.objects.filter(review_id__in=review_ids, status=BriefingStatus.PUBLISHED)
                     .select_related("review").order_by("review__reference", "kind", "-version"))
    records = list(DisseminationRecord.objects.filter(briefing__in=briefings).select_related("agency"))
    events = list(TrainingEvent.objects.filter(review_id__in=review_ids).select_related("review")
                  .prefetch_related("attendance__agency").order_by("-held_on", "-pk"))
    attendance = list(TrainingAttendance.objects.filter(event__in=events).select_related("agency"))
    expected: dict[int, set[int]] = defaultdict(set)
    for review_id, agency_id in ParticipatingAgency.objects.filter(review_id__in=review_ids).values_list(
            "review_id", "agency_id"):
        expected[review_id].add(agency_id)
    agency_ids = ({a for ids in expected.values() for a in ids} | {r.agency_id for r in records}
                  | {a.agency_id for a in attendance})
    names = dict(Agency.objects.filter(pk__in=agency_ids).values_list("pk", "name"))

    by_briefing = []
    for briefing in briefings:
        mine = [r for r in records if r.briefing_id == briefing.pk]
        used_by = {r.agency_id for r in mine}
        by_briefing.append(BriefingReach(
            briefing=briefing, agencies=sorted(names[a] for a in used_by),
            teams=len({(r.agency_id, r.team.casefold()) for r in mine}),
            practitioners=sum(r.practitioners for r in mine), changes=sum(1 for r in mine if r.changes),
            silent=sorted(names[a] for a in expected[briefing.review_id] - used_by),
        ))

    agencies: dict[int, AgencyReach] = {pk: AgencyReach(name=names[pk]) for pk in agency_ids}
    teams: dict[int, set[str]] = defaultdict(set)
    used: dict[int, set[int]] = defaultdict(set)
    for r in records:
        row = agencies[r.agency_id]
        row.practitioners += r.practitioners
        row.changes += 1 if r.changes else 0
        teams[r.agency_id].add(r.team.casefold())
        used[r.agency_id].add(r.briefing_id)
    for a in attendance:
        agencies[a.agency_id].trained += a.attendees
    for pk, row in agencies.items():
        row.teams, row.briefings_used = len(teams[pk]), len(used[pk])
        row.silent_on = [briefing_label(b) for b in briefings
                         if pk in expected[b.review_id] and b.pk not in used[pk]]
    rows = sorted(agencies.values(), key=lambda a: a.name)
    return Reach(today=today, briefings=by_briefing, agencies=rows, events=events, chart=bar_chart(rows))


def bar_chart(rows: list[AgencyReach], *, width: int = 640, bar: int = 22, gap: int = 8, label_width: int = 230) -> dict:
    """Geometry for an inline SVG bar chart of practitioners reached per agency (briefing uses plus training)."""
    top = max([r.reached for r in rows] + [1])
    span = width - label_width - 60
    bars = []
    for i, r in enumerate(rows):
        y = gap + i * (bar + gap)
        length = round(span * r.reached / top, 1)
        bars.append({"name": r.name, "value": r.reached, "y": y, "text_y": y + bar * 0.7, "length": length,
                     "value_x": label_width + length + 6, "silent": r.has_no_record})
    return {"width": width, "height": gap + len(rows) * (bar + gap), "bar": bar, "label_width": label_width,
            "label_x": label_width - 8, "bars": bars}


def records_for(briefing: Briefing, agency: Agency | None = None) -> list[DisseminationRecord]:
    """The uses recorded of `briefing`, newest first; only `agency`'s when given."""
    qs = briefing.dissemination_records.select_related("agency", "recorded_by")
    if agency is not None:
        qs = qs.filter(agency=agency)
    return list(qs)
