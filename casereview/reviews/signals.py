"""Signals the reviews layer offers to the apps above it (publishing sends, library listens).

Publishing and the library are peers and never import each other: publishing
sends these with plain values, the library connects to them in its
AppConfig.ready(). Receivers run synchronously inside the sender's transaction,
so a receiver that raises rolls the publication (or withdrawal) back.

briefing_published: sent when a briefing of `review` is published.
    review, version (int), title (str), learning_points and recommendations
    (lists of str: the gated text, one item per paragraph), published_at
    (datetime), by (user), now (datetime).
briefing_withdrawn: sent when the published briefing of `review` is withdrawn
    and no other version of it stays public.
    review, version (int), reason (str), by (user), now (datetime).
"""

from __future__ import annotations

from django.dispatch import Signal

briefing_published = Signal()
briefing_withdrawn = Signal()
