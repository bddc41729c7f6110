"""Who sees what: an agency uploads and sees only its own submission; the review team sees the integrated chronology."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casereview.chronology.models import Entry
from casereview.core.roles import Role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uploads_in_tmp")]


@pytest.fixture
def loaded(import_as, police_claire, health_tom, police, health_visiting, agency_files, review):
    import_as(police_claire, police, agency_files["police"])
    import_as(health_tom, health_visiting, agency_files["health"])
    return review


def integrated(review) -> str:
    return reverse("chronology:integrated", args=[review.pk])


@pytest.mark.parametrize(
    "persona, status",
    [
        ("admin_asha", 200),
        ("manager_rob", 200),
        ("reviewer_helen", 200),
        ("panel_dev", 200),
        ("police_claire", 403),
        ("board_margaret", 403),
        ("auditor_ian", 403),
    ],
)
def test_only_the_review_team_sees_the_integrated_chronology(loaded, client_for, request, persona, status):
    response = client_for(request.getfixturevalue(persona)).get(integrated(loaded))
    assert response.status_code == status


def test_a_reviewer_not_assigned_to_the_review_gets_not_found(loaded, client_for, partnership):
    from casereview.accounts.models import User

    other = User.objects.create(username="sam", role=Role.INDEPENDENT_REVIEWER, partnership=partnership)
    assert client_for(other).get(integrated(loaded)).status_code == 404


def test_police_contributor_sees_only_the_police_submission_even_when_asking_for_health(loaded, client_for, police_claire, health_visiting):
    url = reverse("chronology:submission", args=[loaded.pk]) + f"?agency={health_visiting.pk}"
    response = client_for(police_claire).get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Police called to domestic incident" in page
    assert "Health visitor home visit" not in page and "weight on 9th centile" not in page


def test_a_contributor_whose_agency_is_not_taking_part_cannot_open_the_review(loaded, client_for, partnership):
    from casereview.accounts.models import Agency, User

    school = Agency.objects.create(partnership=partnership, name="Northshire Primary", kind="education")
    teacher = User.objects.create(username="jo", role=Role.AGENCY_CONTRIBUTOR, partnership=partnership, agency=school)
    assert client_for(teacher).get(reverse("chronology:submission", args=[loaded.pk])).status_code == 404


def test_health_contributor_upload_goes_to_health_whatever_agency_the_form_names(review, client_for, health_tom, police, health_visiting, agency_files):
    with agency_files["health"].open("rb") as handle:
        response = client_for(health_tom).post(
            reverse("chronology:submission", args=[review.pk]) + f"?agency={police.pk}", {"agency": police.pk, "file": handle}
        )
    assert response.status_code == 302
    assert set(Entry.objects.values_list("agency", flat=True)) == {health_visiting.pk}


@pytest.mark.parametrize("persona", ["board_margaret", "auditor_ian", "reviewer_helen", "panel_dev"])
def test_roles_that_do_not_submit_cannot_open_the_upload_page(review, client_for, request, persona):
    url = reverse("chronology:submission", args=[review.pk])
    assert client_for(request.getfixturevalue(persona)).get(url).status_code == 403


@pytest.mark.parametrize("persona, status", [("panel_dev", 403), ("police_claire", 403), ("reviewer_helen", 200)])
def test_only_analysing_roles_add_episodes(review, client_for, request, persona, status):
    url = reverse("chronology:episode_new", args=[review.pk])
    assert client_for(request.getfixturevalue(persona)).get(url).status_code == status


@pytest.mark.parametrize("persona, status", [("police_claire", 403), ("board_margaret", 403), ("panel_dev", 200)])
def test_exports_are_for_the_review_team(loaded, client_for, request, persona, status):
    url = reverse("chronology:export_csv", args=[loaded.pk])
    assert client_for(request.getfixturevalue(persona)).get(url).status_code == status
