"""Extension points other apps register into from their AppConfig.ready().

Navigation items and dashboard panels are declared by the app that owns them,
so the core layout never imports safeguarding data itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str
    order: int = 50


@dataclass(frozen=True)
class DashboardPanel:
    """`render(request)` returns (template_name, context) or None when the panel has nothing to show."""

    key: str
    permission: str
    render: Callable[[Any], tuple[str, dict[str, Any]] | None]
    order: int = 50


NAV_ITEMS: list[NavItem] = []
DASHBOARD_PANELS: list[DashboardPanel] = []


def register_nav(item: NavItem) -> None:
    if all(existing.url_name != item.url_name for existing in NAV_ITEMS):
        NAV_ITEMS.append(item)
        NAV_ITEMS.sort(key=lambda i: i.order)


def register_panel(panel: DashboardPanel) -> None:
    if all(existing.key != panel.key for existing in DASHBOARD_PANELS):
        DASHBOARD_PANELS.append(panel)
        DASHBOARD_PANELS.sort(key=lambda p: p.order)


@dataclass(frozen=True)
class Cleanup:
    """`run(now)` removes what has expired and returns counts by kind (keys of `cleanup_uploads --json`)."""

    key: str
    run: Callable[[Any], dict[str, int]]


CLEANUPS: list[Cleanup] = []


def register_cleanup(cleanup: Cleanup) -> None:
    if all(existing.key != cleanup.key for existing in CLEANUPS):
        CLEANUPS.append(cleanup)


def run_cleanups(now) -> dict[str, int]:
    """Every app's cleanup, in registration order; their counts in one dict."""
    counts: dict[str, int] = {}
    for cleanup in CLEANUPS:
        counts.update(cleanup.run(now))
    return counts
