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
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources as importlib_resources

try:  # Python 3.11+: the parser behind re.compile
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
    from re._constants import (  # type: ignore[attr-defined]
        AT,
        BRANCH,
        LITERAL,
        MAX_REPEAT,
        MIN_REPEAT,
        POSSESSIVE_REPEAT,
        SUBPATTERN,
    )
except ImportError:  # pragma: no cover - older Pythons
    import sre_parse as _sre_parse  # type: ignore[no-redef]
    from sre_constants import AT, BRANCH, LITERAL, MAX_REPEAT, MIN_REPEAT, SUBPATTERN  # type: ignore[no-redef]

    POSSESSIVE_REPEAT = MAX_REPEAT

#: A sentence boundary is the white space (group 1) after ".", "!", "?" or ";"; starting at the
#: mark lets the regex engine skip quickly to the next one.
_SENTENCE_BOUNDARY_RE = re.compile(r"[.!?;](\s+)")


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


# -- literal prefilter -------------------------------------------------------
#
# Most cue patterns cannot match most items, yet a regex search has to try every
# position. Each pattern's *requirements* are sets of lower-case ASCII strings (its
# *anchors*) such that every text the pattern matches contains at least one string of
# each set (read off the parsed pattern: its literal runs, through groups, alternations
# and repeats of at least one). All anchors of all patterns are found in one pass over
# the lower-cased item by an Aho-Corasick automaton (C, pyahocorasick), and a pattern
# is searched only when each of its requirements has an anchor present: the result is
# the same because the others could not have matched. Only ASCII items are prefiltered
# (case-insensitive matching of a few non-ASCII letters, such as the Kelvin sign,
# differs from str.lower()); others take the full path.

_MAX_ANCHORS = 24
#: Shorter strings ("c", "he") occur in almost every item: looking for them costs more than it saves.
_MIN_ANCHOR = 3
_REPEATS = (MAX_REPEAT, MIN_REPEAT, POSSESSIVE_REPEAT)


def _requirements(items) -> list[frozenset[str]]:  # noqa: ANN001 - a parsed sre sequence
    """Every known requirement of the parsed sequence: sets one string of which occurs in every match."""
    found: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            found.append(frozenset(["".join(run)]))
            run.clear()

    for op, arg in items:
        if op is LITERAL and arg < 128:
            run.append(chr(arg).lower())
            continue
        flush()
        if op is SUBPATTERN:
            found.extend(_requirements(arg[-1]))
        elif op in _REPEATS and arg[0] >= 1:
            found.extend(_requirements(arg[2]))
        elif op is BRANCH:
            found.extend(_branch_requirements(arg[1]))
    flush()
    return [group for group in found
            if len(group) <= _MAX_ANCHORS and all(len(anchor) >= _MIN_ANCHOR for anchor in group)]


_MAX_BRANCH_REQUIREMENTS = 32


def _branch_requirements(branches) -> list[frozenset[str]]:  # noqa: ANN001 - parsed sre sequences
    """Requirements of an alternation: (A1 and A2 ...) or (B1 and ...) implies (Ai or Bj) for every
    choice of one requirement per branch, so each such union is one. Too many choices: the union of
    each branch's most selective requirement alone (none if a branch has none)."""
    per_branch = [_requirements(branch) for branch in branches]
    if not all(per_branch):
        return []
    unions: list[frozenset[str]] = [frozenset()]
    for groups in per_branch:
        unions = [union | group for union in unions for group in groups]
        if len(unions) > _MAX_BRANCH_REQUIREMENTS:
            break
    else:
        return list(dict.fromkeys(unions))
    union: set[str] = set()
    for branch in branches:
        sub = _required(branch)
        if sub is None:
            return []
        union |= sub
    return [frozenset(union)]


def _required(items) -> frozenset[str] | None:  # noqa: ANN001 - a parsed sre sequence
    """The most selective requirement of the parsed sequence, or None if none is known."""
    usable = _requirements(items)
    if not usable:
        return None
    # Fewest alternatives, then the longest shortest string.
    return min(usable, key=lambda c: (min(len(a) for a in c) < 3, len(c), -min(len(a) for a in c)))


@lru_cache(maxsize=4096)
def _parsed(pattern: str):  # noqa: ANN202 - a parsed sre sequence, or None
    """The pattern as the regex parser reads it with IGNORECASE (once: prefilter and placing share it)."""
    try:
        return _sre_parse.parse(pattern, re.IGNORECASE)
    except Exception:  # noqa: BLE001 - an unparsable pattern just is not prefiltered
        return None


