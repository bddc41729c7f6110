import pytest
from django.db import IntegrityError, connection, transaction
from django.db.utils import DatabaseError
from django.urls import reverse

from casereview.accounts import services
from casereview.audit.models import AuditEvent, AuditImmutable
from casereview.audit.services import AuditOutsideTransaction, record_event
from casereview.core.refusals import Refused


@pytest.fixture
def event(partnership, admin_asha):
    services.create_agency(partnership=partnership, name="Northshire Housing", kind="housing", by=admin_asha)
    return AuditEvent.objects.get(action="agency.create")


def test_a_service_writes_its_audit_event_with_who_and_what(event, admin_asha):
    assert event.actor == admin_asha and event.actor_label == "Asha Patel"
    assert event.object_type == "accounts.agency" and event.summary == "Added agency Northshire Housing"


def test_a_failed_change_leaves_no_audit_event(partnership, admin_asha):
    services.create_agency(partnership=partnership, name="Dup", kind="housing", by=admin_asha)
    before = AuditEvent.objects.count()
    with pytest.raises(Refused, match="already exists"):
        services.create_agency(partnership=partnership, name="Dup", kind="housing", by=admin_asha)
    assert AuditEvent.objects.count() == before


def test_the_orm_refuses_to_update_an_audit_event(event):
    event.summary = "rewritten"
    with pytest.raises(AuditImmutable):
        event.save()
    with pytest.raises(AuditImmutable):
        AuditEvent.objects.filter(pk=event.pk).update(summary="rewritten")


def test_the_orm_refuses_to_delete_an_audit_event(event):
    with pytest.raises(AuditImmutable):
        event.delete()
    with pytest.raises(AuditImmutable):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_database_refuses_raw_sql_changes_to_audit_events(event):
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # withdraw the test database's purge permit (rolled back after)
            cursor.execute("DELETE FROM audit_purge_permit")
    for sql in ("UPDATE audit_auditevent SET summary = 'x'", "DELETE FROM audit_auditevent"):
        with pytest.raises((DatabaseError, IntegrityError)), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    event.refresh_from_db()
    assert event.summary == "Added agency Northshire Housing"


def test_an_audit_event_cannot_be_written_outside_a_transaction(transactional_db):
    with pytest.raises(AuditOutsideTransaction):
        record_event(actor=None, action="x", summary="y")


@pytest.mark.parametrize("persona", ["admin_asha", "auditor_ian"])
def test_admins_and_auditors_read_the_audit_log(persona, request, event, client_for):
    html = client_for(request.getfixturevalue(persona)).get(reverse("audit:log")).content.decode()
    assert "Added agency Northshire Housing" in html


def test_the_audit_log_filters_by_action(event, client_for, auditor_ian):
    html = client_for(auditor_ian).get(reverse("audit:log"), {"action": "user.create"}).content.decode()
    assert "Added agency Northshire Housing" not in html


@pytest.mark.parametrize("persona", ["manager_rob", "board_margaret", "police_claire"])
def test_other_roles_cannot_read_the_audit_log(persona, request, client_for, db):
    assert client_for(request.getfixturevalue(persona)).get(reverse("audit:log")).status_code == 403
