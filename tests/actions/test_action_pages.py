"""The action pages as people use them: set, progress, evidence, complete, verify, close, and who may do what."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casereview.actions import services
from casereview.actions.models import Action, Status


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"


def detail(action):
    return reverse("actions:detail", args=[action.pk])


def test_a_manager_adds_an_action_to_a_recommendation_from_the_plan(client_for, manager_rob, recommendation, police):
    client = client_for(manager_rob)
    plan = client.get(reverse("actions:review_plan", args=[recommendation.review_id]))
    assert "Add an action" in plan.content.decode()
    response = client.post(reverse("actions:add", args=[recommendation.pk]), {
        "description": "Audit strategy meetings", "owner_agency": police.pk, "owner": "",
        "due_date": "2027-03-31", "success_measure": "Audit shows 90%"})
    action = Action.objects.get()
    assert response.status_code == 302 and response["Location"] == detail(action)
    assert "Action R1.1 set." in client.get(detail(action)).content.decode()


def test_adding_an_action_without_a_success_measure_says_what_to_enter(client_for, manager_rob, recommendation, police):
    response = client_for(manager_rob).post(reverse("actions:add", args=[recommendation.pk]), {
        "description": "Audit", "owner_agency": police.pk, "due_date": "2027-03-31", "success_measure": ""})
    assert "Enter what evidence will show the action worked" in response.content.decode()
    assert not Action.objects.exists()


def test_an_agency_contributor_records_progress_adds_evidence_and_completes(client_for, police_claire, police_action):
    client = client_for(police_claire)
    client.post(reverse("actions:progress", args=[police_action.pk]), {"progress-on": "2026-11-19", "progress-note": "Audit tool drafted"})
    client.post(reverse("actions:evidence", args=[police_action.pk]), {
        "evidence-description": "Audit report", "evidence-file": SimpleUploadedFile("audit.pdf", b"%PDF-1.4 audit")})
    response = client.post(reverse("actions:complete", args=[police_action.pk]), {"complete-note": "Audit done: 94%", "complete-version": 1})
    assert response.status_code == 302
    page = client.get(detail(police_action)).content.decode()
    assert "Audit tool drafted" in page and "audit.pdf" in page and "awaiting verification by a review manager" in page


def test_completing_without_evidence_is_refused_on_the_page(client_for, police_claire, police_action):
    response = client_for(police_claire).post(reverse("actions:complete", args=[police_action.pk]),
                                              {"complete-note": "Done", "complete-version": 1})
    assert response.status_code == 400
    assert "Add at least one evidence item before marking the action completed." in response.content.decode()
    police_action.refresh_from_db()
    assert police_action.status == Status.NOT_STARTED


def test_a_manager_verifies_and_the_action_turns_blue(client_for, police_claire, manager_rob, police_action, now):
    services.add_evidence(action=police_action, by=police_claire, description="Audit", url="https://e.example/a", now=now)
    done = services.complete_action(action=police_action, by=police_claire, note="Done", expected_version=1, now=now)
    client = client_for(manager_rob)
    client.post(reverse("actions:verify", args=[done.pk]), {"signoff-version": done.version})
    page = client.get(detail(done)).content.decode()
    assert "govuk-tag--blue" in page and "verified by Rob Hughes" in page


def test_closing_as_no_longer_required_waits_for_a_managers_approval(client, police_claire, manager_rob, police_action):
    client.force_login(police_claire)
    client.post(reverse("actions:request_closure", args=[police_action.pk]),
                {"closure-rationale": "Superseded by the county protocol", "closure-version": 1})
    page = client.get(detail(police_action)).content.decode()
    assert "awaiting a review manager's approval" in page and "Approve: no longer required" not in page
    assert client.post(reverse("actions:approve_closure", args=[police_action.pk]), {"signoff-version": 2}).status_code == 403
    client.force_login(manager_rob)
    client.post(reverse("actions:approve_closure", args=[police_action.pk]), {"signoff-version": 2})
    police_action.refresh_from_db()
    assert police_action.status == Status.NO_LONGER_REQUIRED


def test_the_second_editor_sees_who_changed_the_action_and_nothing_is_overwritten(client, police_claire, manager_rob,
                                                                                  police_action, police):
    form = {"description": "Audit strategy meetings", "owner_agency": police.pk, "owner": "",
            "success_measure": "Audit shows 90%", "version": 1}
    client.force_login(police_claire)
    client.post(reverse("actions:edit", args=[police_action.pk]), {**form, "due_date": "2027-04-30"})
    client.force_login(manager_rob)
    response = client.post(reverse("actions:edit", args=[police_action.pk]), {**form, "due_date": "2027-06-30"})
    page = response.content.decode()
    assert response.status_code == 400 and "Claire Dunn changed this action at" in page
    assert "Your changes have not been saved" in page
    police_action.refresh_from_db()
    assert police_action.due_date == dt.date(2027, 4, 30)


def test_an_agency_contributor_cannot_see_or_update_another_agencys_action(client_for, health_tom, police_action):
    client = client_for(health_tom)
    assert client.get(detail(police_action)).status_code == 404
    assert client.post(reverse("actions:progress", args=[police_action.pk]), {"progress-on": "2026-11-19", "progress-note": "x"}).status_code == 404
    assert police_action.pk not in [r.action.pk for r in client.get(reverse("actions:index")).context["rows"]]


def test_evidence_files_are_served_only_through_the_permissioned_view(client, police_claire, board_margaret,
                                                                      health_tom, police_action, now):
    item = services.add_evidence(action=police_action, by=police_claire, description="Audit", now=now,
                                 upload=SimpleUploadedFile("audit.pdf", b"%PDF-1.4 audit"))
    url = reverse("actions:download_evidence", args=[item.pk])
    client.force_login(police_claire)
    response = client.get(url)
    assert b"".join(response.streaming_content) == b"%PDF-1.4 audit"
    assert 'attachment; filename="audit.pdf"' in response["Content-Disposition"]
    client.force_login(board_margaret)
    assert client.get(url).status_code == 403
    client.force_login(health_tom)
    assert client.get(url).status_code == 404


def test_a_manager_imports_a_plan_and_sees_every_problem_when_it_is_refused(client_for, manager_rob, recommendation, police):
    client = client_for(manager_rob)
    bad = b"Recommendation,Action,Owner agency,Named owner,Due date,Success measure\n7,X,Police,,31/02/2027,Y\n"
    response = client.post(reverse("actions:import", args=[recommendation.review_id]),
                           {"file": SimpleUploadedFile("plan.csv", bad)})
    page = response.content.decode()
    assert "Nothing was imported: fix 2 problems" in page
    assert "plan.csv, row 2, column &#x27;Recommendation&#x27;: LCSPR-2026-003 has no recommendation 7" in page
    good = b"Recommendation,Action,Owner agency,Named owner,Due date,Success measure\n1,X,Police,,28/02/2027,Y\n"
    response = client.post(reverse("actions:import", args=[recommendation.review_id]),
                           {"file": SimpleUploadedFile("plan.csv", good)})
    assert response.status_code == 302 and Action.objects.count() == 1


def test_drifting_actions_appear_on_the_dashboard_and_the_drift_page(client_for, manager_rob, make_action):
    make_action(due_date=dt.date(2020, 1, 1))
    client = client_for(manager_rob)
    assert "1 action drifting" in client.get(reverse("dashboard:dashboard")).content.decode()
    assert "overdue" in client.get(reverse("actions:drift")).content.decode()


def test_escalation_history_shows_on_the_action_page(client_for, manager_rob, make_action, police_claire):
    from django.core.management import call_command

    action = make_action(due_date=dt.date(2026, 11, 1), owner=police_claire)
    call_command("escalate", "--today", "2026-11-20", stdout=io.StringIO())
    page = client_for(manager_rob).get(detail(action)).content.decode()
    assert "Escalation history" in page and "20/11/2026" in page and "Action owner" in page
    assert "Claire Dunn &lt;claire@example.org&gt;" in page


def test_a_manager_cannot_import_a_plan_over_the_spreadsheet_size_limit(client_for, manager_rob, recommendation, settings):
    settings.MAX_SPREADSHEET_BYTES = 1024
    plan = b"Recommendation,Action,Owner agency,Named owner,Due date,Success measure\n" + b"1,X,Police,,28/02/2027,Y\n" * 60
    response = client_for(manager_rob).post(reverse("actions:import", args=[recommendation.review_id]),
                                            {"file": SimpleUploadedFile("plan.csv", plan)})
    assert "The file must be smaller than 1 KB" in response.content.decode()
    assert not Action.objects.exists()


def test_a_manager_imports_a_plan_saved_as_windows_csv_with_semicolons(client_for, manager_rob, recommendation, police):
    plan = ("Recommendation;Action;Owner agency;Named owner;Due date;Success measure\r\n"
            "1;Brief staff on Zoë’s case – twice;Police;;28/02/2027;£0 cost\r\n").encode("cp1252")
    response = client_for(manager_rob).post(reverse("actions:import", args=[recommendation.review_id]),
                                            {"file": SimpleUploadedFile("plan.csv", plan)})
    assert response.status_code == 302
    assert Action.objects.get().description == "Brief staff on Zoë’s case – twice"
