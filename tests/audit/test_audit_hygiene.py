"""Audit summaries and changes keep references to free text, never the text itself.

Auditors read the log; draft findings, gate hits, reasons and notes can carry a child's
or a family member's name. Each flow below writes text with a planted identifier; no
audit event may repeat it (summary, changes or the target's shown name).
"""

from __future__ import annotations

import datetime as dt

import pytest

from casereview.audit.models import AuditEvent
from casereview.reviews.models import LearningPoint, Recommendation, Review, ReviewType, Stage

MARK = "Zelphine Quarrington"
PHONE = "01223 245151"
NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)


def _leaks(*marks: str) -> list[str]:
    found = []
    for event in AuditEvent.objects.all():
        shown = f"{event.summary} {event.changes} {event.object_repr}"
        found += [f"{event.action}: {m}" for m in marks if m.lower() in shown.lower()]
    return found


@pytest.fixture
def review(partnership) -> Review:
    review_type, _ = ReviewType.objects.get_or_create(
        slug="local-child-safeguarding-practice-review",
        defaults={"name": "Local child safeguarding practice review", "reference_prefix": "LCSPR"})
    return Review.objects.create(
        partnership=partnership, reference="LCSPR-2026-009", review_type=review_type, title="Baby injured at home",
        pseudonym="Oliver", outcome="died", incident_date=dt.date(2026, 3, 2), aware_date=dt.date(2026, 3, 3),
        notified_date=dt.date(2026, 3, 5), created_at=NOW, updated_at=NOW)


def test_review_findings_reasons_and_details_reach_the_audit_log_only_as_references(review, manager_rob, police):
    from casereview.reviews import services
    from casereview.reviews.models import ParticipatingAgency

    ParticipatingAgency.objects.create(review=review, agency=police)
    services.update_review(review=review, summary=f"Concerns raised by {MARK} at school", by=manager_rob, now=NOW)
    point = services.add_learning_point(review=review, text=f"Staff did not ask {MARK} about home", themes=[],
                                        by=manager_rob, now=NOW)
    services.add_recommendation(review=review, text=f"Agencies should hear from {MARK}", themes=[], by=manager_rob,
                                now=NOW, learning_points=[point])
    services.add_single_agency_recommendation(review=review, agency=police, text=f"Officers should record {MARK}",
                                              by=manager_rob, now=NOW)
    services.save_terms_of_reference(review=review, period_start=dt.date(2025, 1, 1), period_end=dt.date(2026, 3, 2),
                                     lines_of_enquiry=f"How was {MARK} heard?", by=manager_rob, now=NOW)
    services.record_family_involvement(review=review, family_member=f"Aunt ({MARK})", status="offered",
                                       by=manager_rob, now=NOW)
    services.change_stage(review=review, to_stage=Stage.RAPID_REVIEW, reason=f"{MARK}'s GP called", by=manager_rob,
                          now=NOW)
    assert AuditEvent.objects.filter(action__startswith="reviews.").count() >= 7
    assert _leaks(MARK) == []
    # The words stay on the records themselves, behind the review's permissions.
    assert MARK in LearningPoint.objects.get(pk=point.pk).text
    assert MARK in Recommendation.objects.get(review=review).text


def test_a_stage_import_reason_is_not_copied_either(review, manager_rob):
    from casereview.reviews import services

    services.import_stage(review=review, stage=Stage.PUBLISHED, reason=f"Paper file kept by {MARK}",
                          by=manager_rob, now=NOW, published_date=dt.date(2019, 5, 1))
    assert _leaks(MARK) == []


