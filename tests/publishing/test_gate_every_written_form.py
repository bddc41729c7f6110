"""Nothing goes around the gate (issue 11): every written form of a restricted identifier blocks a
briefing through the real gate, and none of them can be recorded as a false positive."""

from __future__ import annotations

import pytest

from casereview.core.refusals import Refused
from casereview.publishing.gate import check_publishable
from casereview.publishing.models import FalsePositive
from casereview.publishing.services import (
    approve_false_positive,
    create_briefing_from_review,
    edit_briefing,
    publish_briefing,
    run_gate,
)
from casereview.reviews.models import RestrictedIdentifier
from tests.publishing.conftest import gate_and_approve

# The demo review's kind of identifiers (tests/text/test_redact.py holds the matcher's own tests of each form).
DEMO = [
    ("name", "Jaxon Trelawney-Budd", "Child"), ("name", "Freddie Ashworth-Kane", "Half-brother"),
    ("date_of_birth", "30 December 2018", "Child"), ("address", "14 Fenwick Row, Wisbech PE13 9QX", "Home"),
    ("school", "Hollybank Primary School", "Sister's school"),
]  # fmt: skip


@pytest.fixture
def demo_briefing(review, manager_rob, now):
    for kind, value, label in DEMO:
        RestrictedIdentifier.objects.create(review=review, kind=kind, value=value, label=label)
    return create_briefing_from_review(review=review, by=manager_rob, now=now)


@pytest.mark.parametrize(
    ("sentence", "found", "kind"),
    [
        ("Jaxon was seen at home.", "Jaxon", "name"),
        ("It was Jaxon's cot.", "Jaxon's", "name"),
        ("Notes say Trelawney Budd.", "Trelawney Budd", "name"),
        ("Notes say Trelawney\u2013Budd.", "Trelawney\u2013Budd", "name"),
        ("Referred as J. Trelawney-Budd.", "J. Trelawney-Budd", "name"),
        ("Born to the Trelaw\u00adney-Budd family.", "Trelaw\u00adney-Budd", "name"),
        ("His brother, Baby Ashworth-Kane, was born later.", "Ashworth-Kane", "name"),
        ("Born Dec 30 2018 in hospital.", "Dec 30 2018", "date of birth"),
        ("Born 30/12/2018 in hospital.", "30/12/2018", "date of birth"),
        ("They lived on Fenwick Row by the river.", "Fenwick Row", "address"),
        ("She attended Hollybank Primary until May.", "Hollybank Primary", "school"),
    ],
)
def test_each_written_form_of_a_restricted_identifier_blocks_the_briefing_and_cannot_be_approved(
    demo_briefing, manager_rob, now, sentence, found, kind,
):
    edit_briefing(briefing=demo_briefing, by=manager_rob, now=now, background=sentence)
    result = run_gate(briefing=demo_briefing, by=manager_rob, now=now)
    assert not result.ok
    assert f"Background: '{found}' matches restricted identifier ({kind})" in result.problems, result.problems
    assert not check_publishable(demo_briefing.review).ok
    hit = next(h for h in result.hits if h.text == found)
    with pytest.raises(Refused, match=f"matches a restricted identifier of this review \\({kind}\\)"):
        approve_false_positive(briefing=demo_briefing, by=manager_rob, text=hit.text, kind=hit.kind,
                               reason="A different child", now=now)
    assert not FalsePositive.objects.exists()


def test_the_date_of_birth_written_another_way_cannot_be_approved_as_a_generic_date(demo_briefing, manager_rob, now):
    edit_briefing(briefing=demo_briefing, by=manager_rob, now=now, background="Born 30/12/2018 in hospital.")
    hits = run_gate(briefing=demo_briefing, by=manager_rob, now=now).hits
    assert [(h.text, h.kind, h.restricted) for h in hits] == [("30/12/2018", "date_of_birth", True)]
    with pytest.raises(Refused, match="matches a restricted identifier of this review \\(date of birth\\)"):
        approve_false_positive(briefing=demo_briefing, by=manager_rob, text="30/12/2018", kind="date",
                               reason="Just a date", now=now)


