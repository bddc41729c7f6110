"""Read-side views of action plans: the drift list and the board report's figures.

These take an already-permissioned queryset (access.actions_visible_to) or,
for the CLI, every action; they never decide who may see what.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet

from casereview.actions import rules
from casereview.actions.models import Action, Status
from casereview.reviews.models import Recommendation, SingleAgencyRecommendation


@dataclass
class ActionRow:
    action: Action
    rag: str
    reasons: list[str]

    @property
    def reason_labels(self) -> list[str]:
        return [rules.DRIFT_LABELS[r] for r in self.reasons]


def with_evidence_counts(actions: QuerySet[Action]) -> QuerySet[Action]:
    return actions.annotate(evidence_count=Count("evidence", distinct=True))


def rows(actions: Iterable[Action], *, today: dt.date) -> list[ActionRow]:
    return [ActionRow(a, a.rag_on(today), a.drift_reasons_on(today)) for a in actions]


def drifting(actions: Iterable[Action], *, today: dt.date) -> list[ActionRow]:
    return [row for row in rows(actions, today=today) if row.reasons]


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
    """Everything a board needs to be assured about the actions in `actions` (already permissioned)."""
    actions = with_evidence_counts(actions).select_related("review", "owner_agency", "owner")
    all_rows = rows(actions, today=today)
    by_rag = {colour: 0 for colour in rules.RAG_ORDER}
    agency_counts: dict[str, Counter] = defaultdict(Counter)
    for row in all_rows:
        by_rag[row.rag] += 1
        agency_counts[row.action.owner_agency.name][row.rag] += 1
    by_agency = [(name, {c: counts[c] for c in rules.RAG_ORDER}, sum(counts.values()))
                 for name, counts in sorted(agency_counts.items())]
    completed = [r for r in all_rows if r.action.status == Status.COMPLETED]
    action_ids = [r.action.pk for r in all_rows]
    review_ids = reviews if reviews is not None else {r.action.review_id for r in all_rows}
    return BoardReport(
        today=today, rows=all_rows, by_rag=by_rag, by_agency=by_agency,
        completed=len(completed),
        completed_with_evidence=sum(1 for r in completed if r.action.evidence_count),
        verified=sum(1 for r in completed if r.action.is_verified),
        overdue=[r for r in all_rows if rules.OVERDUE in r.reasons],
        drifting=[r for r in all_rows if r.reasons],
        single_agency=_single_agency_status(review_ids, action_ids, today=today),
        themes=_themes(review_ids, action_ids),
        completion_by_month=(series := completion_over_time([r.action for r in all_rows], today=today)),
        chart=chart_svg_points(series),
    )


def _single_agency_status(review_ids, action_ids, *, today: dt.date) -> list[dict]:
    recs = (SingleAgencyRecommendation.objects.filter(review_id__in=review_ids)
            .select_related("review", "agency")
            .prefetch_related(Prefetch("actions", queryset=Action.objects.filter(pk__in=action_ids)))
            .order_by("review__reference", "agency__name", "number"))
    out = []
    for rec in recs:
        acts = list(rec.actions.all())
        closed = sum(1 for a in acts if a.status in (Status.COMPLETED, Status.NO_LONGER_REQUIRED))
        rags = [a.rag_on(today) for a in acts]
        worst = next((c for c in rules.RAG_ORDER if c in rags), None)
        if not acts:
            status = "No actions set"
        elif closed == len(acts):
            status = "Actioned" if all(a.status != Status.COMPLETED or a.is_verified for a in acts) else "Awaiting verification"
        else:
            status = "In progress"
        out.append({"rec": rec, "actions": len(acts), "closed": closed, "worst_rag": worst, "status": status})
    return out


def _themes(review_ids, action_ids) -> list[tuple[str, int, int, int]]:
    recs = Recommendation.objects.filter(review_id__in=review_ids).prefetch_related(
        Prefetch("actions", queryset=Action.objects.filter(pk__in=action_ids)))
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for rec in recs:
        acts = list(rec.actions.all())
        for theme in dict.fromkeys(rec.theme_ids):
            tally[theme][0] += 1
            tally[theme][1] += len(acts)
            tally[theme][2] += sum(1 for a in acts if a.status in (Status.COMPLETED, Status.NO_LONGER_REQUIRED))
    return sorted(((t, *v) for t, v in tally.items()), key=lambda item: (-item[1], item[0]))
