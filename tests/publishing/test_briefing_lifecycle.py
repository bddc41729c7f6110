"""Drafting, gating, publishing and withdrawing a briefing through the services."""

from __future__ import annotations

import datetime as dt

import pytest

from casereview.audit.models import AuditEvent
from casereview.core.refusals import Refused
from casereview.publishing.models import Briefing, BriefingStatus, FalsePositive
from casereview.publishing.services import (
    approve_briefing,
    approve_false_positive,
    create_briefing_from_review,
    edit_briefing,
    publish_briefing,
    run_gate,
    withdraw_briefing,
)
from tests.publishing.conftest import LEARNING_POINTS, RECOMMENDATIONS


def test_the_draft_is_written_from_the_reviews_findings_like_the_seed_briefing(briefing):
    assert briefing.version == 1 and briefing.status == BriefingStatus.DRAFT
    assert briefing.title.endswith(": Oliver")
    assert "Local Child Safeguarding Practice Review" in briefing.what_is
    assert "whom we shall call Oliver" in briefing.what_is
    assert "15 days old" in briefing.background
    sections = {s["key"]: s for s in briefing.sections()}
    assert sections["learning_points"]["items"] == LEARNING_POINTS
    assert sections["recommendations"]["items"] == RECOMMENDATIONS
    assert len(sections["further_information"]["items"]) >= 2


def test_a_second_draft_is_refused_while_the_first_is_in_progress(briefing, manager_rob, now):
    with pytest.raises(Refused, match="still in progress: edit it instead"):
        create_briefing_from_review(review=briefing.review, by=manager_rob, now=now)


def test_publishing_after_an_edit_since_the_gate_ran_is_refused(briefing, manager_rob, now):
    run_gate(briefing=briefing, by=manager_rob, now=now)
    edit_briefing(briefing=briefing, by=manager_rob, now=now, background=briefing.background + " More detail.")
    briefing.refresh_from_db()
    assert briefing.status == BriefingStatus.DRAFT
    with pytest.raises(Refused, match="run the gate"):
        publish_briefing(briefing=briefing, by=manager_rob, now=now)


def test_publishing_refuses_content_changed_behind_the_gates_back(briefing, manager_rob, now):
    run_gate(briefing=briefing, by=manager_rob, now=now)
    Briefing.objects.filter(pk=briefing.pk).update(background="Changed without the editor.")
    with pytest.raises(Refused, match="changed since it passed the gate"):
        publish_briefing(briefing=briefing, by=manager_rob, now=now)


def test_publishing_refuses_an_identifier_added_to_the_review_after_the_gate(approved, manager_rob, now):
    briefing = approved
    briefing.review.restricted_identifiers.create(kind="name", value="Oliver", label="Used by mistake")
    with pytest.raises(Refused, match="gate now finds problems"):
        publish_briefing(briefing=briefing, by=manager_rob, now=now)


def test_publishing_keeps_the_briefing_public_for_at_least_a_year(published, now):
    assert published.status == BriefingStatus.PUBLISHED
    assert published.published_at == now
    assert published.publish_until == dt.date(2027, 11, 20)
    assert AuditEvent.objects.filter(action="publishing.briefing_published", object_id=str(published.pk)).exists()


def test_a_shorter_public_period_is_refused(briefing, manager_rob, now):
    run_gate(briefing=briefing, by=manager_rob, now=now)
    with pytest.raises(Refused, match="at least a year: choose 20 November 2027 or later"):
        publish_briefing(briefing=briefing, by=manager_rob, now=now, publish_until=dt.date(2027, 6, 1))


def test_publishing_announces_the_gated_items_to_the_layers_above(approved, manager_rob, now):
    briefing = approved
    from casereview.reviews.signals import briefing_published

    calls = []

    def receiver(sender, **kwargs):
        calls.append(kwargs)

    briefing_published.connect(receiver)
    try:
        publish_briefing(briefing=briefing, by=manager_rob, now=now)
    finally:
        briefing_published.disconnect(receiver)
    [sent] = calls
    assert sent["review"] == briefing.review and sent["version"] == 1 and sent["title"] == briefing.title
    assert sent["learning_points"] == LEARNING_POINTS and sent["recommendations"] == RECOMMENDATIONS
    assert sent["published_at"] == now and sent["by"] == manager_rob


