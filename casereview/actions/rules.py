"""The rules of an action plan as pure functions: no Django, no clock.

Every function takes `today` (and the thresholds) as arguments, so the same
rule gives the same answer in a view, the board report, `casereview drift`
and `casereview escalate`, and each is tested with in/out tables.

RAG (computed, never typed):
  blue   completed and verified by a review manager
  green  on track (including completed and awaiting verification)
  amber  due within `amber_days`, or no progress update for `stale_days`
  red    overdue (past its due date and not completed)
  grey   no longer required (closed with an approved rationale): outside RAG
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
COMPLETED = "completed"
NO_LONGER_REQUIRED = "no_longer_required"
OPEN_STATUSES = frozenset({NOT_STARTED, IN_PROGRESS})

BLUE, GREEN, AMBER, RED, GREY = "blue", "green", "amber", "red", "grey"
RAG_ORDER = (RED, AMBER, GREEN, BLUE, GREY)
RAG_LABELS = {
    BLUE: "Blue: completed and verified",
    GREEN: "Green: on track",
    AMBER: "Amber: due soon or no recent update",
    RED: "Red: overdue",
    GREY: "No longer required",
}

OVERDUE = "overdue"
STALE = "no_recent_update"
UNVERIFIED = "completed_unverified"
DRIFT_LABELS = {
    OVERDUE: "overdue",
    STALE: "no progress update recently",
    UNVERIFIED: "completed but not verified",
}

# The escalation ladder (issue 6): each level is told in turn while the action keeps drifting.
LADDER = (
    (1, "action_owner", "Action owner"),
    (2, "agency_lead", "Agency lead"),
    (3, "business_manager", "Partnership business manager"),
    (4, "lead_safeguarding_partners", "Lead safeguarding partners"),
)
TOP_LEVEL = LADDER[-1][0]
LEVEL_LABELS = {level: label for level, _, label in LADDER}


@dataclass(frozen=True)
class ActionState:
    """What the rules need to know about one action."""

    status: str
    due_date: dt.date
    last_activity: dt.date  # latest progress update, or the day the action was set
    verified: bool = False
    completed_on: dt.date | None = None


def rag(state: ActionState, *, today: dt.date, amber_days: int, stale_days: int) -> str:
    """The RAG colour of one action on `today`."""
    if state.status == NO_LONGER_REQUIRED:
        return GREY
    if state.status == COMPLETED:
        return BLUE if state.verified else GREEN
    if state.due_date < today:
        return RED
    if (state.due_date - today).days <= amber_days:
        return AMBER
    if (today - state.last_activity).days >= stale_days:
        return AMBER
    return GREEN


def drift_reasons(state: ActionState, *, today: dt.date, stale_days: int) -> list[str]:
    """Why an action is drifting on `today` (empty when it is not).

    An open action drifts when overdue or when nobody has recorded progress for
    `stale_days`; a completed action drifts when it has waited `stale_days`
    for a manager to verify it, because unverified completion is not assurance.
    """
    reasons: list[str] = []
    if state.status in OPEN_STATUSES:
        if state.due_date < today:
            reasons.append(OVERDUE)
        if (today - state.last_activity).days >= stale_days:
            reasons.append(STALE)
    elif state.status == COMPLETED and not state.verified:
        since = state.completed_on or state.last_activity
        if (today - since).days >= stale_days:
            reasons.append(UNVERIFIED)
    return reasons


def next_escalation_level(
    *, current_level: int, last_escalated_on: dt.date | None, today: dt.date, interval_days: int
) -> int | None:
    """The level to escalate a drifting action to today, or None if nothing is due.

    The first escalation goes to the action owner; each later one climbs a level
    once `interval_days` have passed since the last, and at the top the lead
    safeguarding partners are reminded every interval. Never twice on one day.
    """
    if current_level <= 0 or last_escalated_on is None:
        return 1
    if last_escalated_on >= today:
        return None
    if (today - last_escalated_on).days < interval_days:
        return None
    return min(current_level + 1, TOP_LEVEL)


def version_conflict_message(*, changed_by: str, changed_at: dt.datetime | None) -> str:
    when = f" at {changed_at:%H:%M} on {changed_at.day} {changed_at:%B %Y}" if changed_at else ""
    return (
        f"{changed_by or 'Someone else'} changed this action{when} while you were editing it. "
        "Your changes have not been saved: check the current details below and make your change again."
    )

