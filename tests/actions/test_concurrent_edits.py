"""Two people editing one action never silently overwrite each other."""

from __future__ import annotations

import datetime as dt

import pytest

from casereview.actions import services
from casereview.core.refusals import Refused


def test_the_second_editor_is_refused_and_told_who_changed_it_and_when(police_action, police_claire, manager_rob, now):
    # Both opened the edit page at version 1.
    services.update_action(action=police_action, by=police_claire, expected_version=1, now=now,
                           due_date=dt.date(2027, 4, 30))
    later = now + dt.timedelta(minutes=3)
    with pytest.raises(Refused) as caught:
        services.update_action(action=police_action, by=manager_rob, expected_version=1, now=later,
                               description="Something else")
    assert "Claire Dunn changed this action at 10:00 on 20 November 2026" in str(caught.value)
    police_action.refresh_from_db()
    assert police_action.description == "Audit strategy meetings for recorded actions"
    assert police_action.due_date == dt.date(2027, 4, 30)
    assert police_action.version == 2


def test_a_status_change_against_an_old_version_is_refused_too(police_action, police_claire, manager_rob, now):
    services.request_closure(action=police_action, by=police_claire, rationale="Superseded", expected_version=1, now=now)
    with pytest.raises(Refused):
        services.update_action(action=police_action, by=manager_rob, expected_version=1, now=now, description="x")


def test_an_edit_from_the_current_version_saves_and_bumps_it(police_action, manager_rob, now):
    saved = services.update_action(action=police_action, by=manager_rob, expected_version=1, now=now,
                                   success_measure="Audit shows 95%")
    assert saved.version == 2 and saved.changed_by == manager_rob
