"""`casereview drift` lists drifting actions with reasons; `casereview escalate` climbs the ladder once a day."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from casereview.actions import services
from casereview.actions.models import Action, AgencyLead, Escalation
from casereview.audit.models import AuditEvent
from tests.jobs import run_jobs


def drift(*args):
    out = io.StringIO()
    call_command("drift", *args, stdout=out)
    return out.getvalue()


def escalate(today):
    out = io.StringIO()
    call_command("escalate", "--today", today.isoformat(), stdout=out)
    run_jobs()  # the e-mails are sent by the background job
    return out.getvalue()


@pytest.fixture
def overdue_action(make_action, police_claire):
    return make_action(due_date=dt.date(2026, 11, 1), owner=police_claire)


@pytest.fixture
def stale_action(make_action, health_visiting):
    action = make_action(owner_agency=health_visiting, due_date=dt.date(2027, 6, 30))
    Action.objects.filter(pk=action.pk).update(last_update_on=dt.date(2026, 9, 1))
    return action


def test_drift_lists_overdue_and_stale_actions_with_their_reasons(overdue_action, stale_action, make_action):
    make_action(due_date=dt.date(2027, 6, 30))  # on track
    listed = json.loads(drift("--today", "2026-11-20", "--json"))
    assert [(d["reference"], d["reasons"]) for d in listed] == [
        ("R1.1", ["overdue"]), ("R1.2", ["no_recent_update"])]
    assert listed[0]["rag"] == "red" and listed[0]["owner"] == "Claire Dunn"
    assert listed[1]["rag"] == "amber" and listed[1]["owner_agency"] == "Northshire Community Health"


def test_drift_lists_completed_actions_left_unverified(police_action, police_claire, now):
    services.add_evidence(action=police_action, by=police_claire, description="Audit", url="https://e.example/a", now=now)
    services.complete_action(action=police_action, by=police_claire, note="Done", expected_version=1, now=now)
    assert json.loads(drift("--today", "2026-11-25", "--json")) == []
    assert json.loads(drift("--today", "2026-12-20", "--json"))[0]["reasons"] == ["completed_unverified"]


def test_drift_without_json_reads_as_sentences(overdue_action):
    assert "LCSPR-2026-003 R1.1 (Northshire Police, due 01/11/2026): overdue" in drift("--today", "2026-11-20")


def test_drift_refuses_a_bad_date_with_exit_code_2(db):
    with pytest.raises(CommandError) as caught:
        drift("--today", "20/11/2026")
    assert caught.value.returncode == 2 and "use YYYY-MM-DD" in str(caught.value)


def test_escalation_goes_to_the_action_owner_first_and_is_emailed(overdue_action, police_claire):
    assert "1 escalation(s) recorded" in escalate(dt.date(2026, 11, 20))
    escalation = overdue_action.escalations.get()
    assert (escalation.level, escalation.reasons) == (1, ["overdue"])
    assert [m.to for m in mail.outbox] == [["claire@example.org"]]
    assert "action R1.1 (LCSPR-2026-003)" in mail.outbox[0].subject and "overdue" in mail.outbox[0].subject
    assert AuditEvent.objects.filter(action="actions.escalate", object_id=str(overdue_action.pk)).count() == 1


def test_running_escalate_twice_the_same_day_records_and_sends_nothing_new(overdue_action, police_claire):
    escalate(dt.date(2026, 11, 20))
    assert "0 escalation(s) recorded" in escalate(dt.date(2026, 11, 20))
    assert Escalation.objects.count() == 1 and len(mail.outbox) == 1


def test_escalation_climbs_the_ladder_each_week_the_action_keeps_drifting(
        overdue_action, police_claire, admin_asha, board_margaret, manager_rob):
    AgencyLead.objects.create(agency=overdue_action.owner_agency, user=manager_rob)
    day = dt.date(2026, 11, 20)
    for offset in (0, 3, 7, 14, 21, 28):
        escalate(day + dt.timedelta(days=offset))
    levels = list(overdue_action.escalations.order_by("on").values_list("on", "level"))
    assert levels == [(day, 1), (day + dt.timedelta(days=7), 2), (day + dt.timedelta(days=14), 3),
                      (day + dt.timedelta(days=21), 4), (day + dt.timedelta(days=28), 4)]
    assert [m.to for m in mail.outbox][:4] == [["claire@example.org"], ["rob@example.org"], ["asha@example.org"],
                                               ["margaret@example.org"]]


def test_an_action_that_stops_drifting_starts_again_at_the_bottom(overdue_action, police_claire, now):
    escalate(dt.date(2026, 11, 20))
    services.update_action(action=overdue_action, by=police_claire, expected_version=1, now=now,
                           due_date=dt.date(2027, 6, 30))
    escalate(dt.date(2026, 11, 27))
    overdue_action.refresh_from_db()
    assert overdue_action.escalation_level == 0


def test_a_second_run_that_loaded_the_action_before_the_first_claimed_it_records_nothing(overdue_action, police_claire):
    # Simulate two overlapping cron runs: both read the action at level 0, the first claims it.
    stale_copy = Action.objects.get(pk=overdue_action.pk)
    escalate(dt.date(2026, 11, 20))
    claimed = Action.objects.filter(pk=stale_copy.pk, escalation_level=stale_copy.escalation_level,
                                    escalated_on=stale_copy.escalated_on).update(escalation_level=1)
    assert claimed == 0
    assert Escalation.objects.count() == 1


def test_the_database_refuses_a_second_escalation_of_one_action_on_one_day(overdue_action, now):
    from django.db import IntegrityError, transaction

    Escalation.objects.create(action=overdue_action, level=1, on=now.date(), reasons=["overdue"], created_at=now)
    with pytest.raises(IntegrityError), transaction.atomic():
        Escalation.objects.create(action=overdue_action, level=2, on=now.date(), reasons=["overdue"], created_at=now)


def test_an_escalation_is_never_recorded_without_its_email_queued(overdue_action, police_claire, monkeypatch):
    """Claire's escalation and its e-mail commit together: if queuing the e-mail fails (the process dies
    there), the escalation is not recorded either, and the next run records it and sends it."""
    from casereview.core import outbox

    real_queue = outbox.queue_email

    def dies(**kwargs):
        raise RuntimeError("the process died while queuing")

    monkeypatch.setattr(outbox, "queue_email", dies)
    with pytest.raises(RuntimeError):
        escalate(dt.date(2026, 11, 20))
    assert Escalation.objects.count() == 0 and mail.outbox == []

    monkeypatch.setattr(outbox, "queue_email", real_queue)
    assert "1 escalation(s) recorded" in escalate(dt.date(2026, 11, 20))
    assert [m.to for m in mail.outbox] == [["claire@example.org"]]