def test_if_the_library_cannot_take_the_briefing_nothing_is_published(approved, manager_rob, now):
    briefing = approved
    from casereview.library.models import LibraryEntry
    from casereview.reviews.signals import briefing_published

    def failing(sender, **kwargs):
        raise RuntimeError("library index unavailable")

    briefing_published.connect(failing)
    try:
        with pytest.raises(RuntimeError, match="library index unavailable"):
            publish_briefing(briefing=briefing, by=manager_rob, now=now)
    finally:
        briefing_published.disconnect(failing)
    briefing.refresh_from_db()
    assert briefing.status == BriefingStatus.GATE_PASSED and briefing.published_at is None
    assert not LibraryEntry.objects.exists()
    assert not AuditEvent.objects.filter(action__in=["publishing.briefing_published",
                                                     "library.review_published_in"]).exists()


def test_a_published_briefing_cannot_be_edited(published, manager_rob, now):
    with pytest.raises(Refused, match="start a new version"):
        edit_briefing(briefing=published, by=manager_rob, now=now, background="New text")


def test_a_new_version_can_be_drafted_once_the_first_is_published(published, manager_rob, now):
    second = create_briefing_from_review(review=published.review, by=manager_rob, now=now)
    assert second.version == 2


def test_a_manager_cannot_withdraw_within_the_first_year(published, manager_rob, now):
    with pytest.raises(Refused, match="only a partnership admin may withdraw one earlier"):
        withdraw_briefing(briefing=published, by=manager_rob, reason="Family asked", now=now + dt.timedelta(days=30))


def test_an_admin_may_withdraw_early_only_with_a_reason(published, admin_asha, now):
    with pytest.raises(Refused, match="Say why"):
        withdraw_briefing(briefing=published, by=admin_asha, reason="  ", now=now)
    withdrawn = withdraw_briefing(briefing=published, by=admin_asha, reason="Court order", now=now)
    assert withdrawn.status == BriefingStatus.WITHDRAWN
    event = AuditEvent.objects.get(action="publishing.briefing_withdrawn")
    assert event.changes["early"] is True and event.changes["reason"]["chars"] == len("Court order")
    assert withdrawn.withdrawal_reason == "Court order" and "Court order" not in event.summary


def test_a_manager_may_withdraw_after_the_year(published, manager_rob, now):
    later = now + dt.timedelta(days=366)
    assert withdraw_briefing(briefing=published, by=manager_rob, reason="Superseded", now=later).status == "withdrawn"


PHONE_TEXT = "Contact the hospital switchboard on 01223 245151 for advice."


def test_a_manager_can_approve_a_public_phone_number_as_a_false_positive(briefing, manager_rob, now):
    edit_briefing(briefing=briefing, by=manager_rob, now=now, further_information=PHONE_TEXT)
    failed = run_gate(briefing=briefing, by=manager_rob, now=now)
    hit = next(h for h in failed.hits if "245151" in h.text)
    approval = approve_false_positive(briefing=briefing, by=manager_rob, text=hit.text, kind=hit.kind,
                                      reason="Public switchboard of the hospital trust", now=now)
    result = run_gate(briefing=briefing, by=manager_rob, now=now)
    assert result.ok and [h.display_text for h in result.approved] == [hit.display_text]
    event = AuditEvent.objects.get(action="publishing.false_positive_approved")
    assert event.changes["false_positive"] == approval.pk and approval.reason.startswith("Public switchboard")
    assert "Public switchboard" not in event.summary + str(event.changes) and "245151" not in event.summary


