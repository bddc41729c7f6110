"""Importing an existing action plan: all rows or nothing, every problem listed."""

from __future__ import annotations

import pytest

from casereview.actions import services
from casereview.actions.models import Action
from casereview.core.refusals import Refused

HEADER = "Recommendation,Action,Owner agency,Named owner,Due date,Success measure\n"


def plan(*rows):
    return (HEADER + "".join(r + "\n" for r in rows)).encode()


@pytest.fixture
def setup(recommendation, recommendation_two, police_recommendation, police_claire, health_visiting):
    return None


def test_a_good_plan_creates_every_action_under_the_right_recommendation(setup, review, manager_rob, now):
    created = services.import_action_plan(review=review, name="plan.csv", by=manager_rob, now=now, data=plan(
        "1,Audit strategy meetings,Police,claire,31/03/2027,Audit shows 90%",
        "R2,Add dogs to pre-birth assessment,Health visiting,,30/06/2027,Template updated",
        "Police 1,Refresh domestic incident training,Northshire Police,claire@example.org,1 May 2027,All trained",
    ))
    assert [a.reference for a in created] == ["R1.1", "R2.1", "Police 1.1"]
    assert created[0].owner.username == "claire"


def test_one_bad_row_means_nothing_is_stored_and_every_problem_is_listed(setup, review, manager_rob, now):
    with pytest.raises(Refused) as caught:
        services.import_action_plan(review=review, name="plan.csv", by=manager_rob, now=now, data=plan(
            "1,Audit strategy meetings,Police,claire,31/03/2027,Audit shows 90%",
            "9,Unknown recommendation,Police,,31/03/2027,Audit",
            "2,Wrong agency,Fire Service,,31/13/2027,Audit",
            "Health visiting 4,Unknown single-agency recommendation,Health visiting,tom,31/03/2027,Audit",
            "2,Owner from another agency,Health visiting,claire,31/03/2027,Audit",
        ))
    assert [str(p) for p in caught.value.problems] == [
        "plan.csv, row 3, column 'Recommendation': LCSPR-2026-003 has no recommendation 9",
        "plan.csv, row 4, column 'Owner agency': no agency called 'Fire Service' in this partnership",
        "plan.csv, row 4, column 'Due date': '31/13/2027': month 13 does not exist (dates are read day first: dd/mm/yyyy)",
        "plan.csv, row 5, column 'Recommendation': Northshire Community Health has no single-agency recommendation 4 in this review",
        "plan.csv, row 5, column 'Named owner': no active user 'tom' (give a username or email address)",
        "plan.csv, row 6, column 'Named owner': Claire Dunn works for Northshire Police, not Northshire Community Health",
    ]
    assert Action.objects.count() == 0
