from django.urls import reverse

from casereview.reviews.models import Review
from casereview.reviews.selectors import SECTIONS


def _every_section(client, review) -> str:
    """The review's pages the user may open, as one text (the links now live on their sections)."""
    pages = [client.get(reverse(url, args=[review.pk])) for _key, _label, url in SECTIONS]
    return "".join(p.content.decode() for p in pages if p.status_code == 200)


def test_manager_rob_finds_the_chronology_action_plan_report_and_briefings_from_the_review(client_for, manager_rob, db):
    from django.core.management import call_command

    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    review = Review.objects.get(reference="SCR-2019-001")
    manager = review.partnership.users.get(username="manager")
    html = _every_section(client_for(manager), review)
    for name in ("chronology:integrated", "actions:review_plan", "actions:review_report"):
        assert reverse(name, args=[review.pk]) in html
    assert reverse("publishing:list") in html


def test_police_claire_is_offered_her_own_submission_but_not_the_integrated_chronology(client_for, db):
    from django.core.management import call_command

    from casereview.accounts.models import User

    call_command("demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    review = Review.objects.get(reference="SCR-2019-001")
    police = User.objects.get(username="police")
    html = _every_section(client_for(police), review)
    assert reverse("chronology:submission", args=[review.pk]) in html
    assert f'href="{reverse("chronology:integrated", args=[review.pk])}"' not in html
    assert reverse("actions:review_report", args=[review.pk]) not in html