@lru_cache(maxsize=4096)
def _parsed_requirements(pattern: str) -> _Requirements:
    parsed = _parsed(pattern)
    return _Requirements(tuple(_requirements(parsed)) if parsed is not None else ())


@lru_cache(maxsize=4096)
def _anchors(pattern: str) -> frozenset[str] | None:
    """The most selective requirement of a pattern compiled with IGNORECASE, or None (always search)."""
    usable = _parsed_requirements(pattern).groups
    if not usable:
        return None
    return min(usable, key=lambda c: (min(len(a) for a in c) < 3, len(c), -min(len(a) for a in c)))


class _Requirements:
    """A pattern's prefilter: its requirements, split for a fast check (none: always searched)."""

    __slots__ = ("choices", "groups", "must")

    def __init__(self, groups: tuple[frozenset[str], ...]) -> None:
        self.groups = groups
        #: Requirements of one string: all of these must occur.
        self.must = frozenset(anchor for group in groups if len(group) == 1 for anchor in group)
        #: Requirements of several strings: one of each must occur.
        self.choices = tuple(group for group in groups if len(group) > 1)

    def allow(self, present: frozenset[str]) -> bool:
        if not self.must <= present:
            return False
        for group in self.choices:
            if group.isdisjoint(present):
                return False
        return True


def _leading_of(items) -> frozenset[str] | None:  # noqa: ANN001 - a parsed sre sequence
    """Strings one of which every match of the parsed sequence starts with, or None if not known."""
    run: list[str] = []
    for op, arg in items:
        if op is LITERAL and arg < 128:
            run.append(chr(arg).lower())
            continue
        if run:
            break
        if op is AT:
            continue  # a word boundary (or other position test) takes no text
        if op is SUBPATTERN:
            return _leading_of(arg[-1])
        if op in _REPEATS and arg[0] >= 1:
            return _leading_of(arg[2])
        if op is BRANCH:
            union: set[str] = set()
            for branch in arg[1]:
                sub = _leading_of(branch)
                if sub is None:
                    return None
                union |= sub
            return frozenset(union)
        return None
    return frozenset(["".join(run)]) if run else None


@lru_cache(maxsize=4096)
def _leading(pattern: str) -> frozenset[str] | None:
    """Lower-case strings one of which every match of a pattern (compiled with IGNORECASE) starts with.

    A match can then only start where one of them occurs, so instead of searching the
    whole item the pattern is tried at just those places (`_matches`). None when the
    pattern's start is not such a literal, or a string is too short to be looked for.
    """
    parsed = _parsed(pattern)
    found = _leading_of(parsed) if parsed is not None else None
    if not found or len(found) > _MAX_ANCHORS or any(len(start) < _MIN_ANCHOR for start in found):
        return None
    return found


def _single(strings: frozenset[str] | None) -> str | None:
    return next(iter(strings)) if strings is not None and len(strings) == 1 else None


def _may_match(requirements: _Requirements, present: frozenset[str] | None) -> bool:
    """False only when the pattern cannot match: one of its requirements has no anchor in the text.

    `present` is the set of all anchors found in the text (`_AnchorIndex.present`), or None
    when the text is not prefiltered.
    """
    return present is None or requirements.allow(present)


class _AnchorIndex:
    """Finds which of many anchors occur in a text, in one pass over it (Aho-Corasick)."""

    def __init__(self, anchors: set[str]) -> None:
        import ahocorasick

        self.automaton = ahocorasick.Automaton()
        for anchor in sorted(anchors):
            self.automaton.add_word(anchor, anchor)
        self.automaton.make_automaton()

    def present(self, lowered: str) -> frozenset[str]:
        return frozenset([anchor for _, anchor in self.automaton.iter(lowered)])



def theme_ids() -> list[str]:
    return [theme.id for theme in _load_taxonomy_tuple()]


@lru_cache(maxsize=1)
def theme_labels() -> dict[str, str]:
    """Theme id -> label in taxonomy order: the one source of theme labels for every app."""
    return {theme.id: theme.label for theme in _load_taxonomy_tuple()}


def theme_label(theme_id: str) -> str:
    """The label of a theme id, or the id itself when the taxonomy does not know it."""
    return theme_labels().get(theme_id, theme_id)


def is_theme(theme_id: str) -> bool:
    return theme_id in theme_labels()


