"""The one place the reviews app asks the publishing app whether a review may be published.

The publishing app owns the anonymisation gate (`casereview.publishing.gate.check_publishable`).
The import is lazy (the two apps import each other's models) and fails closed: if the
gate cannot be loaded, nothing is published. Tests replace `load_checker` with a fake.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def load_checker() -> Callable[[Any], Any]:
    from casereview.publishing.gate import check_publishable

    return check_publishable


def publish_problems(review) -> list[str]:
    """Sentences saying why the gate refuses `review`; empty only when it passes.

    Accepts the gate's result object (`.ok`, `.problems`) or a plain list of problems.
    """
    result = load_checker()(review)
    if isinstance(result, (list, tuple)):
        return [str(p) for p in result]
    if getattr(result, "ok", False):
        return []
    problems = [str(p) for p in (getattr(result, "problems", None) or [])]
    return problems or ["The publishing gate refused this review: open Publishing to see why."]
