"""Compound words written three ways: "pre-birth", "prebirth", "pre birth".

Reports write the same compound hyphenated, joined or spaced, and people search
for it any of those ways. Search treats the three alike:

* at query time (`spellings`) a hyphenated or spaced compound is also searched
  joined, and a joined word that starts with a common prefix ("pre", "co",
  "multi", "well" ...) is also searched split, as adjacent words;
* at index time (`joined_forms`) each hyphenated compound of a text is also
  indexed joined, so "childcentred" finds "child-centred" though "child" is no
  prefix the query could split on.

A split only adds an alternative in which both parts must be adjacent, so a
word that merely starts with a prefix ("prevent" -> "pre vent") adds nothing
that occurs in real text. Prefixes that are everyday words before others
("over all", "under one") are left out for that reason.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

#: Prefixes a joined compound is split after, longest first when several fit.
PREFIXES: tuple[str, ...] = tuple(sorted(
    {"ante", "anti", "co", "cross", "ex", "half", "inter", "intra", "multi", "non", "post", "pre", "re", "self",
     "semi", "step", "sub", "well"},
    key=lambda p: (-len(p), p)))
MIN_REST = 3  # letters a split must leave after the prefix ("none" is not "non e")
#: English stop words (PostgreSQL's 'english' list, three letters or more): a split leaving one of these
#: ("exits" -> "ex its", "wellbeing" -> "well being") would be searched as the prefix alone, so is not made.
STOP_WORDS = frozenset("""
about above after again against all and any are because been before being below between both but can did does
doing down during each few for from further had has have having her here hers herself him himself his how into
its itself just more most myself nor not now off once only other our ours ourselves out over own same she should
some such than that the their theirs them themselves then there these they this those through too under until
very was were what when where which while who whom why will with you your yours yourself yourselves
""".split())
MAX_SPELLINGS = 8  # alternatives per query term, so a long phrase of compounds stays a small query

_HYPHENS = "-\u2010\u2011"  # hyphen-minus, hyphen, non-breaking hyphen (not dashes, which separate)
_HYPHENATED_RE = re.compile(rf"\w+(?:[{_HYPHENS}]\w+)+", re.UNICODE)
_HYPHEN_SPLIT_RE = re.compile(rf"[{_HYPHENS}]")
_WORD_RE = re.compile(r"\w+", re.UNICODE)


def split_joined(word: str) -> tuple[str, str] | None:
    """`word` as prefix and rest ("prebirth" -> ("pre", "birth")), or None when it starts with no prefix."""
    lower = word.lower()
    for prefix in PREFIXES:
        rest = word[len(prefix):]
        if (lower.startswith(prefix) and len(rest) >= MIN_REST and rest.isalpha()
                and rest.lower() not in STOP_WORDS):
            return word[:len(prefix)], rest
    return None


def is_prefix(word: str) -> bool:
    return word.lower() in PREFIXES


def joined_forms(text: str) -> list[str]:
    """Each hyphenated compound of `text` written joined, lower-cased, once, in order of appearance."""
    seen: dict[str, None] = {}
    for match in _HYPHENATED_RE.finditer(text):
        seen.setdefault("".join(_HYPHEN_SPLIT_RE.split(match.group())).lower(), None)
    return list(seen)


def _unit(piece: str) -> list[tuple[str, ...]]:
    """The spellings of one piece of a query as typed: "pre-birth", "prebirth" or a plain word."""
    parts = [_WORD_RE.findall(part) for part in _HYPHEN_SPLIT_RE.split(piece)]
    words = tuple(word for part in parts for word in part)
    if not words:
        return []
    if len(parts) > 1 and all(len(part) == 1 for part in parts):
        return [words, ("".join(words),)]
    if len(words) == 1:
        split = split_joined(words[0])
        return [words, split] if split else [words]
    return [words]


def spellings(pieces: Sequence[str]) -> list[tuple[str, ...]]:
    """Every way of writing the words of `pieces` (a phrase, split on spaces) that differs only in its compounds.

    The first spelling is the words as typed. A piece that is a prefix followed
    by another plain piece ("pre", "birth") is one compound. At most
    MAX_SPELLINGS are returned.
    """
    units: list[list[tuple[str, ...]]] = []
    index = 0
    while index < len(pieces):
        piece = pieces[index]
        following = pieces[index + 1] if index + 1 < len(pieces) else ""
        if is_prefix(piece) and following and len(_WORD_RE.findall(following)) == 1 \
                and not _HYPHEN_SPLIT_RE.search(following):
            word = _WORD_RE.findall(following)[0]
            units.append([(piece, word), (piece + word,)])
            index += 2
            continue
        unit = _unit(piece)
        if unit:
            units.append(unit)
        index += 1
    if not units:
        return []
    found: dict[tuple[str, ...], None] = {}
    for combination in itertools.islice(itertools.product(*units), MAX_SPELLINGS):
        found.setdefault(tuple(word for words in combination for word in words), None)
    return list(found)