def test_action_notes_evidence_and_reasons_reach_the_audit_log_only_as_references(review, manager_rob, admin_asha,
                                                                                   police_claire, police):
    from casereview.actions import services

    rec = Recommendation.objects.create(review=review, number=1, text="Agencies should follow actions through.",
                                        created_at=NOW)
    action = services.create_action(parent=rec, description=f"Review {MARK}'s case file", owner_agency=police,
                                    owner=None, due_date=dt.date(2027, 1, 31), success_measure=f"{MARK} seen",
                                    by=manager_rob, now=NOW)
    action = services.update_action(action=action, by=manager_rob, expected_version=action.version, now=NOW,
                                    description=f"Audit {MARK}'s case file")
    services.add_progress_update(action=action, by=police_claire, on=NOW.date(), note=f"Spoke to {MARK}", now=NOW)
    services.add_evidence(action=action, by=police_claire, description=f"Minutes naming {MARK}", now=NOW,
                          url="https://intranet.example.org/zelphine-quarrington-minutes")
    action.refresh_from_db()
    action = services.complete_action(action=action, by=police_claire, note=f"{MARK} safe", expected_version=action.version,
                                      now=NOW)
    action = services.reopen_action(action=action, by=manager_rob, reason=f"{MARK} moved", expected_version=action.version,
                                    now=NOW)
    action = services.request_closure(action=action, by=police_claire, rationale=f"{MARK} left the area",
                                      expected_version=action.version, now=NOW)
    services.approve_closure(action=action, by=manager_rob, expected_version=action.version, now=NOW)
    assert AuditEvent.objects.filter(action__startswith="actions.").count() >= 8
    assert _leaks(MARK, "zelphine-quarrington") == []


def test_chronology_analysis_and_episode_names_reach_the_audit_log_only_as_references(review, reviewer_helen, police):
    from casereview.chronology import services
    from casereview.chronology.models import Entry, Submission

    submission = Submission.objects.create(review=review, agency=police, version=1, file_name="police.csv",
                                           uploaded_at=NOW)
    entry = Entry.objects.create(
        submission=submission, review=review, agency=police, date=dt.date(2026, 2, 1), latest=dt.date(2026, 2, 1),
        precision="day", date_raw="01/02/2026", sort_key="20260201", event=f"Officers visited {MARK}",
        file_name="police.csv", row=2)
    services.save_analysis(entry=entry, text=f"{MARK} was not spoken to alone", by=reviewer_helen, now=NOW)
    episode = services.create_episode(review=review, name=f"{MARK}'s hospital stay", start=dt.date(2026, 2, 1),
                                      end=dt.date(2026, 2, 3), by=reviewer_helen, now=NOW)
    services.delete_episode(episode=episode, by=reviewer_helen, now=NOW)
    assert AuditEvent.objects.filter(action__startswith="chronology.").count() == 3
    assert _leaks(MARK) == []


def test_gate_hits_and_publishing_reasons_reach_the_audit_log_only_as_references(review, manager_rob, admin_asha):
    from casereview.publishing.services import (
        approve_briefing,
        approve_false_positive,
        create_briefing_from_review,
        edit_briefing,
        publish_briefing,
        run_gate,
        withdraw_briefing,
    )

    LearningPoint.objects.create(review=review, number=1, text="Risk factors must be explored in full.", created_at=NOW)
    Review.objects.filter(pk=review.pk).update(stage=Stage.SIGNED_OFF, decision_date=dt.date(2026, 3, 20))
    review.refresh_from_db()
    briefing = create_briefing_from_review(review=review, by=manager_rob, now=NOW)
    edit_briefing(briefing=briefing, by=manager_rob, now=NOW,
                  further_information=f"Contact the hospital switchboard on {PHONE} for advice.")
    hit = next(h for h in run_gate(briefing=briefing, by=manager_rob, now=NOW).hits if "245151" in h.text)
    approve_false_positive(briefing=briefing, by=manager_rob, text=hit.text, kind=hit.kind,
                           reason=f"Switchboard, confirmed by {MARK}", now=NOW)
    assert run_gate(briefing=briefing, by=manager_rob, now=NOW).ok
    approve_briefing(briefing=briefing, by=admin_asha, now=NOW)
    published = publish_briefing(briefing=briefing, by=manager_rob, now=NOW)
    withdraw_briefing(briefing=published, by=admin_asha, reason=f"Court order protecting {MARK}", now=NOW)
    assert AuditEvent.objects.filter(action="publishing.false_positive_approved").exists()
    assert _leaks(MARK, PHONE, "245151") == []


def test_a_text_reference_tells_versions_apart_without_the_words():
    from casereview.audit.services import text_reference

    first, second = text_reference(f"Met {MARK}"), text_reference(f"Met {MARK}.")
    assert first["chars"] == len(f"Met {MARK}") and first["fingerprint"] != second["fingerprint"]
    assert first == text_reference(f"Met {MARK}") and MARK not in str(first)
    assert text_reference("") is None and text_reference(None) is None
