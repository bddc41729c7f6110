"""Themes on a review's findings: choices, suggestions from the text engine, and checking.

Labels and ids come from the text engine's taxonomy (casereview.text.themes), the one
machine-readable copy of the contract in taxonomy.md.
"""

from __future__ import annotations

from casereview.core.refusals import Refused
from casereview.text.themes import is_theme, tag_themes, theme_labels


def theme_choices() -> list[tuple[str, str]]:
    """(id, label) of every theme, in taxonomy order."""
    return list(theme_labels().items())


def suggest_themes(text: str) -> list[dict[str, str]]:
    """Themes the text engine would tag `text` with, as {"theme", "evidence"}."""
    if not text.strip():
        return []
    return [{"theme": t.theme, "evidence": t.evidence} for t in tag_themes(text)]


def clean_themes(themes) -> list[dict[str, str]]:
    """Normalise a list of theme ids or {"theme", "evidence"} dicts; refuse unknown ids."""
    out: dict[str, dict[str, str]] = {}
    for entry in themes or []:
        theme, evidence = (entry, "") if isinstance(entry, str) else (entry.get("theme"), entry.get("evidence", ""))
        if not is_theme(theme):
            raise Refused(f"'{theme}' is not a theme of the taxonomy: choose themes from the list.", "themes")
        out.setdefault(theme, {"theme": theme, "evidence": str(evidence or "")})
    return list(out.values())
