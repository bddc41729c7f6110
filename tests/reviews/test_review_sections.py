"""The review page as sections: each role sees the sections (and parts) it saw on the single page, no more."""

from __future__ import annotations

import pytest

from casereview.core.roles import Role
from casereview.reviews.models import Stage
from casereview.reviews.selectors import SECTIONS

TEAM = {Role.PARTNERSHIP_ADMIN, Role.REVIEW_MANAGER, Role.INDEPENDENT_REVIEWER, Role.PANEL_MEMBER}
EVERYONE = TEAM | {Role.AGENCY_CONTRIBUTOR, Role.BOARD_MEMBER, Role.AUDITOR}
# Who opens each section of a review still in draft (the police take part in it).
VISIBLE = {
    "overview": EVERYONE,
    "decision": TEAM | {Role.BOARD_MEMBER, Role.AUDITOR},
    "agencies": TEAM | {Role.AGENCY_CONTRIBUTOR},
    "chronology": TEAM | {Role.AGENCY_CONTRIBUTOR},
    "inquiry": TEAM,
    "findings": TEAM | {Role.AUDITOR},  # draft findings: never board members or agency contributors
    "actions": EVERYONE,
    "briefings": EVERYONE,
    "history": TEAM | {Role.AUDITOR},
}
SECRET = "Zelphine Quarrington"


@pytest.mark.parametrize("key,label,url_name", SECTIONS)
def test_each_role_opens_only_the_sections_it_may_see(review, personas, client_for, key, label, url_name):
    from django.urls import reverse

    url = reverse(url_name, args=[review.pk])
    for role, user in personas.items():
        response = client_for(user).get(url)
        expected = 200 if role in VISIBLE[key] else 404
        assert response.status_code == expected, f"{role} GET {url}"
        if expected == 200:
            page = response.content.decode()
            assert (SECRET in page) == (key == "overview" and role in TEAM), f"{role} on {key}"
            nav = page[page.index('aria-label="Review sections"'):page.index("</nav>", page.index('aria-label="Review sections"'))]
            assert [s for s, _l, _u in SECTIONS if f">{_l}</a>" in nav] == [s for s in VISIBLE if role in VISIBLE[s]]


def test_once_signed_off_everyone_reads_the_findings(review, personas, client_for):
    review.stage = Stage.SIGNED_OFF
    review.save()
    for user in personas.values():
        assert client_for(user).get(f"/reviews/{review.pk}/findings/").status_code == 200


def test_empty_sections_say_so_in_one_line(review, client_for, manager_rob):
    client = client_for(manager_rob)
    pages = "".join(client.get(f"/reviews/{review.pk}/{path}/").content.decode()
                    for path in ("decisions", "learning-event-and-family", "findings", "history"))
    for line in ("No decision recorded yet.", "No learning event recorded yet.", "No family involvement recorded yet.",
                 "No learning points recorded yet.", "No recommendations recorded yet.",
                 "No single-agency recommendations recorded yet.", "The review has not changed stage yet."):
        assert line in pages
    assert "None recorded yet" not in pages and "<li>None" not in pages


def test_terms_of_reference_are_offered_from_decided_to_information_gathering(review, client_for, manager_rob):
    client = client_for(manager_rob)
    offered = {}
    for stage in (Stage.NOTIFIED, Stage.DECIDED, Stage.TERMS_OF_REFERENCE, Stage.INFORMATION_GATHERING, Stage.ANALYSIS):
        review.stage = stage
        review.save()
        offered[stage] = "Record the terms of reference</a>" in client.get(f"/reviews/{review.pk}/decisions/").content.decode()
    assert offered == {Stage.NOTIFIED: False, Stage.DECIDED: True, Stage.TERMS_OF_REFERENCE: True,
                       Stage.INFORMATION_GATHERING: True, Stage.ANALYSIS: False}


def test_a_form_returns_to_the_section_it_belongs_to(review, client_for, manager_rob):
    response = client_for(manager_rob).post(f"/reviews/{review.pk}/family/add/", {"family_member": "Mother",
                                                                                  "status": "offered"})
    assert response["Location"] == f"/reviews/{review.pk}/learning-event-and-family/#family"
