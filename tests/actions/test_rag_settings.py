"""An action's RAG uses the partnership's configured thresholds (CASEREVIEW_RAG_AMBER_DAYS, _STALE_DAYS)."""

from __future__ import annotations

import datetime as dt

from casereview.actions.models import Action


def test_the_amber_window_comes_from_settings(make_action, settings):
    action = make_action(due_date=dt.date(2026, 12, 10))  # 20 days after 20 November
    today = dt.date(2026, 11, 20)
    assert action.rag_on(today) == "green"
    settings.CASEREVIEW_RAG_AMBER_DAYS = 21
    assert action.rag_on(today) == "amber"


def test_the_stale_period_comes_from_settings(make_action, settings):
    action = make_action(due_date=dt.date(2027, 6, 30))
    Action.objects.filter(pk=action.pk).update(last_update_on=dt.date(2026, 11, 1))
    action.refresh_from_db()
    today = dt.date(2026, 11, 20)
    assert action.rag_on(today) == "green" and action.drift_reasons_on(today) == []
    settings.CASEREVIEW_RAG_STALE_DAYS = 14
    assert action.rag_on(today) == "amber" and action.drift_reasons_on(today) == ["no_recent_update"]