def _sentence_bounds(text: str, position: int) -> tuple[int, int]:
    """Start and end of the sentence containing `position`."""
    start = 0
    for match in _SENTENCE_BOUNDARY_RE.finditer(text):
        if match.end(1) > position:
            return start, match.start(1)
        start = match.end(1)
    return start, len(text)


@dataclass(frozen=True)
class _CompiledCue:
    pattern: re.Pattern[str]
    requires: tuple[re.Pattern[str], ...]
    excludes: tuple[re.Pattern[str], ...]
    excludes_requirements: tuple[_Requirements, ...]
    anchors: frozenset[str] | None  # the most selective requirement: indexes the cue
    requirements: _Requirements
    requires_requirements: tuple[_Requirements, ...]
    leading: frozenset[str] | None  # strings every match starts with (`_leading`)
    lead: str | None  # the leading string when there is just one


@dataclass(frozen=True)
class _CompiledTheme:
    """A theme's patterns compiled once; `any_cue` rejects most non-ASCII items in one scan.

    `requirements` holds the union of the cues' most selective requirements (nothing when
    a cue has none), so a theme none of whose cues can match is skipped without a search.
    """

    theme: Theme
    any_cue_source: str
    requires: tuple[re.Pattern[str], ...]
    cues: tuple[_CompiledCue, ...]
    requirements: _Requirements
    requires_requirements: tuple[_Requirements, ...]

    @property
    def any_cue(self) -> re.Pattern[str]:
        """All cues in one pattern, compiled on first use: only items the prefilter cannot take need it."""
        return _compile((self.any_cue_source,))[0]


def _union_anchors(patterns) -> _Requirements:  # noqa: ANN001 - iterable of pattern strings
    found: set[str] = set()
    for pattern in patterns:
        anchors = _anchors(pattern)
        if anchors is None:
            return _Requirements(())
        found.update(anchors)
    return _Requirements((frozenset(found),))


@lru_cache(maxsize=1)
def _compiled_taxonomy() -> tuple[_CompiledTheme, ...]:
    compiled = []
    for theme in _load_taxonomy_tuple():
        cues = tuple(
            _CompiledCue(
                re.compile(cue.pattern, re.IGNORECASE),
                _compile(cue.requires),
                theme.exclude_patterns + _compile(cue.excludes),
                tuple(_parsed_requirements(pattern) for pattern in (*theme.excludes, *cue.excludes)),
                _anchors(cue.pattern),
                _parsed_requirements(cue.pattern),
                tuple(_parsed_requirements(pattern) for pattern in cue.requires),
                _leading(cue.pattern),
                _single(_leading(cue.pattern)),
            )
            for cue in theme.cues
        )
        any_cue = "|".join(f"(?:{cue.pattern})" for cue in theme.cues)
        compiled.append(_CompiledTheme(theme, any_cue, theme.require_patterns, cues,
                                       _union_anchors(cue.pattern for cue in theme.cues),
                                       tuple(_parsed_requirements(pattern) for pattern in theme.requires)))
    return tuple(compiled)


@lru_cache(maxsize=1)
def _anchor_index() -> _AnchorIndex:
    anchors: set[str] = set()
    for compiled in _compiled_taxonomy():
        every = (compiled.requirements, *compiled.requires_requirements,
                 *(r for cue in compiled.cues
                   for r in (cue.requirements, *cue.requires_requirements, *cue.excludes_requirements)))
        for requirements in every:
            for group in requirements.groups:
                anchors.update(group)
    return _AnchorIndex(anchors)


@lru_cache(maxsize=1)
def _cue_table() -> tuple[tuple[int, int, _Requirements], ...]:
    """(theme index, cue index, requirements) of every cue, in taxonomy order: a cue's place here is its number."""
    return tuple((theme_index, cue_index, cue.requirements)
                 for theme_index, compiled in enumerate(_compiled_taxonomy())
                 for cue_index, cue in enumerate(compiled.cues))


@lru_cache(maxsize=1)
def _cues_by_anchor() -> tuple[dict[str, tuple[int, ...]], tuple[int, ...], frozenset[str]]:
    """Anchor -> numbers (`_cue_table`) of the cues it anchors; the cues without anchors
    (always searched); and the anchors that index a cue."""
    found: dict[str, list[int]] = {}
    always: list[int] = []
    for number, (theme_index, cue_index, _) in enumerate(_cue_table()):
        cue = _compiled_taxonomy()[theme_index].cues[cue_index]
        if cue.anchors is None:
            always.append(number)
        for anchor in cue.anchors or ():
            found.setdefault(anchor, []).append(number)
    return {anchor: tuple(numbers) for anchor, numbers in found.items()}, tuple(always), frozenset(found)


