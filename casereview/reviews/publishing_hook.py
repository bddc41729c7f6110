"""The one place the reviews app asks the publishing app whether a review may be published.

The publishing app owns the anonymisation gate (`casereview.publishing.gate.check_publishable`).
Importing it lazily keeps the reviews app usable and testable on its own; tests
replace `load_checker` with a fake.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def load_checker() -> Callable[[Any], Any] | None:
    """`check_publishable` from the publishing app, or None when that module is not installed."""
    try:
        module = importlib.import_module("casereview.publishing.gate")
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.startswith("casereview.publishing"):
            return None
        raise
    return getattr(module, "check_publishable", None)


def publish_problems(review) -> list[str]:
    """Sentences saying why the gate refuses `review`; empty when it passes or no gate is installed.

    Accepts the gate's result object (`.ok`, `.problems`) or a plain list of problems.
    """
    checker = load_checker()
    if checker is None:
        return []
    result = checker(review)
    if isinstance(result, (list, tuple)):
        return [str(p) for p in result]
    if getattr(result, "ok", False):
        return []
    problems = [str(p) for p in (getattr(result, "problems", None) or [])]
    return problems or ["The publishing gate refused this review: open Publishing to see why."]
