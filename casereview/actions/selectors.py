"""Read-side views of action plans: the drift list and the board report's figures.

These take an already-permissioned queryset (access.actions_visible_to) or,
for the CLI, every action; they never decide who may see what.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from casereview.actions import rules
from casereview.actions.models import Action, Evidence, Status, stale_days
from casereview.reviews.models import Recommendation, SingleAgencyRecommendation

# The columns the board report and the drift panel read (tables, CSV/XLSX rows, PDF): loading only these
# roughly halves the cost of building 150+ actions with their review, agency and owner. Reading
# any other field of these rows would cost a query per row; tests/performance counts the
# report's queries as a page and as each export, so such a slip fails there.
REPORT_FIELDS = (
    "review_id", "recommendation_id", "single_agency_recommendation_id", "number", "description",
    "owner_agency_id", "owner_id", "due_date", "status", "completed_on", "verified_at",
    "closure_rationale", "closure_requested_at", "last_update_on", "escalation_level",
    "review__reference", "recommendation__number",
    "single_agency_recommendation__number", "single_agency_recommendation__agency__name",
    "single_agency_recommendation__agency__short_name",
    "owner_agency__name", "owner_agency__short_name",
    "owner__first_name", "owner__last_name", "owner__username",
)


@dataclass
class ActionRow:
    action: Action
    rag: str
    reasons: list[str]

    @property
    def reason_labels(self) -> list[str]:
        return [rules.DRIFT_LABELS[r] for r in self.reasons]


def with_evidence_counts(actions: QuerySet[Action]) -> QuerySet[Action]:
    """Each action's `evidence_count`, by a correlated subquery.

    Not `annotate(Count("evidence"))`: that is a GROUP BY, for which Django drops the model's
    ordering, so plans and reports would list actions in whatever order the database chose.
    """
    count = (Evidence.objects.filter(action=OuterRef("pk")).order_by().values("action")
             .annotate(n=Count("pk")).values("n"))
    return actions.annotate(evidence_count=Coalesce(Subquery(count), 0))


def rows(actions: Iterable[Action], *, today: dt.date) -> list[ActionRow]:
    return [ActionRow(a, a.rag_on(today), a.drift_reasons_on(today)) for a in actions]


def drifting(actions: Iterable[Action], *, today: dt.date) -> list[ActionRow]:
    return [row for row in rows(actions, today=today) if row.reasons]


def drifting_first(actions: QuerySet[Action], *, today: dt.date, limit: int) -> tuple[list[ActionRow], int]:
    """The first `limit` drifting actions (in the queryset's order) and how many drift in all.

    For the dashboard panel: the drift rules read five columns, so every action's state is
    read as plain values and only the actions shown are built with their review and owner.
    """
    stale = stale_days()
    drifting_pks = [
        pk for pk, status, due, last, verified_at, completed_on in actions.values_list(
            "pk", "status", "due_date", "last_update_on", "verified_at", "completed_on")
        if rules.drift_reasons(rules.ActionState(status=status, due_date=due, last_activity=last,
                                                 verified=verified_at is not None, completed_on=completed_on),
                               today=today, stale_days=stale)
    ]
    shown = actions.filter(pk__in=drifting_pks[:limit]).only(*REPORT_FIELDS).in_bulk()
    return rows([shown[pk] for pk in drifting_pks[:limit]], today=today), len(drifting_pks)


def drift_json(items: Iterable[ActionRow]) -> list[dict]:
    return [
        {
            "id": row.action.pk,
            "reference": row.action.reference,
            "review": row.action.review.reference,
            "recommendation": row.action.parent_label,
            "description": row.action.description,
            "owner_agency": row.action.owner_agency.name,
            "owner": row.action.owner.display_name if row.action.owner else None,
            "due_date": row.action.due_date.isoformat(),
            "status": row.action.status,
            "rag": row.rag,
            "last_update_on": row.action.last_update_on.isoformat(),
            "reasons": row.reasons,
            "escalation_level": row.action.escalation_level,
        }
        for row in items
    ]


@dataclass
class BoardReport:
    today: dt.date
    rows: list[ActionRow]
    by_rag: dict[str, int]
    by_agency: list[tuple[str, dict[str, int], int]]
    completed: int
    completed_with_evidence: int
    verified: int
    overdue: list[ActionRow]
    drifting: list[ActionRow]
    single_agency: list[dict]
    themes: list[tuple[str, int, int, int]]  # theme, recommendations, actions, actions closed
    completion_by_month: list[tuple[str, int]]
    chart: dict = field(default_factory=dict)

    @property
    def total(self) -> int:
        return len(self.rows)


def _months_back(today: dt.date, count: int) -> list[dt.date]:
    first = today.replace(day=1)
    months = []
    for _ in range(count):
        months.append(first)
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return list(reversed(months))


def completion_over_time(actions: Iterable[Action], *, today: dt.date, months: int = 12) -> list[tuple[str, int]]:
    """Cumulative number of completed actions at the end of each of the last `months` months."""
    done = sorted(a.completed_on for a in actions if a.status == Status.COMPLETED and a.completed_on)
    series = []
    for start in _months_back(today, months):
        end = (start + dt.timedelta(days=32)).replace(day=1)
        series.append((f"{start:%b %Y}", sum(1 for d in done if d < end)))
    return series


def chart_svg_points(series: list[tuple[str, int]], *, width: int = 640, height: int = 220, pad: int = 36) -> dict:
    """Coordinates for an inline SVG line chart (rendered alike by browsers and WeasyPrint)."""
    top = max([v for _, v in series] + [1])
    step = (width - 2 * pad) / max(len(series) - 1, 1)
    points = [
        {"x": round(pad + i * step, 1), "y": round(height - pad - (v / top) * (height - 2 * pad), 1), "label": label,
         "value": v}
        for i, (label, v) in enumerate(series)
    ]
    return {"width": width, "height": height, "pad": pad, "top": top, "points": points,
            "polyline": " ".join(f"{p['x']},{p['y']}" for p in points), "baseline": height - pad,
            "right": width - pad}



def board_report(actions: QuerySet[Action], *, today: dt.date, reviews=None) -> BoardReport:
    """Everything a board needs to be assured about the actions in `actions` (already permissioned).

    The actions are read once; the single-agency and theme tables group those same rows by
    their recommendation instead of reading the actions again.
    """
    loaded = with_evidence_counts(actions.select_related("review", "owner_agency", "owner").only(*REPORT_FIELDS))
    all_rows = rows(loaded, today=today)
    by_rag = {colour: 0 for colour in rules.RAG_ORDER}
    agency_counts: dict[str, Counter] = defaultdict(Counter)
    for row in all_rows:
        by_rag[row.rag] += 1
        agency_counts[row.action.owner_agency.name][row.rag] += 1
    by_agency = [(name, {c: counts[c] for c in rules.RAG_ORDER}, sum(counts.values()))
                 for name, counts in sorted(agency_counts.items())]
    completed = [r for r in all_rows if r.action.status == Status.COMPLETED]
    review_ids = reviews if reviews is not None else {r.action.review_id for r in all_rows}
    return BoardReport(
        today=today, rows=all_rows, by_rag=by_rag, by_agency=by_agency,
        completed=len(completed),
        completed_with_evidence=sum(1 for r in completed if r.action.evidence_count),
        verified=sum(1 for r in completed if r.action.is_verified),
        overdue=[r for r in all_rows if rules.OVERDUE in r.reasons],
        drifting=[r for r in all_rows if r.reasons],
        single_agency=_single_agency_status(review_ids, all_rows),
        themes=_themes(review_ids, [r.action for r in all_rows]),
        completion_by_month=(series := completion_over_time([r.action for r in all_rows], today=today)),
        chart=chart_svg_points(series),
    )


_CLOSED = (Status.COMPLETED, Status.NO_LONGER_REQUIRED)


def _single_agency_status(review_ids, all_rows: list[ActionRow]) -> list[dict]:
    by_rec: dict[int, list[ActionRow]] = defaultdict(list)
    for row in all_rows:
        if row.action.single_agency_recommendation_id:
            by_rec[row.action.single_agency_recommendation_id].append(row)
    recs = (SingleAgencyRecommendation.objects.filter(review_id__in=review_ids)
            .select_related("review", "agency").order_by("review__reference", "agency__name", "number"))
    out = []
    for rec in recs:
        these = by_rec.get(rec.pk, [])
        acts = [row.action for row in these]
        closed = sum(1 for a in acts if a.status in _CLOSED)
        rags = {row.rag for row in these}
        worst = next((c for c in rules.RAG_ORDER if c in rags), None)
        if not acts:
            status = "No actions set"
        elif closed == len(acts):
            status = "Actioned" if all(a.status != Status.COMPLETED or a.is_verified for a in acts) else "Awaiting verification"
        else:
            status = "In progress"
        out.append({"rec": rec, "actions": len(acts), "closed": closed, "worst_rag": worst, "status": status})
    return out


def _themes(review_ids, actions: list[Action]) -> list[tuple[str, int, int, int]]:
    by_rec: dict[int, list[Action]] = defaultdict(list)
    for action in actions:
        if action.recommendation_id:
            by_rec[action.recommendation_id].append(action)
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for rec in Recommendation.objects.filter(review_id__in=review_ids).only("pk", "themes"):
        acts = by_rec.get(rec.pk, [])
        for theme in dict.fromkeys(rec.theme_ids):
            tally[theme][0] += 1
            tally[theme][1] += len(acts)
            tally[theme][2] += sum(1 for a in acts if a.status in _CLOSED)
    return sorted(((t, *v) for t, v in tally.items()), key=lambda item: (-item[1], item[0]))
