"""The workflow: every allowed transition works, every other one is refused with what is allowed; all audited."""

from __future__ import annotations

import datetime as dt

import pytest

from casereview.audit.models import AuditEvent
from casereview.core.refusals import Refused
from casereview.publishing.services import create_briefing_from_review, edit_briefing, run_gate
from casereview.reviews import hooks, services
from casereview.reviews.models import Stage, StageChange
from casereview.reviews.workflow import TRANSITIONS, _is_back_step, describe_allowed, main_path
from tests.reviews.conftest import _satisfy, publication_check, publish_through_the_gate

ALLOWED = [(a, b) for a, targets in TRANSITIONS.items() for b in targets]
REFUSED = [(a, b) for a in Stage.values for b in Stage.values if b not in TRANSITIONS[a] and a != b]


def _place(review, stage, advance, manager_rob, now):
    """Bring the fixture review to `stage` the way a manager would."""
    if stage in main_path():
        return advance(review, stage)
    before = {Stage.NO_FURTHER_REVIEW: Stage.DECIDED, Stage.CONVERTED: Stage.NOTIFIED}[stage]
    review = advance(review, before)
    if stage == Stage.NO_FURTHER_REVIEW:
        services.record_decision(review=review, outcome="no_further_review", decision_makers="Chair",
                                 decided_on=dt.date(2026, 11, 19), rationale="No further learning", by=manager_rob, now=now)
    return services.change_stage(review=review, to_stage=stage, reason="Test", by=manager_rob, now=now)


@pytest.mark.parametrize(("from_stage", "to_stage"), ALLOWED, ids=[f"{a}->{b}" for a, b in ALLOWED])
def test_manager_rob_can_make_each_allowed_transition_and_it_is_audited_with_his_reason(
        from_stage, to_stage, review, advance, manager_rob, admin_asha, now):
    review = _place(review, from_stage, advance, manager_rob, now)
    if to_stage == Stage.NO_FURTHER_REVIEW:
        services.record_decision(review=review, outcome="no_further_review", decision_makers="Chair",
                                 decided_on=dt.date(2026, 11, 19), rationale="Panel disagreed", by=manager_rob, now=now)
    elif not _is_back_step(from_stage, to_stage):
        _satisfy(review, to_stage, manager_rob, now, approver=admin_asha)
    moved = services.change_stage(review=review, to_stage=to_stage, reason="Because the panel met", by=manager_rob, now=now)
    assert moved.stage == to_stage
    change = StageChange.objects.filter(review=review).last()
    assert (change.from_stage, change.to_stage, change.reason, change.by) == (from_stage, to_stage, "Because the panel met", manager_rob)
    event = AuditEvent.objects.filter(action="reviews.change_stage", object_id=str(review.pk)).order_by("pk").last()
    assert event.actor == manager_rob and event.changes["stage"] == [from_stage, to_stage]
    assert event.changes["reason"]["chars"] == len("Because the panel met")  # a reference: the words stay on StageChange


@pytest.mark.parametrize(("from_stage", "to_stage"), REFUSED[::7], ids=[f"{a}->{b}" for a, b in REFUSED[::7]])
def test_a_transition_outside_the_table_is_refused_saying_what_is_allowed(
        from_stage, to_stage, review, advance, manager_rob, now):
    review = _place(review, from_stage, advance, manager_rob, now)
    with pytest.raises(Refused) as refused:
        services.change_stage(review=review, to_stage=to_stage, reason="Skip ahead", by=manager_rob, now=now)
    message = " ".join(refused.value.problems)
    assert f"cannot move from {Stage(from_stage).label} to {Stage(to_stage).label}" in message
    assert describe_allowed(from_stage) in message
    review.refresh_from_db()
    assert review.stage == from_stage


def test_a_stage_change_needs_a_reason(review, manager_rob, now):
    services.update_review(review=review, notified_date=dt.date(2026, 11, 4), by=manager_rob, now=now)
    with pytest.raises(Refused) as refused:
        services.change_stage(review=review, to_stage="rapid_review", reason="  ", by=manager_rob, now=now)
    assert refused.value.errors == [("reason", "Enter the reason for this change of stage.")]


def test_the_rapid_review_cannot_start_before_the_national_panel_is_notified(review, manager_rob, now):
    with pytest.raises(Refused, match="Record the date the national panel was notified"):
        services.change_stage(review=review, to_stage="rapid_review", reason="Meeting", by=manager_rob, now=now)


def test_decided_needs_a_recorded_decision(review, advance, manager_rob, now):
    review = advance(review, "rapid_review")
    with pytest.raises(Refused, match="Record the decision against the statutory criteria"):
        services.change_stage(review=review, to_stage="decided", reason="Done", by=manager_rob, now=now)


def test_deciding_records_when_the_rapid_review_was_completed(review, advance):
    review = advance(review, "decided")
    assert review.rapid_review_completed_date == dt.date(2026, 11, 18)
    assert review.rapid_review_on_time is True  # notified 4 Nov, due 25 Nov