def test_a_generic_date_can_still_be_recorded_as_a_false_positive(demo_briefing, manager_rob, now):
    edit_briefing(briefing=demo_briefing, by=manager_rob, now=now,
                  background="The partnership's new procedures started on 14 January 2019.")
    hit = run_gate(briefing=demo_briefing, by=manager_rob, now=now).hits[0]
    assert (hit.text, hit.kind, hit.restricted) == ("14 January 2019", "date", False)
    approve_false_positive(briefing=demo_briefing, by=manager_rob, text=hit.text, kind=hit.kind,
                           reason="The date a procedure started, about nobody", now=now)
    assert run_gate(briefing=demo_briefing, by=manager_rob, now=now).ok


def test_a_possible_name_can_be_approved_but_the_approval_never_covers_the_name_written_for_sure(
    review, manager_rob, now,
):
    RestrictedIdentifier.objects.create(review=review, kind="name", value="Grace Whitcombe", label="Mother")
    briefing = create_briefing_from_review(review=review, by=manager_rob, now=now)
    edit_briefing(briefing=briefing, by=manager_rob, now=now, background="Grace was shown in the plan as a value.")
    hit = run_gate(briefing=briefing, by=manager_rob, now=now).hits[0]
    assert (hit.text, hit.kind, hit.severity, hit.approvable) == ("Grace", "name", "possible", True)
    assert "'Grace' may match restricted identifier (name)" in hit.problem
    approve_false_positive(briefing=briefing, by=manager_rob, text="Grace", kind="name",
                           reason="The word, not the mother", now=now)
    assert run_gate(briefing=briefing, by=manager_rob, now=now).ok

    edit_briefing(briefing=briefing, by=manager_rob, now=now,
                  background="Grace was shown in the plan as a value. Later Grace's partner left.")
    result = run_gate(briefing=briefing, by=manager_rob, now=now)
    assert [(h.text, h.severity) for h in result.hits] == [("Grace's", "block")]
    assert [h.text for h in result.approved] == ["Grace"]


def test_an_approval_made_before_a_name_was_restricted_does_not_cover_it(review, manager_rob, now):
    briefing = create_briefing_from_review(review=review, by=manager_rob, now=now)
    edit_briefing(briefing=briefing, by=manager_rob, now=now, background="Mrs Budd chaired the panel.")
    hit = run_gate(briefing=briefing, by=manager_rob, now=now).hits[0]
    assert (hit.text, hit.kind) == ("Mrs Budd", "possible_name")
    approve_false_positive(briefing=briefing, by=manager_rob, text=hit.text, kind=hit.kind,
                           reason="The panel chair, named in public minutes", now=now)
    assert run_gate(briefing=briefing, by=manager_rob, now=now).ok

    RestrictedIdentifier.objects.create(review=review, kind="name", value="Jaxon Trelawney-Budd", label="Child")
    result = run_gate(briefing=briefing, by=manager_rob, now=now)
    assert not result.ok and [(h.text, h.kind) for h in result.hits] == [("Budd", "name")]


def test_an_identifier_in_a_briefing_that_was_approved_before_it_was_restricted_stops_publication(
    review, manager_rob, admin_asha, now,
):
    briefing = create_briefing_from_review(review=review, by=manager_rob, now=now)
    edit_briefing(briefing=briefing, by=manager_rob, now=now, background="The family moved to Fenwick Row in May.")
    gate_and_approve(briefing, runner=manager_rob, approver=admin_asha, now=now)
    RestrictedIdentifier.objects.create(review=review, kind="address", value="14 Fenwick Row", label="Home")
    assert "Background: 'Fenwick Row' matches restricted identifier (address)" in check_publishable(review).problems
    with pytest.raises(Refused, match="The gate now finds problems"):
        publish_briefing(briefing=briefing, by=manager_rob, now=now)
