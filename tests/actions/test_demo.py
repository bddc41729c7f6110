"""The demo action plan: Oliver's recommendations with actions in every state, so drift is never empty."""

from __future__ import annotations

import io
import json

from django.core.management import call_command

from casereview.actions.models import Action, Escalation


def load_all():
    from casereview.accounts import demo as accounts_demo
    from casereview.actions import demo as actions_demo
    from casereview.reviews import demo as reviews_demo

    out = io.StringIO()
    for module in (accounts_demo, reviews_demo, actions_demo):
        module.load_demo(stdout=out)
    return out.getvalue()


def test_the_demo_gives_oliver_actions_in_every_state_with_drift_and_escalations(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    assert "Actions demo: 13 actions for SCR-2019-001." in load_all()
    actions = list(Action.objects.filter(review__pseudonym="Oliver"))
    assert {a.status for a in actions} == {"not_started", "in_progress", "completed", "no_longer_required"}
    from django.utils import timezone

    today = timezone.localdate()
    assert {a.rag_on(today) for a in actions} == {"red", "amber", "green", "blue", "grey"}
    assert any(a.closure_pending for a in actions)
    assert {a.recommendation.number for a in actions if a.recommendation_id} == set(range(1, 8))
    assert sum(1 for a in actions if a.is_single_agency) == 2
    out = io.StringIO()
    call_command("drift", "--json", stdout=out)
    reasons = {r for item in json.loads(out.getvalue()) for r in item["reasons"]}
    assert reasons == {"overdue", "no_recent_update", "completed_unverified"}
    assert Escalation.objects.filter(level=2).exists()


def test_loading_the_demo_twice_changes_nothing(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    load_all()
    count = Action.objects.count()
    assert "Actions demo: already loaded." in load_all()
    assert Action.objects.count() == count
