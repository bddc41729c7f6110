"""The anonymisation gate: a briefing with any identifier in it cannot pass."""

from __future__ import annotations

import pytest

from casereview.publishing.gate import check_publishable
from casereview.publishing.models import BriefingStatus
from casereview.publishing.services import edit_briefing, run_gate


def _with_background(briefing, text, manager_rob, now):
    return edit_briefing(briefing=briefing, by=manager_rob, now=now, background=text)


def test_a_clean_briefing_drafted_from_the_findings_passes_the_gate(briefing, manager_rob, now):
    result = run_gate(briefing=briefing, by=manager_rob, now=now)
    assert result.ok and result.problems == []
    briefing.refresh_from_db()
    assert briefing.status == BriefingStatus.GATE_PASSED


@pytest.mark.parametrize(
    ("sentence", "found", "kind"),
    [
        ("Jayden Smith was seen by the health visitor.", "Jayden Smith", "name"),
        ("The baby was born on 3 March 2024 at the hospital.", "3 March 2024", "date of birth"),
        ("The family lived at 14 Mill Lane with two dogs.", "14 Mill Lane", "address"),
        ("His sister attended St Mary's Primary.", "St Mary's Primary", "school"),
        ("Social care opened case CSC-448812.", "CSC-448812", "record number"),
    ],
)
def test_the_gate_catches_each_kind_of_restricted_identifier(briefing, manager_rob, now, sentence, found, kind):
    _with_background(briefing, sentence, manager_rob, now)
    result = run_gate(briefing=briefing, by=manager_rob, now=now)
    assert not result.ok
    assert f"Background: '{found}' matches restricted identifier ({kind})" in result.problems


def test_the_gate_ignores_case_line_breaks_and_possessives(briefing, manager_rob, now):
    text = "Staff knew JAYDEN SMITH well.\n\nLater, the home of jayden\nsmith was visited.\n\nJayden Smith's mother agreed."
    _with_background(briefing, text, manager_rob, now)
    result = run_gate(briefing=briefing, by=manager_rob, now=now)
    assert not result.ok
    names = [h.display_text.casefold() for h in result.hits if h.kind == "name"]
    assert len(names) == 3 and all(n.startswith("jayden smith") for n in names)
    assert names[2] in ("jayden smith", "jayden smith's")  # the possessive may be included in the hit
    assert [h.section for h in result.hits] == ["background"] * 3


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("The family moved to CB4 1ZX in the spring.", "CB4 1ZX"),
        ("NHS number 943 476 5919 was on the referral.", "943 476 5919"),
        ("His father's National Insurance number is AB 12 34 56 C.", "AB 12 34 56 C"),
        ("The mother rang 07700 900123 to cancel.", "07700 900123"),
        ("The referral was sent to mum.family@example.com by mistake.", "mum.family@example.com"),
        ("The strategy meeting was held on 12/05/2025.", "12/05/2025"),
    ],
)
def test_the_gate_catches_personal_data_patterns(briefing, manager_rob, now, sentence, found):
    _with_background(briefing, sentence, manager_rob, now)
    result = run_gate(briefing=briefing, by=manager_rob, now=now)
    assert not result.ok
    assert any(h.display_text == found and not h.restricted for h in result.hits), result.problems
    assert any(p.startswith(f"Background: '{found}' matches personal-data pattern") for p in result.problems)


def test_the_gate_checks_every_section_and_the_title(briefing, manager_rob, now):
    edit_briefing(
        briefing=briefing, by=manager_rob, now=now, title="Learning from Jayden Smith",
        learning_points=briefing.learning_points + "\n\nThe school (St Mary's Primary) shared concerns late.",
        recommendations=briefing.recommendations + "\n\nAudit record CSC-448812.",
        further_information="Ask about 14 Mill Lane.", what_is="A review of a baby born 3 March 2024.",
    )
    result = run_gate(briefing=briefing, by=manager_rob, now=now)
    assert {h.section for h in result.hits} >= {
        "title", "learning_points", "recommendations", "further_information", "what_is",
    }


def test_a_failed_gate_leaves_the_briefing_a_draft_and_audits_only_the_kinds(briefing, manager_rob, now):
    from casereview.audit.models import AuditEvent

    _with_background(briefing, "Jayden Smith lived at 14 Mill Lane.", manager_rob, now)
    run_gate(briefing=briefing, by=manager_rob, now=now)
    briefing.refresh_from_db()
    assert briefing.status == BriefingStatus.DRAFT
    event = AuditEvent.objects.filter(action="publishing.gate_failed").get()
    assert event.changes["hits_by_kind"] == {"name": 1, "address": 1}
    assert "Jayden" not in event.summary + str(event.changes)


def test_check_publishable_refuses_a_review_without_a_briefing(review):
    result = check_publishable(review)
    assert not result.ok and "no practitioner briefing" in result.problems[0]


def test_check_publishable_refuses_a_draft_that_has_not_passed_the_gate(briefing):
    result = check_publishable(briefing.review)
    assert not result.ok
    assert result.problems == [f"Briefing version {briefing.version} has not passed the anonymisation gate since it last changed: run the gate."]


def test_check_publishable_passes_a_briefing_that_passed_the_gate(briefing, manager_rob, now):
    run_gate(briefing=briefing, by=manager_rob, now=now)
    assert check_publishable(briefing.review).ok


def test_check_publishable_names_section_text_and_kind(briefing, manager_rob, now):
    _with_background(briefing, "Jayden Smith was not brought to appointments.", manager_rob, now)
    result = check_publishable(briefing.review)
    assert result.problems == ["Background: 'Jayden Smith' matches restricted identifier (name)"]


def test_the_gate_refuses_publication_when_checking_fails(briefing, manager_rob, now, caplog):
    run_gate(briefing=briefing, by=manager_rob, now=now)

    def broken(text, identifiers):
        raise RuntimeError("matcher crashed")

    result = check_publishable(briefing.review, finder=broken)
    assert not result.ok
    assert result.problems == [
        "The anonymisation gate could not finish checking this briefing because of an error, so it cannot be "
        "published. Try again; if it happens again, tell the system administrator."
    ]
    assert "matcher crashed" in caplog.text


def test_a_crash_while_checking_stops_the_review_moving_to_published(briefing, manager_rob, now, monkeypatch):
    from casereview.publishing import gate
    from casereview.reviews.hooks import publish_problems

    run_gate(briefing=briefing, by=manager_rob, now=now)
    assert publish_problems(briefing.review) == []

    def broken(*args, **kwargs):
        raise ValueError("unexpected hit shape")

    monkeypatch.setattr(gate, "find_identifiers", broken)
    assert "could not finish checking" in publish_problems(briefing.review)[0]
