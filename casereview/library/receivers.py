"""The library's side of the signals the reviews layer offers (casereview.reviews.signals).

Publishing sends them inside its transaction; these receivers do the library's
work in the same transaction, so if the library cannot take a briefing, the
briefing is not published either.
"""

from __future__ import annotations

from casereview.library import services


def on_briefing_published(sender, *, review, version, title, learning_points, recommendations, published_at, by, now,
                          **_kwargs) -> None:
    services.ingest_published_briefing(
        review=review, version=version, title=title, learning_points=learning_points,
        recommendations=recommendations, published_at=published_at, by=by, now=now,
    )


def on_briefing_withdrawn(sender, *, review, version, reason, by, now, **_kwargs) -> None:
    services.remove_published_review(review=review, version=version, reason=reason, by=by, now=now)