def test_terms_of_reference_need_a_decision_to_review(review, advance, manager_rob, now):
    review = advance(review, "rapid_review")
    services.record_decision(review=review, outcome="no_further_review", decision_makers="Chair",
                             decided_on=dt.date(2026, 11, 19), rationale="Nothing more", by=manager_rob, now=now)
    services.change_stage(review=review, to_stage="decided", reason="Decided", by=manager_rob, now=now)
    with pytest.raises(Refused, match="record a decision to undertake a review first"):
        services.change_stage(review=review, to_stage="terms_of_reference", reason="Go", by=manager_rob, now=now)


def test_information_gathering_needs_terms_of_reference_and_an_agency(review, advance, manager_rob, now):
    review = advance(review, "terms_of_reference")
    review.participating_agencies.all().delete()
    with pytest.raises(Refused) as refused:
        services.change_stage(review=review, to_stage="information_gathering", reason="Go", by=manager_rob, now=now)
    assert refused.value.problems == ["Record the terms of reference (period under review and key lines of enquiry).",
                                      "Add at least one participating agency."]


def test_analysis_waits_for_outstanding_agency_submissions(review, advance, manager_rob, now):
    review = advance(review, "information_gathering")
    services.request_item(participation=review.participating_agencies.first(), item="chronology",
                          due_date=dt.date(2026, 12, 1), by=manager_rob, now=now)
    with pytest.raises(Refused, match="Still outstanding: Chronology from Northshire Police"):
        services.change_stage(review=review, to_stage="analysis", reason="Go", by=manager_rob, now=now)


def test_signed_off_needs_findings(review, advance, manager_rob, now):
    review = advance(review, "draft_report")
    with pytest.raises(Refused) as refused:
        services.change_stage(review=review, to_stage="signed_off", reason="Board signed", by=manager_rob, now=now)
    assert refused.value.problems == ["Record at least one learning point.", "Record at least one recommendation."]


def test_publishing_is_refused_with_the_real_gates_reasons_until_the_briefing_is_clean_and_approved(
        review, advance, manager_rob, admin_asha, now):
    review = advance(review, "signed_off")
    briefing = create_briefing_from_review(review=review, by=manager_rob, now=now)
    edit_briefing(briefing=briefing, by=manager_rob, now=now, background="Zelphine's mother moved house twice.")
    assert not run_gate(briefing=briefing, by=manager_rob, now=now).ok
    with pytest.raises(Refused, match="'Zelphine's' matches restricted identifier \\(name\\)"):
        services.change_stage(review=review, to_stage="published", reason="Publish", by=manager_rob, now=now)

    edit_briefing(briefing=briefing, by=manager_rob, now=now, background="Ava's mother moved house twice.")
    publish_through_the_gate(review, by=manager_rob, approver=admin_asha, now=now)
    review = services.change_stage(review=review, to_stage="published", reason="Publish", by=manager_rob, now=now)
    assert review.is_published and review.published_date == dt.date(2026, 11, 20)
    assert review.briefings.get().published_by == manager_rob


def test_a_review_with_no_briefing_cannot_move_to_published(review, advance, manager_rob, now):
    review = advance(review, "signed_off")
    with pytest.raises(Refused, match="no practitioner briefing yet"):
        services.change_stage(review=review, to_stage="published", reason="Publish", by=manager_rob, now=now)


def test_the_gate_hook_reads_the_publishing_apps_result_object(review):
    from types import SimpleNamespace

    with publication_check(lambda r: SimpleNamespace(ok=False, problems=["No briefing yet"])):
        assert hooks.publish_problems(review) == ["No briefing yet"]
    with publication_check(lambda r: SimpleNamespace(ok=True, problems=[])):
        assert hooks.publish_problems(review) == []


def test_the_publishing_app_registers_its_anonymisation_gate_as_the_check():
    from casereview.publishing.gate import check_publishable

    assert hooks.registered_publication_check() is check_publishable


def test_with_no_check_registered_nothing_is_published(review, advance, manager_rob, now):
    review = advance(review, "signed_off")
    with publication_check(None), pytest.raises(Refused, match="No publishing gate is installed"):
        services.change_stage(review=review, to_stage="published", reason="Publish", by=manager_rob, now=now)
    review.refresh_from_db()
    assert review.stage == "signed_off"


def test_a_check_that_crashes_refuses_publication_and_says_so(review, advance, manager_rob, now, caplog):
    def broken(_review):
        raise RuntimeError("database went away")

    review = advance(review, "signed_off")
    with publication_check(broken), pytest.raises(Refused, match="could not check this review because of an error"):
        services.change_stage(review=review, to_stage="published", reason="Publish", by=manager_rob, now=now)
    review.refresh_from_db()
    assert review.stage == "signed_off"
    assert "database went away" in caplog.text


def test_sending_a_draft_back_to_analysis_needs_no_guard(review, advance, manager_rob, now):
    review = advance(review, "draft_report")
    review = services.change_stage(review=review, to_stage="analysis", reason="Chronology gap found", by=manager_rob, now=now)
    assert review.stage == "analysis"


def test_final_stages_allow_nothing(review):
    assert describe_allowed("closed") == "Closed is a final stage: nothing can follow it."
