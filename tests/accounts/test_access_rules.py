"""Every URL, every role: the declared access rules hold.

Walks the whole URL configuration. Each view must declare the permission it
needs (`@requires`); a role without it gets 403 before any lookup, so it cannot
learn whether an object exists; anonymous visitors are sent to sign in.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from casereview.core.access import AUTHENTICATED, PUBLIC, required_permission, roles_for
from casereview.core.roles import Role

DUMMY = {"int": "987654", "str": "zz-missing", "slug": "zz-missing", "path": "zz/missing",
         "uuid": "00000000-0000-0000-0000-000000000000"}


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue  # Django admin has its own guard, tested below
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def _concrete(route: str, pattern: URLPattern) -> str:
    converters = getattr(pattern.pattern, "converters", {})
    path = route
    for name, conv in converters.items():
        kind = type(conv).__name__.replace("Converter", "").lower()
        value = {"integer": DUMMY["int"], "int": DUMMY["int"]}.get(kind, DUMMY.get(kind, DUMMY["str"]))
        for token in (f"<{kind}:{name}>", f"<int:{name}>", f"<str:{name}>", f"<slug:{name}>", f"<path:{name}>",
                      f"<uuid:{name}>", f"<{name}>"):
            path = path.replace(token, value)
    return "/" + path.lstrip("^").rstrip("$")


ROUTES = sorted({route: pattern for route, pattern in _walk(get_resolver().url_patterns)}.items())


def test_every_view_declares_who_may_use_it():
    undeclared = [route for route, pattern in ROUTES if required_permission(pattern.callback) is None]
    assert undeclared == [], f"views without @requires(...): {undeclared}"


@pytest.mark.parametrize(("route", "pattern"), ROUTES, ids=[r for r, _ in ROUTES])
def test_each_role_gets_exactly_what_the_declared_rule_allows(route, pattern, personas, client):
    permission = required_permission(pattern.callback)
    url = _concrete(route, pattern)
    allowed = {r.value for r in Role} if permission in (PUBLIC, AUTHENTICATED) else roles_for(permission)
    for role, user in personas.items():
        client.force_login(user)
        response = client.get(url)
        if role.value in allowed:
            assert response.status_code != 500, f"{role} on {url}"
            if "<" not in route:
                assert response.status_code != 403, f"{role.label} should reach {url} ({permission})"
        else:
            assert response.status_code == 403, f"{role.label} must be refused {url} ({permission}), got {response.status_code}"
        client.logout()


@pytest.mark.parametrize(("route", "pattern"), ROUTES, ids=[r for r, _ in ROUTES])
def test_anonymous_visitors_are_sent_to_sign_in_except_on_public_pages(route, pattern, client, db):
    url = _concrete(route, pattern)
    response = client.get(url)
    if required_permission(pattern.callback) == PUBLIC:
        assert not (response.status_code == 302 and reverse("accounts:login") in response["Location"])
    else:
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


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
    from casereview.core.access import can

    admin_asha.is_active = False
    assert not can(admin_asha, "audit.view")


def test_only_the_most_specific_navigation_link_is_marked_current(client_for, manager_rob):
    html = client_for(manager_rob).get("/reviews/figures/").content.decode()
    assert html.count('aria-current="page"') == 1
    current = html.split('aria-current="page"')[1][:120]
    assert "Figures" in current
