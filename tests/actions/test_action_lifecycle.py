"""An action's life: set under one recommendation, progressed, completed with evidence, verified, closed, reopened."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from casereview.actions import services
from casereview.actions.models import Action, Status
from casereview.audit.models import AuditEvent
from casereview.core.refusals import Refused


def audit_actions(action):
    return list(AuditEvent.objects.filter(object_type="actions.action", object_id=str(action.pk))
                .order_by("at", "id").values_list("action", flat=True))


def test_a_manager_sets_an_action_under_a_recommendation_and_it_is_audited(police_action, manager_rob):
    assert police_action.reference == "R1.1"
    assert police_action.status == Status.NOT_STARTED
    assert audit_actions(police_action) == ["actions.create"]


def test_actions_under_a_single_agency_recommendation_are_numbered_under_it(make_action, police_recommendation):
    first = make_action(parent=police_recommendation)
    second = make_action(parent=police_recommendation)
    assert (first.reference, second.reference) == ("Police 1.1", "Police 1.2")
    assert first.is_single_agency and first.parent == police_recommendation


def test_an_action_must_hang_from_exactly_one_recommendation(police_action, police_recommendation):
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.filter(pk=police_action.pk).update(single_agency_recommendation=police_recommendation)
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.filter(pk=police_action.pk).update(recommendation=None)


def test_an_owner_from_another_agency_is_refused(make_action, health_tom):
    with pytest.raises(Refused, match="Tom Reid works for Northshire Community Health"):
        make_action(owner=health_tom)


def test_progress_moves_a_not_started_action_in_progress_and_refreshes_its_last_update(police_action, police_claire, now):
    services.add_progress_update(action=police_action, by=police_claire, on=dt.date(2026, 11, 19),
                                 note="Audit tool drafted", now=now)
    police_action.refresh_from_db()
    assert police_action.status == Status.IN_PROGRESS
    assert police_action.last_update_on == dt.date(2026, 11, 20)  # set today; an older update does not move it back
    assert "actions.progress" in audit_actions(police_action)


def test_progress_cannot_be_dated_in_the_future(police_action, police_claire, now):
    with pytest.raises(Refused, match="cannot be in the future"):
        services.add_progress_update(action=police_action, by=police_claire, on=dt.date(2026, 11, 21), note="x", now=now)


def test_an_action_cannot_be_completed_without_evidence(police_action, police_claire, now):
    with pytest.raises(Refused, match="Add at least one evidence item"):
        services.complete_action(action=police_action, by=police_claire, note="Done", expected_version=1, now=now)
    police_action.refresh_from_db()
    assert police_action.status == Status.NOT_STARTED


def test_an_action_cannot_be_completed_without_a_completion_note(police_action, police_claire, now):
    services.add_evidence(action=police_action, by=police_claire, description="Audit report",
                          url="https://intranet.example.org/audit", now=now)
    with pytest.raises(Refused, match="Enter a completion note"):
        services.complete_action(action=police_action, by=police_claire, note="  ", expected_version=1, now=now)


def test_the_database_refuses_a_completed_action_without_a_note(police_action):
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.filter(pk=police_action.pk).update(status=Status.COMPLETED)


def test_completion_with_evidence_and_a_note_then_verification_by_a_manager(police_action, police_claire, manager_rob, now):
    services.add_evidence(action=police_action, by=police_claire, description="Audit report",
                          url="https://intranet.example.org/audit", now=now)
    done = services.complete_action(action=police_action, by=police_claire, note="Audit complete: 94%",
                                    expected_version=1, now=now)
    assert done.status == Status.COMPLETED and done.rag_on(now.date()) == "green"
    verified = services.verify_completion(action=done, by=manager_rob, expected_version=done.version, now=now)
    assert verified.rag_on(now.date()) == "blue"
    assert verified.verified_by == manager_rob
    assert audit_actions(police_action)[-3:] == ["actions.evidence", "actions.complete", "actions.verify"]


def test_no_longer_required_needs_a_rationale_and_a_managers_approval(police_action, police_claire, manager_rob, now):
    with pytest.raises(Refused, match="Enter why"):
        services.request_closure(action=police_action, by=police_claire, rationale="", expected_version=1, now=now)
    asked = services.request_closure(action=police_action, by=police_claire,
                                     rationale="Superseded by the new county-wide protocol", expected_version=1, now=now)
    assert asked.status == Status.IN_PROGRESS or asked.status == Status.NOT_STARTED
    assert asked.closure_pending
    closed = services.approve_closure(action=asked, by=manager_rob, expected_version=asked.version, now=now)
    assert closed.status == Status.NO_LONGER_REQUIRED and closed.closure_approved_by == manager_rob
    assert closed.rag_on(now.date()) == "grey"
    assert audit_actions(police_action)[-2:] == ["actions.closure_requested", "actions.closure_approved"]


def test_closure_cannot_be_approved_without_a_recorded_rationale(police_action, manager_rob, now):
    with pytest.raises(Refused, match="no request to close"):
        services.approve_closure(action=police_action, by=manager_rob, expected_version=1, now=now)


def test_the_database_refuses_no_longer_required_without_approval(police_action):
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.filter(pk=police_action.pk).update(status=Status.NO_LONGER_REQUIRED, closure_rationale="why")


def test_a_manager_reopens_a_verified_action_and_the_reason_is_kept(police_action, police_claire, manager_rob, now):
    services.add_evidence(action=police_action, by=police_claire, description="Audit", url="https://e.example/a", now=now)
    done = services.complete_action(action=police_action, by=police_claire, note="Done", expected_version=1, now=now)
    done = services.verify_completion(action=done, by=manager_rob, expected_version=done.version, now=now)
    reopened = services.reopen_action(action=done, by=manager_rob, reason="Re-audit found gaps",
                                      expected_version=done.version, now=now)
    assert reopened.status == Status.IN_PROGRESS and reopened.verified_at is None and reopened.completion_note == ""
    assert reopened.updates.first().note == "Reopened: Re-audit found gaps"
    assert audit_actions(police_action)[-1] == "actions.reopen"


def test_an_open_action_cannot_be_verified(police_action, manager_rob, now):
    with pytest.raises(Refused, match="Only a completed action"):
        services.verify_completion(action=police_action, by=manager_rob, expected_version=1, now=now)
