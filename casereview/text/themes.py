"""Themes: tag an item with taxonomy ids, keeping the span of text that justified each tag.

The taxonomy (ids, labels, definitions, cue patterns) lives in `data/taxonomy.json`,
a machine-readable copy of the shared taxonomy.md; the ids are a contract. Tagging is
deliberately rule-based and explainable: a theme applies when one of its cue patterns
matches, the item satisfies the theme's `requires` pattern (when it has one), and no
`excludes` pattern matches in the same sentence. Precision matters as much as recall,
so cues are phrases that make an item *about* the theme, not single loose words.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources as importlib_resources

_SENTENCE_BOUNDARY_RE = re.compile(r"(?<=[.!?;])\s+")


@dataclass(frozen=True)
class ThemeTag:
    """A theme on an item and the evidence for it: `evidence == item_text[start:end]`."""

    theme: str
    evidence: str
    start: int
    end: int


@dataclass(frozen=True)
class Cue:
    """A cue pattern with optional conditions of its own (same semantics as the theme's)."""

    pattern: str
    requires: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Theme:
    """One taxonomy entry with its compiled cue patterns."""

    id: str
    label: str
    group: str
    definition: str
    cues: tuple[Cue, ...]
    requires: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()
    implies: tuple[str, ...] = ()

    @property
    def require_patterns(self) -> tuple[re.Pattern[str], ...]:
        return _compile(self.requires)

    @property
    def exclude_patterns(self) -> tuple[re.Pattern[str], ...]:
        return _compile(self.excludes)


@lru_cache(maxsize=2048)
def _compile(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(pattern, re.IGNORECASE) for pattern in patterns)


@lru_cache(maxsize=1)
def _taxonomy_data() -> dict:
    path = importlib_resources.files("casereview.text").joinpath("data/taxonomy.json")
    return json.loads(path.read_text(encoding="utf-8"))


def load_taxonomy() -> list[Theme]:
    """All themes, in taxonomy order."""
    return list(_load_taxonomy_tuple())


@lru_cache(maxsize=1)
def _load_taxonomy_tuple() -> tuple[Theme, ...]:
    themes = []
    for entry in _taxonomy_data()["themes"]:
        themes.append(
            Theme(
                id=entry["id"],
                label=entry["label"],
                group=entry["group"],
                definition=entry["definition"],
                cues=tuple(_cue(cue) for cue in entry["cues"]),
                requires=tuple(entry.get("requires", ())),
                excludes=tuple(entry.get("excludes", ())),
                implies=tuple(entry.get("implies", ())),
            )
        )
    return tuple(themes)


def _cue(entry: str | dict) -> Cue:
    """A cue is a bare pattern or {"pattern", "requires", "excludes"}."""
    if isinstance(entry, str):
        return Cue(entry)
    return Cue(entry["pattern"], tuple(entry.get("requires", ())), tuple(entry.get("excludes", ())))


def theme_ids() -> list[str]:
    return [theme.id for theme in _load_taxonomy_tuple()]


def _sentence_bounds(text: str, position: int) -> tuple[int, int]:
    """Start and end of the sentence containing `position`."""
    start = 0
    for match in _SENTENCE_BOUNDARY_RE.finditer(text):
        if match.end() > position:
            return start, match.start()
        start = match.end()
    return start, len(text)


@dataclass(frozen=True)
class _CompiledCue:
    pattern: re.Pattern[str]
    requires: tuple[re.Pattern[str], ...]
    excludes: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class _CompiledTheme:
    """A theme's patterns compiled once; `any_cue` rejects most items in one scan."""

    theme: Theme
    any_cue: re.Pattern[str]
    requires: tuple[re.Pattern[str], ...]
    cues: tuple[_CompiledCue, ...]


@lru_cache(maxsize=1)
def _compiled_taxonomy() -> tuple[_CompiledTheme, ...]:
    compiled = []
    for theme in _load_taxonomy_tuple():
        cues = tuple(
            _CompiledCue(
                re.compile(cue.pattern, re.IGNORECASE),
                _compile(cue.requires),
                theme.exclude_patterns + _compile(cue.excludes),
            )
            for cue in theme.cues
        )
        any_cue = re.compile("|".join(f"(?:{cue.pattern})" for cue in theme.cues), re.IGNORECASE)
        compiled.append(_CompiledTheme(theme, any_cue, theme.require_patterns, cues))
    return tuple(compiled)


def _first_valid_match(compiled: _CompiledTheme, text: str) -> re.Match[str] | None:
    """Earliest cue match whose item satisfies `requires` and whose sentence has no `excludes`."""
    if not compiled.any_cue.search(text):
        return None
    if compiled.requires and not any(pattern.search(text) for pattern in compiled.requires):
        return None
    best: re.Match[str] | None = None
    for cue in compiled.cues:
        if cue.requires and not any(pattern.search(text) for pattern in cue.requires):
            continue
        for match in cue.pattern.finditer(text):
            if best is not None and match.start() >= best.start():
                break
            s_start, s_end = _sentence_bounds(text, match.start())
            sentence = text[s_start:s_end]
            if any(ex.search(sentence) for ex in cue.excludes):
                continue
            best = match
            break
    return best


def tag_themes(text: str) -> list[ThemeTag]:
    """Themes an item is about, each with the earliest span that justified it.

    Implied themes (coercive control implies domestic abuse) reuse the span of the
    theme that implied them, so every tag still points at its evidence.
    """
    tags: dict[str, ThemeTag] = {}
    themes = _load_taxonomy_tuple()
    for compiled in _compiled_taxonomy():
        match = _first_valid_match(compiled, text)
        if match is not None:
            tags[compiled.theme.id] = ThemeTag(compiled.theme.id, match.group(0), match.start(), match.end())
    for theme in themes:
        if theme.id in tags:
            for implied in theme.implies:
                if implied not in tags:
                    tag = tags[theme.id]
                    tags[implied] = ThemeTag(implied, tag.evidence, tag.start, tag.end)
    order = {theme_id: index for index, theme_id in enumerate(theme_ids())}
    return sorted(tags.values(), key=lambda tag: (tag.start, order.get(tag.theme, 999)))
