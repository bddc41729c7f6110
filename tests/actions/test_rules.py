"""The pure rules of an action plan, as in/out tables (RAG, drift, escalation ladder, version check)."""

from __future__ import annotations

import datetime as dt

import pytest

from casereview.actions import rules
from casereview.actions.rules import ActionState

TODAY = dt.date(2026, 11, 20)
D = dt.timedelta


def state(status="in_progress", due=30, last=-1, verified=False, completed=None):
    """An action due `due` days from TODAY, last updated `last` days from TODAY."""
    return ActionState(status=status, due_date=TODAY + D(days=due), last_activity=TODAY + D(days=last),
                       verified=verified, completed_on=None if completed is None else TODAY + D(days=completed))


RAG_TABLE = [
    ("completed and verified is blue", state("completed", due=-10, verified=True, completed=-40), "blue"),
    ("completed awaiting verification is green", state("completed", due=-10, completed=-2), "green"),
    ("no longer required is outside RAG", state("no_longer_required", due=-10), "grey"),
    ("overdue by one day is red", state(due=-1), "red"),
    ("overdue and not started is red", state("not_started", due=-100, last=-200), "red"),
    ("due today is amber, not red", state(due=0), "amber"),
    ("due within the amber window is amber", state(due=14), "amber"),
    ("due just after the amber window is green", state(due=15), "green"),
    ("no update for the stale period is amber", state(due=90, last=-30), "amber"),
    ("updated a day inside the stale period is green", state(due=90, last=-29), "green"),
    ("on track is green", state(due=60, last=-3), "green"),
]


@pytest.mark.parametrize(("case", "given", "expected"), RAG_TABLE, ids=[c for c, _, _ in RAG_TABLE])
def test_rag_is_computed_from_status_dates_and_verification(case, given, expected):
    assert rules.rag(given, today=TODAY, amber_days=14, stale_days=30) == expected


def test_the_amber_and_stale_thresholds_are_parameters_not_constants():
    action = state(due=20, last=-10)
    assert rules.rag(action, today=TODAY, amber_days=14, stale_days=30) == "green"
    assert rules.rag(action, today=TODAY, amber_days=21, stale_days=30) == "amber"
    assert rules.rag(action, today=TODAY, amber_days=14, stale_days=10) == "amber"


DRIFT_TABLE = [
    ("on track does not drift", state(due=60, last=-3), []),
    ("overdue drifts", state(due=-1, last=-3), ["overdue"]),
    ("no update for the stale period drifts", state(due=60, last=-30), ["no_recent_update"]),
    ("overdue and stale gives both reasons", state("not_started", due=-5, last=-45), ["overdue", "no_recent_update"]),
    ("completed and waiting for verification past the stale period drifts",
     state("completed", due=-5, completed=-30), ["completed_unverified"]),
    ("recently completed and not yet verified does not drift yet", state("completed", due=-5, completed=-3), []),
    ("verified completion never drifts", state("completed", due=-90, completed=-80, verified=True), []),
    ("no longer required never drifts", state("no_longer_required", due=-90, last=-200), []),
]


@pytest.mark.parametrize(("case", "given", "expected"), DRIFT_TABLE, ids=[c for c, _, _ in DRIFT_TABLE])
def test_drift_reasons(case, given, expected):
    assert rules.drift_reasons(given, today=TODAY, stale_days=30) == expected


LADDER_TABLE = [
    ("first drift goes to the action owner", 0, None, 1),
    ("nothing more the same day", 1, TODAY, None),
    ("nothing more inside the interval", 1, TODAY - D(days=6), None),
    ("after the interval it climbs to the agency lead", 1, TODAY - D(days=7), 2),
    ("then to the business manager", 2, TODAY - D(days=9), 3),
    ("then to the lead safeguarding partners", 3, TODAY - D(days=7), 4),
    ("at the top the partners are reminded each interval", 4, TODAY - D(days=7), 4),
    ("a later run never re-escalates an escalation from a future run date", 2, TODAY + D(days=1), None),
]


@pytest.mark.parametrize(("case", "level", "last", "expected"), LADDER_TABLE, ids=[c for c, *_ in LADDER_TABLE])
def test_escalation_ladder(case, level, last, expected):
    assert rules.next_escalation_level(current_level=level, last_escalated_on=last, today=TODAY,
                                       interval_days=7) == expected


def test_the_ladder_runs_owner_agency_lead_business_manager_partners():
    assert [rules.LEVEL_LABELS[n] for n in (1, 2, 3, 4)] == [
        "Action owner", "Agency lead", "Partnership business manager", "Lead safeguarding partners"]


def test_a_version_conflict_names_who_changed_the_action_and_when():
    at = dt.datetime(2026, 11, 20, 10, 4, tzinfo=dt.UTC)
    message = rules.version_conflict_message(changed_by="Claire Dunn", changed_at=at)
    assert "Claire Dunn changed this action at 10:04 on 20 November 2026" in message
    assert "have not been saved" in message
