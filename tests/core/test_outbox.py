"""E-mails sent by background jobs: once per key, retried after a refusal, given up after the last attempt."""

from __future__ import annotations

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from casereview.core import outbox
from casereview.core.models import OutgoingEmail
from casereview.core.tasks import send_email
from tests.jobs import run_jobs

pytestmark = pytest.mark.django_db


def _queue(now, key="test:1"):
    return outbox.queue_email(key=key, to=["claire@example.org"], subject="Escalation", body="Please look.", now=now,
                              task=send_email)


def _due_now():
    DBTaskResult.objects.filter(status="READY").update(run_after=DBTaskResult.objects.first().enqueued_at)


def test_one_key_queues_one_email_however_often_it_is_queued(now, mailoutbox):
    assert _queue(now) is not None and _queue(now) is None
    run_jobs()
    send_email.enqueue(OutgoingEmail.objects.get().pk)  # the job run again
    run_jobs()
    assert len(mailoutbox) == 1 and OutgoingEmail.objects.get().sent_at is not None


def test_a_refused_email_is_tried_again_after_a_wait_and_given_up_after_the_last_attempt(now, settings, monkeypatch):
    settings.CASEREVIEW_EMAIL_ATTEMPTS = 2
    monkeypatch.setattr("casereview.core.outbox.send_mail", lambda *a, **k: (_ for _ in ()).throw(OSError("down")))
    _queue(now)
    run_jobs()
    email = OutgoingEmail.objects.get()
    assert email.attempts == 1 and email.sent_at is None and "down" in email.last_error
    assert DBTaskResult.objects.filter(status="READY").count() == 1  # the retry, waiting its minute
    assert run_jobs() == 0
    _due_now()
    run_jobs()
    assert OutgoingEmail.objects.get().attempts == 2
    assert not DBTaskResult.objects.filter(status="READY").exists() and mail.outbox == []
