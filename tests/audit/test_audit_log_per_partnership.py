"""Audit events carry their partnership; auditors read only their own partnership's events."""

from __future__ import annotations

import pytest
from django.db import transaction

from casereview.accounts import services
from casereview.audit.access import access_audit_log
from casereview.audit.models import AuditEvent
from casereview.audit.services import record_event
from casereview.core.roles import Role


@pytest.fixture
def northshire(db):
    return services.create_partnership(name="Westmoor Safeguarding Children Partnership")


@pytest.fixture
def northshire_auditor(northshire):
    return services.create_user(username="ns-auditor", password=None, role=Role.AUDITOR, partnership=northshire)


def test_an_event_belongs_to_its_actors_partnership_or_else_its_targets(manager_rob, partnership, northshire, now):
    with transaction.atomic():
        by_actor = record_event(actor=manager_rob, action="test.act", summary="done", now=now)
        by_target = record_event(actor=None, action="test.system", summary="done", target=northshire, now=now)
        explicit = record_event(actor=None, action="test.explicit", summary="done", partnership=northshire, now=now)
    assert (by_actor.partnership, by_target.partnership, explicit.partnership) == (partnership, northshire, northshire)


def test_an_auditor_reads_only_their_own_partnerships_events(auditor_ian, manager_rob, northshire_auditor, now):
    with transaction.atomic():
        record_event(actor=manager_rob, action="review.secret", summary="Rob Hughes edited SCR-2019-001", now=now)
    assert access_audit_log(auditor_ian, action="review.secret").count() == 1
    assert access_audit_log(northshire_auditor, action="review.secret").count() == 0
    assert not access_audit_log(northshire_auditor).filter(partnership=auditor_ian.partnership).exists()


def test_events_without_a_partnership_are_shown_only_while_there_is_one_partnership(auditor_ian, northshire, now):
    with transaction.atomic():
        AuditEvent.objects.create(at=now, actor_label="system", action="legacy.event", summary="before partnerships")
    assert access_audit_log(auditor_ian, action="legacy.event").count() == 0  # two partnerships now
