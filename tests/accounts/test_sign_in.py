import pytest
from django.urls import reverse

from casereview.accounts import services
from casereview.audit.models import AuditEvent
from casereview.core.refusals import Refused
from casereview.core.roles import Role
from tests.conftest import PASSWORD


def test_the_login_page_is_a_gov_uk_page_with_a_skip_link(client, db):
    html = client.get(reverse("accounts:login")).content.decode()
    assert "Sign in to CaseReview" in html
    assert 'class="govuk-skip-link"' in html and "govuk-phase-banner" in html and "govuk-footer" in html


def test_manager_rob_signs_in_and_lands_on_his_dashboard(client, manager_rob):
    response = client.post(reverse("accounts:login"), {"username": "rob", "password": PASSWORD}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("dashboard:dashboard")
    assert "Rob Hughes" in html and "Review manager" in html
    assert AuditEvent.objects.filter(action="auth.sign_in", actor=manager_rob).count() == 1


def test_a_wrong_password_is_refused_with_a_message(client, manager_rob):
    response = client.post(reverse("accounts:login"), {"username": "rob", "password": "nope"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_signing_out_ends_the_session(client_for, manager_rob):
    client = client_for(manager_rob)
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("dashboard:dashboard")).status_code == 302


def test_police_claire_changes_her_password_and_it_is_audited(client_for, police_claire):
    client = client_for(police_claire)
    new = "a-much-longer-passphrase-2026"
    response = client.post(reverse("accounts:password_change"),
                           {"old_password": PASSWORD, "new_password1": new, "new_password2": new})
    assert response.status_code == 302
    police_claire.refresh_from_db()
    assert police_claire.check_password(new)
    assert AuditEvent.objects.filter(action="auth.password_change", actor=police_claire).exists()


def test_a_short_new_password_is_refused(client_for, police_claire):
    client = client_for(police_claire)
    response = client.post(reverse("accounts:password_change"),
                           {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"})
    assert response.status_code == 200 and "too short" in response.content.decode()


def test_an_agency_contributor_must_be_bound_to_an_agency(partnership):
    with pytest.raises(Refused, match="agency"):
        services.create_user(username="x", password=None, role=Role.AGENCY_CONTRIBUTOR, partnership=partnership)


def test_creating_a_user_is_audited_with_their_role(partnership, police, admin_asha):
    user = services.create_user(username="newbie", password=PASSWORD, role=Role.AGENCY_CONTRIBUTOR,
                                partnership=partnership, agency=police, by=admin_asha)
    event = AuditEvent.objects.get(action="user.create", object_id=str(user.pk))
    assert event.actor == admin_asha and event.changes == {"role": "agency_contributor", "agency": "Northshire Police"}


def test_board_margaret_sees_the_agencies_of_her_partnership(client_for, board_margaret, police, health_visiting):
    html = client_for(board_margaret).get(reverse("accounts:agencies")).content.decode()
    assert "Northshire Police" in html and "Northshire Community Health" in html


def test_sign_in_is_still_audited_after_garbage_collection(client, manager_rob):
    import gc

    gc.collect()
    client.post(reverse("accounts:login"), {"username": "rob", "password": PASSWORD})
    assert AuditEvent.objects.filter(action="auth.sign_in", actor=manager_rob).count() == 1
