"""The hook through which a higher app tells the reviews app whether a review may be published.

Reviews sit below publishing, so reviews never import the publishing app: the
publishing app registers its anonymisation gate here from its AppConfig.ready()
(`register_publication_check(check_publishable)`), and the workflow asks
`publish_problems(review)` before a review moves to "published".

Publication fails closed: with no check registered, or when the check raises,
the review is not published and the person is told why.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

logger = logging.getLogger(__name__)

PublicationCheck = Callable[[Any], Any]

NO_CHECK = ("No publishing gate is installed, so nothing can be published: "
            "ask the system administrator to enable the publishing app.")
CHECK_FAILED = ("The publishing gate could not check this review because of an error, so it has not been published. "
                "Try again; if it happens again, tell the system administrator.")

_check: PublicationCheck | None = None


def register_publication_check(check: PublicationCheck | None) -> PublicationCheck | None:
    """Make `check(review)` the one publication check; returns the one it replaces (None clears it).

    The check returns an object with `.ok` and `.problems` (sentences), or a plain list of problems.
    """
    global _check
    previous, _check = _check, check
    return previous


def registered_publication_check() -> PublicationCheck | None:
    return _check


def publish_problems(review) -> list[str]:
    """Sentences saying why `review` may not be published; empty only when the registered check passes it."""
    check = _check
    if check is None:
        return [NO_CHECK]
    try:
        result = check(review)
        if isinstance(result, (list, tuple)):
            return [str(p) for p in result]
        if getattr(result, "ok", False) is True:
            return []
        problems = [str(p) for p in (getattr(result, "problems", None) or [])]
    except Exception:
        logger.exception("The publication check failed for review %s", getattr(review, "pk", None))
        return [CHECK_FAILED]
    return problems or ["The publishing gate refused this review: open Publishing to see why."]