def _candidate_cues(present: frozenset[str]) -> list[tuple[int, list[int]]]:
    """(theme index, its cue indexes) of the cues that may match, both in taxonomy order.

    Exactly the cues `_may_match(cue.requirements, present)` keeps, found from the anchors
    present (each cue is indexed by one of its requirements) instead of by testing every
    cue of every theme.
    """
    by_anchor, always, indexed = _cues_by_anchor()
    table = _cue_table()
    numbers = set(always)
    for anchor in present & indexed:
        numbers.update(by_anchor[anchor])
    themes: dict[int, list[int]] = {}
    for number in sorted(numbers):
        theme_index, cue_index, requirements = table[number]
        if requirements.allow(present):
            themes.setdefault(theme_index, []).append(cue_index)
    return list(themes.items())


def _any_search(patterns: tuple[re.Pattern[str], ...], requirements: tuple[_Requirements, ...], text: str,
                present: frozenset[str] | None) -> bool:
    """`any(pattern.search(text) for pattern in patterns)`, skipping patterns that cannot match."""
    return any(_may_match(required, present) and pattern.search(text)
               for pattern, required in zip(patterns, requirements, strict=True))


def _starts(lowered: str, lead: str, limit: int) -> list[int]:
    """Where `lead` starts in `lowered` before `limit` (overlapping occurrences included), in order."""
    found: list[int] = []
    end = limit + len(lead) - 1
    start = lowered.find(lead, 0, end)
    while start >= 0:
        found.append(start)
        start = lowered.find(lead, start + 1, end)
    return found


def _placed_matches(cue: _CompiledCue, leading: frozenset[str], text: str, lowered: str,
                    limit: int) -> list[re.Match[str]]:
    """The matches `cue.pattern.finditer(text)` gives that start before `limit`, in order.

    `lowered` is the ASCII text lower-cased and `leading` the strings every match of the
    cue starts with (`_leading`): the pattern is tried only where one of them starts, as
    a match cannot start anywhere else, and trying a place (`match(text, start)`, which
    sees the text before `start` as a search does) finds the match a search reaching it
    would. Matches are never empty (they start with a leading string), so the next is
    looked for after the end of the last, as finditer does.
    """
    if len(leading) == 1:
        starts = _starts(lowered, next(iter(leading)), limit)
    else:
        starts = sorted({start for lead in leading for start in _starts(lowered, lead, limit)})
    found: list[re.Match[str]] = []
    end = 0
    for start in starts:
        if start >= limit:
            break
        if start < end:
            continue
        match = cue.pattern.match(text, start)
        if match is not None:
            found.append(match)
            end = match.end()
    return found


def _first_valid_match(compiled: _CompiledTheme, text: str, present: frozenset[str] | None = None,
                       cues: list[_CompiledCue] | None = None, lowered: str | None = None) -> re.Match[str] | None:
    """Earliest cue match whose item satisfies `requires` and whose sentence has no `excludes`.

    `present` is the set of anchors in the text (enables the prefilter), or None. `cues`,
    when given, are the theme's cues that may match (`_candidate_cues`), in order.
    `lowered`, when given, is the ASCII text lower-cased: cues are then tried only where
    their leading strings occur (`_placed_matches`).
    """
    if cues is None:
        if present is None:
            if not compiled.any_cue.search(text):
                return None
        elif not _may_match(compiled.requirements, present):
            return None
        cues = [cue for cue in compiled.cues if _may_match(cue.requirements, present)]
    # (Given cues passed the prefilter, so the theme's own check above would pass too.)
    # With anchors, the cues are searched only where they can match, which is cheaper
    # than searching their combined pattern first.
    if compiled.requires and not _any_search(compiled.requires, compiled.requires_requirements, text, present):
        return None
    best: re.Match[str] | None = None
    for cue in cues:
        best = _better_match(cue, text, present, lowered, best)
    return best


