"""Partnership figures a board asks for: pure aggregation over the reviews a user may see."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from casereview.reviews.models import Review, Stage


@dataclass(frozen=True)
class Figures:
    by_stage: list[tuple[str, str, int]]  # (stage, label, count)
    notifications: int
    rapid_reviews: int
    rapid_reviews_completed: int
    decisions_to_review: int
    published: int
    on_time: int
    late: int
    average_days_late: float | None  # mean working days late, over late rapid reviews
    average_days_late_all: float | None  # mean working days late, over all completed (on time counts 0)

    @property
    def on_time_share(self) -> float | None:
        return self.on_time / self.rapid_reviews_completed if self.rapid_reviews_completed else None

    @property
    def funnel(self) -> list[tuple[str, int]]:
        return [("Notifications", self.notifications), ("Rapid reviews", self.rapid_reviews),
                ("Decisions to review (LCSPR or SCR)", self.decisions_to_review), ("Published", self.published)]


def compute(reviews: list[Review]) -> Figures:
    stages = Counter(r.stage for r in reviews)
    completed = [r for r in reviews if r.rapid_review_completed_date is not None and r.rapid_review_due is not None]
    lateness = [r.rapid_review_working_days_late or 0 for r in completed]
    late = [d for d in lateness if d > 0]
    return Figures(
        by_stage=[(s.value, s.label, stages.get(s.value, 0)) for s in Stage],
        notifications=len(reviews),
        rapid_reviews=sum(1 for r in reviews if r.rapid_review_completed_date or r.stage == Stage.RAPID_REVIEW),
        rapid_reviews_completed=len(completed),
        decisions_to_review=sum(1 for r in reviews if r.decision_date is not None),
        published=sum(1 for r in reviews if r.is_published),
        on_time=len(completed) - len(late),
        late=len(late),
        average_days_late=round(sum(late) / len(late), 1) if late else None,
        average_days_late_all=round(sum(lateness) / len(lateness), 1) if lateness else None,
    )


def csv_rows(figures: Figures) -> list[list[str]]:
    rows = [["section", "measure", "value"]]
    rows += [["stage", label, str(n)] for _, label, n in figures.by_stage]
    rows += [["funnel", label, str(n)] for label, n in figures.funnel]
    share = figures.on_time_share
    rows += [
        ["rapid review", "completed", str(figures.rapid_reviews_completed)],
        ["rapid review", "completed within 15 working days", str(figures.on_time)],
        ["rapid review", "share within 15 working days", "" if share is None else f"{share:.2f}"],
        ["rapid review", "average working days late (late ones)",
         "" if figures.average_days_late is None else str(figures.average_days_late)],
        ["rapid review", "average working days late (all completed)",
         "" if figures.average_days_late_all is None else str(figures.average_days_late_all)],
    ]
    return rows


def bar_chart(items: list[tuple[str, int]], *, width: int = 640, bar_height: int = 26) -> dict:
    """Geometry for an inline SVG horizontal bar chart (the template draws it)."""
    label_width, gap = 260, 8
    top = max((n for _, n in items), default=0) or 1
    span = width - label_width - 50
    bars = [{"label": label, "value": n, "y": i * (bar_height + gap), "width": round(span * n / top),
             "x": label_width, "text_x": label_width + round(span * n / top) + 6,
             "text_y": i * (bar_height + gap) + bar_height * 0.7}
            for i, (label, n) in enumerate(items)]
    return {"width": width, "height": len(items) * (bar_height + gap), "bar_height": bar_height, "bars": bars,
            "label_x": label_width - 8}