def test_an_independent_reviewer_cannot_approve_a_false_positive(briefing, reviewer_helen, manager_rob, now):
    from django.core.exceptions import PermissionDenied

    edit_briefing(briefing=briefing, by=manager_rob, now=now, further_information=PHONE_TEXT)
    with pytest.raises(PermissionDenied):
        approve_false_positive(briefing=briefing, by=reviewer_helen, text="01223 245151", kind="phone",
                               reason="Switchboard", now=now)


def test_a_restricted_identifier_can_never_be_a_false_positive(briefing, manager_rob, now):
    edit_briefing(briefing=briefing, by=manager_rob, now=now, background="Jayden Smith was 15 days old.")
    with pytest.raises(Refused, match="cannot be a false positive"):
        approve_false_positive(briefing=briefing, by=manager_rob, text="Jayden Smith", kind="name",
                               reason="It is fine", now=now)
    assert not FalsePositive.objects.exists()


def test_every_step_is_audited(published, admin_asha, now):
    withdraw_briefing(briefing=published, by=admin_asha, reason="Court order", now=now)
    actions = set(AuditEvent.objects.filter(object_type="publishing.briefing").values_list("action", flat=True))
    assert actions == {"publishing.briefing_created", "publishing.gate_passed", "publishing.briefing_approved",
                       "publishing.briefing_published", "publishing.briefing_withdrawn"}


def test_a_published_review_enters_the_learning_library(published):
    from casereview.library.models import LibraryEntry

    entry = LibraryEntry.objects.get(review=published.review)
    assert entry.pseudonym == "Oliver"
    assert entry.items.filter(kind="learning_point").count() == len(published.sections()[2]["items"])
    assert AuditEvent.objects.filter(action="library.review_published_in", object_id=str(entry.pk)).exists()


# -- four eyes -----------------------------------------------------------------


def test_a_signed_off_reviews_briefing_publishes_only_after_a_second_person_approves(
        briefing, manager_rob, admin_asha, now):
    run_gate(briefing=briefing, by=manager_rob, now=now)
    with pytest.raises(Refused, match="A second person with publishing rights"):
        publish_briefing(briefing=briefing, by=manager_rob, now=now)
    approve_briefing(briefing=briefing, by=admin_asha, now=now)
    published = publish_briefing(briefing=briefing, by=manager_rob, now=now)
    assert published.status == BriefingStatus.PUBLISHED
    assert published.gate_run_by == manager_rob and published.published_by == manager_rob
    assert published.publication_approval.approver == admin_asha
    assert published.publication_approval.content_hash == published.content_hash()


def test_the_person_who_ran_the_gate_cannot_approve_it(briefing, manager_rob, admin_asha, now):
    edit_briefing(briefing=briefing, by=manager_rob, now=now, background="Oliver was 15 days old.")
    run_gate(briefing=briefing, by=admin_asha, now=now)
    with pytest.raises(Refused, match="You ran the anonymisation gate on this version"):
        approve_briefing(briefing=briefing, by=admin_asha, now=now)


def test_the_last_editor_cannot_approve_it(briefing, reviewer_helen, manager_rob, admin_asha, now):
    edit_briefing(briefing=briefing, by=admin_asha, now=now, background="Oliver was 15 days old.")
    run_gate(briefing=briefing, by=reviewer_helen, now=now)
    with pytest.raises(Refused, match="You made the last change to this briefing"):
        approve_briefing(briefing=briefing, by=admin_asha, now=now)
    approve_briefing(briefing=briefing, by=manager_rob, now=now)
    assert publish_briefing(briefing=briefing, by=admin_asha, now=now).publication_approval.approver == manager_rob


def test_an_independent_reviewer_cannot_approve(briefing, manager_rob, reviewer_helen, now):
    from django.core.exceptions import PermissionDenied

    run_gate(briefing=briefing, by=manager_rob, now=now)
    with pytest.raises(PermissionDenied):
        approve_briefing(briefing=briefing, by=reviewer_helen, now=now)


