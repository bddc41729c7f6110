"""The review team's briefing pages, and who may see drafts."""

from __future__ import annotations

from django.urls import reverse

from casereview.audit.models import AuditEvent
from casereview.publishing.models import Briefing, BriefingStatus


def test_board_members_and_agency_contributors_cannot_see_drafts(client_for, briefing, board_margaret, police_claire):
    for user in (board_margaret, police_claire):
        client = client_for(user)
        assert client.get(reverse("publishing:detail", args=[briefing.pk])).status_code == 404
        assert briefing.title not in client.get(reverse("publishing:list")).content.decode()


def test_board_members_read_published_briefings_inside_the_service(client_for, published, board_margaret):
    response = client_for(board_margaret).get(reverse("publishing:detail", args=[published.pk]))
    assert response.status_code == 200 and published.title in response.content.decode()


def test_an_unassigned_reviewer_cannot_open_a_draft(client_for, briefing, partnership):
    from casereview.core.roles import Role
    from tests.conftest import _make

    stranger = _make("una", Role.INDEPENDENT_REVIEWER, partnership, name="Una Other")
    assert client_for(stranger).get(reverse("publishing:edit", args=[briefing.pk])).status_code == 404


def test_a_manager_drafts_a_briefing_from_the_list(client_for, review, manager_rob):
    client = client_for(manager_rob)
    assert "Draft briefing" in client.get(reverse("publishing:list")).content.decode()
    response = client.post(reverse("publishing:start", args=[review.pk]))
    briefing = Briefing.objects.get(review=review)
    assert response["Location"] == reverse("publishing:edit", args=[briefing.pk])


def test_the_assigned_reviewer_edits_and_the_gate_highlights_each_hit(client_for, briefing, reviewer_helen):
    client = client_for(reviewer_helen)
    data = {**briefing.texts(), "background": "Jayden Smith and family lived at 14 Mill Lane."}
    response = client.post(reverse("publishing:edit", args=[briefing.pk]), data)
    assert response["Location"] == reverse("publishing:gate", args=[briefing.pk])
    page = client.get(response["Location"]).content.decode()
    assert "This briefing cannot be published yet" in page
    assert "Background: &#x27;Jayden Smith&#x27; matches restricted identifier (name)" in page
    assert '<mark id="hit-1"' in page and '<mark id="hit-2"' in page


def test_an_empty_title_is_refused_with_a_message(client_for, briefing, reviewer_helen):
    data = {**briefing.texts(), "title": ""}
    response = client_for(reviewer_helen).post(reverse("publishing:edit", args=[briefing.pk]), data)
    assert response.status_code == 400
    assert "Enter a title for the briefing." in response.content.decode()


def test_a_manager_runs_the_gate_a_second_person_approves_and_the_manager_publishes(
        briefing, manager_rob, admin_asha):
    from django.test import Client

    rob, asha = Client(), Client()
    rob.force_login(manager_rob)
    asha.force_login(admin_asha)
    rob.post(reverse("publishing:gate", args=[briefing.pk]))
    briefing.refresh_from_db()
    assert briefing.status == BriefingStatus.GATE_PASSED and briefing.gate_run_by == manager_rob

    # Rob ran the gate: he is offered no approval, and publishing is refused until someone else approves.
    page = rob.get(reverse("publishing:detail", args=[briefing.pk])).content.decode()
    assert "Approve this version for publication" not in page and "Not yet approved" in page
    response = rob.post(reverse("publishing:publish", args=[briefing.pk]), {"publish_until": ""})
    assert response.status_code == 400 and "A second person with publishing rights" in response.content.decode()
    assert rob.post(reverse("publishing:approve", args=[briefing.pk]), follow=True).redirect_chain
    assert not briefing.approvals.exists()

    assert "Approve this version for publication" in asha.get(reverse("publishing:detail", args=[briefing.pk])).content.decode()
    asha.post(reverse("publishing:approve", args=[briefing.pk]))
    response = rob.post(reverse("publishing:publish", args=[briefing.pk]), {"publish_until": ""})
    assert response.status_code == 302
    briefing.refresh_from_db()
    assert briefing.status == BriefingStatus.PUBLISHED
    page = rob.get(reverse("publishing:detail", args=[briefing.pk])).content.decode()
    assert "run by Rob Hughes" in page and "Approved by Asha Patel" in page
    event = AuditEvent.objects.get(action="publishing.briefing_published", actor=manager_rob)
    assert event.changes["gate_run_by"] == "Rob Hughes" and event.changes["approved_by"] == "Asha Patel"


def test_publishing_a_draft_that_has_not_passed_the_gate_says_what_to_do(client_for, briefing, manager_rob):
    response = client_for(manager_rob).post(reverse("publishing:publish", args=[briefing.pk]), {"publish_until": ""})
    assert response.status_code == 400
    assert "Only a briefing that has passed the anonymisation gate can be published: run the gate." in response.content.decode()


def test_an_independent_reviewer_cannot_publish(client_for, briefing, reviewer_helen):
    assert client_for(reviewer_helen).post(reverse("publishing:publish", args=[briefing.pk])).status_code == 403


def test_a_false_positive_needs_a_reason(client_for, briefing, manager_rob, now):
    from casereview.publishing.services import edit_briefing

    edit_briefing(briefing=briefing, by=manager_rob, now=now, further_information="Switchboard 01223 245151.")
    response = client_for(manager_rob).post(
        reverse("publishing:false_positive", args=[briefing.pk]), {"text": "01223 245151", "kind": "phone", "reason": ""})
    assert response.status_code == 400
    assert "Say why this text does not identify anyone." in response.content.decode()


def test_a_manager_cannot_withdraw_early_and_is_told_why(client_for, published, manager_rob):
    response = client_for(manager_rob).post(reverse("publishing:withdraw", args=[published.pk]), {"reason": "Asked"})
    assert response.status_code == 200
    assert "only a partnership admin may withdraw one earlier" in response.content.decode()
