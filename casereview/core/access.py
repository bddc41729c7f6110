"""The single permission layer: deny by default.

Each app declares the capabilities it needs in `<app>/permissions.py` as
`PERMISSIONS = {"name": {roles...}}`; this module merges them. Views declare
their capability with `@requires("name")`, which runs before any lookup so an
unauthorised role gets 403 without learning whether an object exists; the
URL-walking test reads the declaration from every view. Object-level rules
(assigned reviews, one's own agency) live in each app's `access.py`
(`access_review(user, pk)` ...), built on `can()`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.apps import apps
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied

from casereview.core.roles import AGENCY_BOUND_ROLES, Role

PUBLIC = "public"  # declared by views anyone may open (login page, health check)
AUTHENTICATED = "authenticated"  # any signed-in user, whatever the role

_registry: dict[str, frozenset[str]] | None = None


def _load_registry() -> dict[str, frozenset[str]]:
    merged: dict[str, frozenset[str]] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("casereview."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.permissions")
        except ModuleNotFoundError as exc:
            if exc.name == f"{config.name}.permissions":
                continue
            raise
        for name, roles in module.PERMISSIONS.items():
            if name in merged:
                raise RuntimeError(f"permission {name!r} declared twice (second time in {config.name})")
            merged[name] = frozenset(Role(r).value for r in roles)
    return merged


def permissions() -> dict[str, frozenset[str]]:
    global _registry
    if _registry is None:
        _registry = _load_registry()
    return _registry


def roles_for(permission: str) -> frozenset[str]:
    if permission == AUTHENTICATED:
        return frozenset(r.value for r in Role)
    try:
        return permissions()[permission]
    except KeyError:
        raise KeyError(f"unknown permission {permission!r}: declare it in an app's permissions.py") from None


def can(user: Any, permission: str) -> bool:
    """Whether `user` holds `permission` by role. Inactive and anonymous users hold nothing."""
    if permission == PUBLIC:
        return True
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.role in roles_for(permission)


def require(user: Any, permission: str) -> None:
    if not can(user, permission):
        raise PermissionDenied(f"Your role cannot {permission.replace('.', ' ')}.")


def own_agency(user: Any) -> Any:
    """The one agency a user acts for when their role is bound to an agency; None for partnership-wide roles."""
    return user.agency if getattr(user, "role", None) in AGENCY_BOUND_ROLES else None


def requires(permission: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare and enforce the capability a view needs."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if permission != PUBLIC:
                require(request.user, permission)
            return view(request, *args, **kwargs)

        wrapper.required_permission = permission  # type: ignore[attr-defined]
        return login_not_required(wrapper) if permission == PUBLIC else wrapper

    return decorate


def required_permission(view: Callable[..., Any]) -> str | None:
    """The declaration on a view (following class-based view wrappers), or None."""
    for candidate in (view, getattr(view, "view_class", None), getattr(view, "__wrapped__", None)):
        perm = getattr(candidate, "required_permission", None)
        if perm:
            return perm
    return None