def test_an_approval_is_for_the_exact_content_approved(approved, manager_rob, admin_asha, now):
    edit_briefing(briefing=approved, by=manager_rob, now=now, background=approved.background + " More detail.")
    run_gate(briefing=approved, by=manager_rob, now=now)
    with pytest.raises(Refused, match="must approve this version"):
        publish_briefing(briefing=approved, by=manager_rob, now=now)
    approve_briefing(briefing=approved, by=admin_asha, now=now)
    assert publish_briefing(briefing=approved, by=manager_rob, now=now).status == BriefingStatus.PUBLISHED


def test_an_approval_given_before_the_approver_reran_the_gate_no_longer_counts(approved, admin_asha, now):
    run_gate(briefing=approved, by=admin_asha, now=now)  # same content: Asha is now the gate runner
    with pytest.raises(Refused, match="must approve this version"):
        publish_briefing(briefing=approved, by=admin_asha, now=now)


@pytest.mark.parametrize("stage", ["information_gathering", "analysis", "draft_report"])
def test_a_briefing_for_a_review_before_sign_off_cannot_be_published(approved, manager_rob, now, stage):
    type(approved.review).objects.filter(pk=approved.review_id).update(stage=stage)
    approved.refresh_from_db()
    with pytest.raises(Refused, match="only once the review is signed off"):
        publish_briefing(briefing=approved, by=manager_rob, now=now)
    approved.refresh_from_db()
    assert approved.status == BriefingStatus.GATE_PASSED


def test_approval_and_publication_name_both_people_in_the_audit_log(published):
    approval = AuditEvent.objects.get(action="publishing.briefing_approved")
    assert approval.actor_label == "Asha Patel" and approval.changes["gate_run_by"] == "Rob Hughes"
    event = AuditEvent.objects.get(action="publishing.briefing_published")
    assert (event.changes["gate_run_by"], event.changes["approved_by"], event.changes["published_by"]) == (
        "Rob Hughes", "Asha Patel", "Rob Hughes")
    assert "approved by Asha Patel" in event.summary


# -- withdrawal ----------------------------------------------------------------


def test_a_withdrawn_briefing_is_gone_from_the_library_and_its_search(published, admin_asha, now):
    from django.db import connection

    from casereview.library.models import ItemTheme, LibraryEntry, LibraryItem
    from casereview.library.search import SearchFilters, run_search

    assert run_search("hospital discharge", SearchFilters()).total > 0
    withdraw_briefing(briefing=published, by=admin_asha, reason="Court order", now=now)
    assert not LibraryEntry.objects.exists() and not LibraryItem.objects.exists() and not ItemTheme.objects.exists()
    assert run_search("hospital discharge", SearchFilters()).total == 0
    if connection.vendor == "sqlite":  # the FTS5 table holds no row for the removed items
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM library_item_fts")
            assert cursor.fetchone()[0] == 0
    event = AuditEvent.objects.get(action="library.review_withdrawn")
    assert event.changes["reason"]["chars"] == len("Court order") and "Court order" not in str(event.changes)


def test_withdrawing_a_later_version_brings_the_library_back_to_the_version_still_public(
        published, manager_rob, admin_asha, now):
    from casereview.library.models import LibraryEntry
    from tests.publishing.conftest import gate_and_approve

    second = create_briefing_from_review(review=published.review, by=manager_rob, now=now)
    edit_briefing(briefing=second, by=manager_rob, now=now, title="Second version",
                  learning_points="A learning point only the second version has.")
    gate_and_approve(second, runner=manager_rob, approver=admin_asha, now=now)
    publish_briefing(briefing=second, by=manager_rob, now=now)
    assert LibraryEntry.objects.get().title == "Second version"

    withdraw_briefing(briefing=second, by=admin_asha, reason="Published by mistake", now=now)
    entry = LibraryEntry.objects.get()
    assert entry.title == published.title
    assert list(entry.items.filter(kind="learning_point").values_list("text", flat=True)) == LEARNING_POINTS
