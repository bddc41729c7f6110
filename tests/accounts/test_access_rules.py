"""Every URL, every role: the declared access rules hold, on real objects of the demo.

Walks the whole URL configuration over the loaded demo (Oliver's review SCR-2019-001, its
actions, briefings, chronology, Leo's agency requests, the library). Each view declares the
permission it needs (`@requires`). A demo user whose role holds it, and who may see the object,
gets the page (200, or the status demo_urls.CASES documents); a role without it gets 403 before
any lookup, on GET and on POST, and a refused POST changes nothing. Anonymous visitors are sent
to sign in. Each URL name is one test case; every role's result is collected and reported together.
"""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from casereview.core.access import AUTHENTICATED, PUBLIC, can, required_permission
from casereview.core.roles import Role
from tests.accounts.demo_urls import CASES, HTML, plausible_body


def _walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue  # Django admin has its own guard, tested below
            yield from _walk(entry.url_patterns, f"{entry.namespace}:" if entry.namespace else namespace)
        elif isinstance(entry, URLPattern):
            yield namespace + entry.name, entry


ROUTES = dict(sorted(_walk(get_resolver().url_patterns)))
NAMES = list(ROUTES)
OUR_APPS = [c.label for c in apps.get_app_configs() if c.name.startswith("casereview.")]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, loaded once for this module inside a transaction rolled back at the end."""
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("uploads")):
        with transaction.atomic():
            call_command("demo", stdout=io.StringIO())
            yield _demo_objects()
            transaction.set_rollback(True)


def _demo_objects() -> SimpleNamespace:
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from casereview.accounts.models import Agency, User
    from casereview.actions.models import Action, Evidence
    from casereview.chronology.models import DuplicateLink, Entry, Episode
    from casereview.library import batches
    from casereview.library.models import LibraryEntry, LibraryItem
    from casereview.publishing import services as publishing
    from casereview.publishing.models import Briefing, BriefingStatus
    from casereview.reviews import services as reviews
    from casereview.reviews.models import AgencyRequest, Review
    from tests.reviews.conftest import PDF

    now = timezone.now()
    users = {u.username: u for u in User.objects.filter(username__in=["admin", "manager", "reviewer", "panel", "police",
                                                                         "health", "board", "auditor"])}
    oliver = Review.objects.get(reference="SCR-2019-001")
    leo = Review.objects.get(pseudonym="Leo")
    requests = list(AgencyRequest.objects.filter(participating_agency__review=leo).select_related("participating_agency")
                    .order_by("pk"))
    police_request = next(r for r in requests if r.participating_agency.agency.short_name == "Police")
    d = SimpleNamespace(
        users=users, agencies={a.short_name: a for a in Agency.objects.filter(partnership=oliver.partnership)},
        oliver=oliver, decision=oliver.decisions.first(), identifier=oliver.restricted_identifiers.first(),
        membership=oliver.memberships.first(), participation=oliver.participating_agencies.first(),
        recommendation=oliver.recommendations.order_by("number").first(),
        learning_point=oliver.learning_points.order_by("number").first(),
        single_agency=list(oliver.single_agency_recommendations.order_by("pk")),
        requests=[SimpleNamespace(pk=r.pk, agency_id=r.participating_agency.agency_id) for r in requests],
        actions=[SimpleNamespace(pk=a.pk, agency_id=a.owner_agency_id) for a in Action.objects.filter(review=oliver).order_by("pk")],
        evidence=[SimpleNamespace(pk=e.pk, agency_id=e.action.owner_agency_id)
                  for e in Evidence.objects.filter(action__review=oliver).exclude(file="").select_related("action").order_by("pk")],
        entry=Entry.objects.filter(review=oliver, is_current=True).order_by("pk").first(),
        episode=Episode.objects.filter(review=oliver).order_by("pk").first(),
        duplicate=DuplicateLink.objects.filter(review=oliver).order_by("pk").first(),
        library_entry=LibraryEntry.objects.order_by("pk").first(), library_item=LibraryItem.objects.order_by("pk").first(),
        published=Briefing.objects.get(review=oliver, status=BriefingStatus.PUBLISHED, kind="practitioner"),
        # Not in the demo, made here the way a user would: Police's report for Leo's review, the
        # manager's calendar address, and a new draft of Oliver's briefing.
        document=reviews.upload_document(request=police_request, name="imr.pdf", data=PDF, by=users["police"], now=now),
        feed=reviews.issue_calendar_feed(user=users["manager"], now=now),
        draft=publishing.create_briefing_from_review(review=oliver, by=users["manager"], now=now),
        batch=batches.create_batch(files=[ContentFile(b"Learning points\n1. Listen to the child.\n", name="a.txt")],
                                   by=users["manager"], now=now),
    )
    missing = [k for k, v in vars(d).items() if v is None or v == []]
    assert not missing, f"the demo no longer holds {missing}: update tests/accounts/demo_urls.py"
    d.pending_token = lambda user: _pending_upload(d, user)
    d.report_file = lambda user: _report_file(d, user)
    return d


def _report_file(d, user) -> int:
    """A board report PDF asked for by `user` (only its requester may fetch it), or by the admin for a user who may not."""
    from django.utils import timezone

    from casereview.actions.report_files import request_pdf

    asker = user if user is not None and can(user, "actions.agency_report") else d.users["admin"]
    return request_pdf(kind="board", by=asker, today=timezone.localdate(), now=timezone.now()).pk


def _pending_upload(d, user) -> str:
    """Upload a chronology whose columns need mapping, as `user` in the walk's client; the mapping page's token."""
    client = d.session_client if user is not None and can(user, "chronology.submit") else _signed_in(d.users["admin"])
    upload = io.BytesIO(b"Colour,Shape\nred,square\nblue,circle\n")
    upload.name = "unmapped.csv"
    response = client.post(reverse("chronology:submission", args=[d.oliver.pk]), {"file": upload, "sheet": ""})
    assert response.status_code == 302 and "/submission/map/" in response["Location"], (user, response.status_code)
    return response["Location"].rstrip("/").rsplit("/", 1)[1]


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _allowed(user, permission: str) -> bool:
    return permission in (PUBLIC, AUTHENTICATED) or can(user, permission)


def _snapshot() -> dict:
    """Row counts of every CaseReview table (audit events among them) and the state fields writes change."""
    from casereview.actions.models import Action
    from casereview.publishing.models import Briefing
    from casereview.reviews.models import Review

    counts = {m._meta.label: m._default_manager.count() for label in OUR_APPS for m in apps.get_app_config(label).get_models()}
    counts["review stages"] = list(Review.objects.order_by("pk").values_list("stage", flat=True))
    counts["action versions"] = list(Action.objects.order_by("pk").values_list("version", flat=True))
    counts["briefing states"] = list(Briefing.objects.order_by("pk").values_list("status", "version"))
    return counts


def _url(name: str, demo, user) -> str:
    if name not in CASES:
        pytest.fail(f"{name} is not in tests/accounts/demo_urls.CASES: say which demo object fills it and what a permitted user gets")
    demo.session_client = _signed_in(user) if user is not None else Client()
    return reverse(name, kwargs=CASES[name].args(demo, user))


def test_every_view_declares_who_may_use_it():
    undeclared = [name for name, pattern in ROUTES.items() if required_permission(pattern.callback) is None]
    assert undeclared == [], f"views without @requires(...): {undeclared}"


def test_the_url_table_names_every_url_and_nothing_else():
    assert sorted(set(ROUTES) - set(CASES)) == [], "add these URL names to tests/accounts/demo_urls.CASES"
    assert sorted(set(CASES) - set(ROUTES)) == [], "these URL names no longer exist: remove them from CASES"


@pytest.mark.parametrize("name", NAMES)
def test_each_demo_user_gets_exactly_what_the_declared_rule_allows(name, demo, db):
    case, permission = CASES.get(name), required_permission(ROUTES[name].callback)
    failures = []
    for username, user in demo.users.items():
        url = _url(name, demo, user)
        response = demo.session_client.get(url)
        if not _allowed(user, permission):
            expected = 403
        else:
            expected = 404 if username in case.hidden else case.get
        got_type = response.get("Content-Type", "")
        if response.status_code != expected:
            failures.append(f"{username} ({user.role}) GET {url}: {response.status_code}, expected {expected}")
        elif expected == 200 and not got_type.startswith(case.content_type):
            failures.append(f"{username} GET {url}: content type {got_type}, expected {case.content_type}")
        elif expected == 200 and case.content_type == HTML and b"</html>" not in response.content:
            failures.append(f"{username} GET {url}: not a whole page")
    assert not failures, f"{permission}:\n" + "\n".join(failures)


@pytest.mark.parametrize("name", NAMES)
def test_a_refused_post_is_403_and_changes_nothing(name, demo, db):
    case, permission = CASES.get(name), required_permission(ROUTES[name].callback)
    if permission == PUBLIC:
        pytest.skip("a public view refuses nobody")
    refused = [u for u in demo.users.values() if not _allowed(u, permission)] + [None]
    failures = []
    for user in refused:
        url = _url(name, demo, user)
        body = plausible_body(demo) | case.body(demo)
        before = _snapshot()
        response = demo.session_client.post(url, body)
        who = user.username if user else "anonymous"
        if user is None:
            sent_to_sign_in = response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
            if not sent_to_sign_in:
                failures.append(f"anonymous POST {url}: {response.status_code}, expected a redirect to sign in")
        elif response.status_code != 403:
            failures.append(f"{who} ({user.role}) POST {url}: {response.status_code}, expected 403")
        after = _snapshot()
        changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
        if changed:
            failures.append(f"{who} POST {url} changed {changed}")
    assert not failures, f"{permission}:\n" + "\n".join(failures)


@pytest.mark.parametrize("name", NAMES)
def test_anonymous_visitors_are_sent_to_sign_in_except_on_public_pages(name, demo, db):
    url = _url(name, demo, None)
    response = Client().get(url)
    sent_to_sign_in = response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    if required_permission(ROUTES[name].callback) == PUBLIC:
        assert not sent_to_sign_in, url
    else:
        assert sent_to_sign_in, f"{url}: {response.status_code}"


def test_only_partnership_admins_reach_django_admin(personas, client):
    for role, user in personas.items():
        client.force_login(user)
        response = client.get("/admin/")
        if role == Role.PARTNERSHIP_ADMIN:
            assert response.status_code == 200
        else:
            assert response.status_code == 302 and "/admin/login/" in response["Location"], role
        client.logout()


def test_an_inactive_user_holds_no_permission(admin_asha):
    admin_asha.is_active = False
    assert not can(admin_asha, "audit.view")


def test_only_the_most_specific_navigation_link_is_marked_current(client_for, manager_rob):
    html = client_for(manager_rob).get("/reviews/figures/").content.decode()
    assert html.count('aria-current="page"') == 1
    current = html.split('aria-current="page"')[1][:120]
    assert "Figures" in current