def _better_match(cue: _CompiledCue, text: str, present: frozenset[str] | None, lowered: str | None,
                  best: re.Match[str] | None) -> re.Match[str] | None:
    """The cue's first valid match if it starts before `best` (the theme's earliest so far), else `best`."""
    if cue.requires and not _any_search(cue.requires, cue.requires_requirements, text, present):
        return best
    limit = len(text) if best is None else best.start()  # matches from here on are not needed
    if lowered is not None and cue.lead is not None:
        # One leading string (the usual case): `_placed_matches` without building a list.
        lead, pattern = cue.lead, cue.pattern
        stop = limit + len(lead) - 1
        at = lowered.find(lead, 0, stop)
        while at >= 0:
            match = pattern.match(text, at)
            if match is None:
                at = lowered.find(lead, at + 1, stop)
                continue
            if not (cue.excludes and _excluded(cue, text, match, present)):
                return match
            at = lowered.find(lead, match.end(), stop)
        return best
    if lowered is None or cue.leading is None:
        matches: Iterable[re.Match[str]] = cue.pattern.finditer(text)
    else:
        matches = _placed_matches(cue, cue.leading, text, lowered, limit)
    for match in matches:
        if best is not None and match.start() >= limit:
            break
        if cue.excludes and _excluded(cue, text, match, present):
            continue
        return match
    return best


def _excluded(cue: _CompiledCue, text: str, match: re.Match[str], present: frozenset[str] | None) -> bool:
    """Does one of the cue's `excludes` match in the sentence of `match`?"""
    s_start, s_end = _sentence_bounds(text, match.start())
    sentence = text[s_start:s_end]
    # (An exclude whose literal parts are not in the item cannot match its sentence.)
    return any(_may_match(required, present) and exclude.search(sentence)
               for exclude, required in zip(cue.excludes, cue.excludes_requirements, strict=True))


def _ascii_matches(text: str, lowered: str) -> list[tuple[str, re.Match[str]]]:
    """(theme id, earliest valid match) of an ASCII item, in taxonomy order.

    The same as `_first_valid_match(theme, text, present, cues, lowered)` for each theme
    `_candidate_cues` gives, done in one pass over the numbered cues (this is the hot
    path: every item of every document).
    """
    present = _anchor_index().present(lowered)
    by_anchor, always, indexed = _cues_by_anchor()
    table = _cue_table()
    taxonomy = _compiled_taxonomy()
    numbers = set(always)
    for anchor in present & indexed:
        numbers.update(by_anchor[anchor])
    found: list[tuple[str, re.Match[str]]] = []
    compiled: _CompiledTheme | None = None
    best: re.Match[str] | None = None
    usable = False  # the theme's own `requires` holds
    for number in sorted(numbers):
        theme_index, cue_index, requirements = table[number]
        if not requirements.allow(present):
            continue
        if compiled is not taxonomy[theme_index]:
            if compiled is not None and best is not None:
                found.append((compiled.theme.id, best))
            compiled, best = taxonomy[theme_index], None
            usable = not compiled.requires or _any_search(compiled.requires, compiled.requires_requirements,
                                                          text, present)
        if usable:
            best = _better_match(compiled.cues[cue_index], text, present, lowered, best)
    if compiled is not None and best is not None:
        found.append((compiled.theme.id, best))
    return found


@lru_cache(maxsize=1)
def _implications() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(theme id, the themes it implies) of the themes that imply any, in taxonomy order."""
    return tuple((theme.id, theme.implies) for theme in _load_taxonomy_tuple() if theme.implies)


@lru_cache(maxsize=1)
def _theme_order() -> dict[str, int]:
    return {theme_id: index for index, theme_id in enumerate(theme_ids())}


def tag_themes(text: str) -> list[ThemeTag]:
    """Themes an item is about, each with the earliest span that justified it.

    Implied themes (coercive control implies domestic abuse) reuse the span of the
    theme that implied them, so every tag still points at its evidence.
    """
    tags: dict[str, ThemeTag] = {}
    if text.isascii():
        found = _ascii_matches(text, text.lower())
    else:
        found = []
        for compiled in _compiled_taxonomy():
            match = _first_valid_match(compiled, text, None)
            if match is not None:
                found.append((compiled.theme.id, match))
    for theme_id, match in found:
        tags[theme_id] = ThemeTag(theme_id, match.group(0), match.start(), match.end())
    for theme_id, implies in _implications():
        if theme_id in tags:
            for implied in implies:
                if implied not in tags:
                    tag = tags[theme_id]
                    tags[implied] = ThemeTag(implied, tag.evidence, tag.start, tag.end)
    order = _theme_order()
    return sorted(tags.values(), key=lambda tag: (tag.start, order.get(tag.theme, 999)))
