"""`casereview remind`: agencies are e-mailed N working days before a request is due and when it is missed, once each."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from casereview.audit.models import AuditEvent
from casereview.core.roles import Role
from casereview.reviews import services
from casereview.reviews.models import ReminderSent
from tests.conftest import _make
from tests.jobs import run_jobs
from tests.reviews.conftest import PDF

FRIDAY_4_DECEMBER = dt.date(2026, 12, 4)


@pytest.fixture
def police_report(review, manager_rob, police_claire, now):
    """Police's report for Ava's review, due Friday 4 December 2026; Claire is Police's contributor
    (the request's own e-mail already sent: these tests count reminders)."""
    made = services.request_item(participation=review.participating_agencies.get(), item="agency_report",
                                 due_date=FRIDAY_4_DECEMBER, by=manager_rob, now=now)
    run_jobs()
    mail.outbox.clear()
    return made


def remind(day: dt.date) -> list[dict]:
    out = StringIO()
    call_command("remind", "--today", day.isoformat(), "--json", stdout=out, stderr=StringIO())
    run_jobs()  # the e-mails are sent by the background job
    return json.loads(out.getvalue())


def test_a_reminder_goes_out_once_three_working_days_before_the_due_date(police_report, mailoutbox):
    assert remind(dt.date(2026, 11, 30)) == []  # Monday: four working days to go
    sent = remind(dt.date(2026, 12, 1))  # Tuesday: Wednesday, Thursday, Friday
    assert [(r["kind"], r["outcome"], r["recipients"]) for r in sent] == [("before", "queued", 1)]
    assert remind(dt.date(2026, 12, 1)) == [] and remind(dt.date(2026, 12, 3)) == []  # once per due date
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["claire@example.org"]
    assert mail.subject == "Reminder: Agency report (IMR) for review LCSPR-2026-001 is due 04 December 2026"
    assert "Ava" not in mail.body  # the review by reference only
    event = AuditEvent.objects.get(action="reviews.reminder_sent")
    assert event.actor is None and event.changes["kind"] == "before" and event.changes["recipients"] == ["claire"]


def test_a_missed_due_date_is_reminded_once_on_the_day_after(police_report, mailoutbox):
    remind(dt.date(2026, 12, 1))
    assert remind(dt.date(2026, 12, 4)) == []  # due today: still on time
    assert [r["kind"] for r in remind(dt.date(2026, 12, 5))] == ["overdue"]
    assert remind(dt.date(2026, 12, 6)) == [] and remind(dt.date(2026, 12, 14)) == []
    assert [m.subject.split(":")[0] for m in mailoutbox] == ["Reminder", "Overdue"]
    assert "The agency report (IMR) from Northshire Police for review LCSPR-2026-001 was due on 4 December 2026" in mailoutbox[1].body


def test_a_new_due_date_gets_its_own_reminders(police_report, manager_rob, now, mailoutbox):
    remind(dt.date(2026, 12, 5))
    services.set_request_status(request=police_report, status="requested", due_date=dt.date(2026, 12, 11),
                                by=manager_rob, now=now)
    assert [r["kind"] for r in remind(dt.date(2026, 12, 8))] == ["before"]
    assert [r["kind"] for r in remind(dt.date(2026, 12, 12))] == ["overdue"]
    assert len(mailoutbox) == 3
    assert set(ReminderSent.objects.values_list("due_date", "kind")) == {
        (FRIDAY_4_DECEMBER, "overdue"), (dt.date(2026, 12, 11), "before"), (dt.date(2026, 12, 11), "overdue")}


def test_a_submitted_or_withdrawn_request_is_not_reminded(police_report, review, police_claire, manager_rob, now,
                                                          mailoutbox):
    services.upload_document(request=police_report, name="imr.pdf", data=PDF, by=police_claire, now=now)
    assert remind(dt.date(2026, 12, 1)) == [] and remind(dt.date(2026, 12, 7)) == []
    services.set_request_status(request=police_report, status="withdrawn", by=manager_rob, now=now)
    assert remind(dt.date(2026, 12, 7)) == []
    assert mailoutbox == []


def test_bank_holidays_count_as_non_working_days(review, manager_rob, police_claire, now):
    # Tuesday 29 December 2026: Christmas Day and the Boxing Day substitute (Monday 28th) are not working days.
    services.request_item(participation=review.participating_agencies.get(), item="chronology",
                          due_date=dt.date(2026, 12, 29), by=manager_rob, now=now)
    assert remind(dt.date(2026, 12, 21)) == []
    assert [r["kind"] for r in remind(dt.date(2026, 12, 22))] == ["before"]


def test_the_notice_is_set_in_working_days_by_the_setting(police_report, settings):
    settings.CASEREVIEW_REMINDER_WORKING_DAYS = 1
    assert remind(dt.date(2026, 12, 2)) == []
    assert [r["kind"] for r in remind(dt.date(2026, 12, 3))] == ["before"]


def test_an_agency_with_no_one_to_email_is_reported_and_reminded_once_someone_joins(
        review, manager_rob, now, mailoutbox, police):
    services.request_item(participation=review.participating_agencies.get(), item="agency_report",
                          due_date=FRIDAY_4_DECEMBER, by=manager_rob, now=now)
    err = StringIO()
    call_command("remind", "--today", "2026-12-01", stdout=StringIO(), stderr=err)
    assert "no contributor with an e-mail address (Northshire Police)" in err.getvalue()
    assert not ReminderSent.objects.exists() and mailoutbox == []
    _make("claire", Role.AGENCY_CONTRIBUTOR, review.partnership, police)
    assert [r["outcome"] for r in remind(dt.date(2026, 12, 2))] == ["queued"]
    assert len(mailoutbox) == 1


def test_a_reminder_the_mail_server_refused_is_tried_again_later_and_sent_once(police_report, monkeypatch,
                                                                               mailoutbox):
    from django_tasks_db.models import DBTaskResult

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("casereview.core.outbox.send_mail", refuse)
    assert [r["outcome"] for r in remind(dt.date(2026, 12, 1))] == ["queued"]
    failed = AuditEvent.objects.get(action="reviews.reminder_email_failed")
    assert "it will be tried again later" in failed.summary
    assert remind(dt.date(2026, 12, 1)) == []  # claimed: a second run queues nothing new
    monkeypatch.undo()
    # The retry waits a minute; let its time come.
    DBTaskResult.objects.filter(status="READY").update(run_after=DBTaskResult.objects.first().enqueued_at)
    run_jobs()
    assert len(mailoutbox) == 1 and AuditEvent.objects.filter(action="reviews.reminder_sent").count() == 1
    DBTaskResult.objects.update(status="READY")  # every job run again: nothing is sent twice
    run_jobs()
    assert len(mailoutbox) == 1 and AuditEvent.objects.filter(action="reviews.reminder_sent").count() == 1


def test_a_bad_today_is_refused_with_the_format(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="use YYYY-MM-DD"):
        call_command("remind", "--today", "1/12/2026", stdout=StringIO())
