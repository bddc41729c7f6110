"""The theme taxonomy as the library uses it: ids, labels and groups from the text engine's copy."""

from __future__ import annotations

from functools import lru_cache

from casereview.text.themes import load_taxonomy


@lru_cache(maxsize=1)
def themes() -> dict[str, tuple[str, str]]:
    """theme id -> (label, group), in taxonomy order."""
    return {theme.id: (theme.label, theme.group) for theme in load_taxonomy()}


def theme_label(theme_id: str) -> str:
    return themes().get(theme_id, (theme_id, ""))[0]


def is_theme(theme_id: str) -> bool:
    return theme_id in themes()
