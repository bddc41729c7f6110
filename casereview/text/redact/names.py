"""Find a person's name in any written form: each part alone, double-barrelled parts
joined any way, possessives and family plurals, initials, capitalisation, and near
misses (edit distance 1, a swap of two neighbouring letters counting as one edit) of parts of five or more letters.

Parts that are everyday words (Hope, Grace, Will ...) count only where the text
writes them as a name; see casereview.text.identifiers_data.EVERYDAY_NAMES.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz.distance import OSA

from casereview.text import identifiers_data as data

TOKEN_RE = re.compile(r"[^\W\d_]+")
_STRIP_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "baby", "master"})
_JOIN_GAP_RE = re.compile(r"^[ \t\r\n-]*$")
_POSSESSIVE_RE = re.compile(r"^'[sS]?(?!\w)")
_INITIAL_BEFORE_RE = re.compile(r"(?<![\w.'])([A-Z])\.?[ \t]+$")
_INITIAL_AFTER_RE = re.compile(r"^[ \t]+([A-Z])(?:\.|(?![\w']))")
FUZZY_MIN_LETTERS = 5


@dataclass
class NameIndex:
    """Every part of every restricted name, lower-cased, and whose name it is part of."""

    parts: dict[str, list[str]] = field(default_factory=dict)
    given_initials: dict[str, set[str]] = field(default_factory=dict)
    surname_initials: dict[str, set[str]] = field(default_factory=dict)

    def add(self, value: str, folded_value: str) -> None:
        words = [w for w in folded_value.split() if w.lower().rstrip(".") not in _STRIP_TITLES] or folded_value.split()
        given, surname = (words[:-1], words[-1]) if len(words) > 1 or "-" in words[0] else (words, "")
        self.given_initials[value] = {p[0].upper() for w in given for p in TOKEN_RE.findall(w)}
        self.surname_initials[value] = {p[0].upper() for p in TOKEN_RE.findall(surname)}
        for word in words:
            pieces = TOKEN_RE.findall(word)
            forms = [p.lower() for p in pieces]
            if len(pieces) > 1:
                forms.append("".join(forms))  # "Trelawneybudd"
            for form in forms:
                owners = self.parts.setdefault(form, [])
                if value not in owners:
                    owners.append(value)


@dataclass
class _Token:
    start: int
    end: int
    owners: list[str]
    everyday: bool


def _sentence_start(text: str, start: int) -> bool:
    k = start - 1
    while k >= 0 and text[k] in " \t\"'([":
        k -= 1
    return k < 0 or text[k] in ".!?:;\n\u2022*"


def _capitalised(word: str) -> bool:
    return word[:1].isupper()


def _lookup(index: NameIndex, token: str, *, capitalised: bool, at_start: bool) -> tuple[str, bool] | None:
    """(part, fuzzy) when the token is a part, a plural of one, or a near miss of one."""
    lower = token.lower()
    candidates = [lower] + ([lower[:-1]] if lower.endswith("s") else []) + ([lower[:-2]] if lower.endswith("es") else [])
    for candidate in candidates:
        if candidate in index.parts and (len(candidate) > 2 or capitalised):
            return candidate, False
    if not capitalised or len(lower) < FUZZY_MIN_LETTERS or lower in data.EVERYDAY_NAMES or lower in data.NAME_CUES:
        return None
    if at_start and lower in data.COMMON_SENTENCE_WORDS:
        return None
    for part in index.parts:
        if len(part) >= FUZZY_MIN_LETTERS and part not in data.EVERYDAY_NAMES:
            for candidate in candidates:
                if OSA.distance(candidate, part, score_cutoff=1) <= 1:
                    return part, True
    return None


def _written_as_name(text: str, tok: _Token, accepted: set[int], neighbours: list[_Token | None]) -> bool:
    word = text[tok.start : tok.end]
    if any(n is not None and id(n) in accepted and not n.everyday for n in neighbours):
        return True
    if not _capitalised(word):
        return False
    if not _sentence_start(text, tok.start) or _POSSESSIVE_RE.match(text[tok.end :]):
        return True
    following = TOKEN_RE.match(text[tok.end :].lstrip(" \t"))
    return bool(following and following.group(0).lower() in data.PERSON_VERBS)


def find_names(text: str, index: NameIndex, pseudonym_words: set[str]) -> list[tuple[int, int, str, str]]:
    """(start, end, identifier, severity) in the folded text for every name found."""
    if not index.parts:
        return []
    tokens: list[_Token | None] = []
    for match in TOKEN_RE.finditer(text):
        word = match.group(0)
        if word.lower() in pseudonym_words:
            tokens.append(None)
            continue
        found = _lookup(index, word, capitalised=_capitalised(word), at_start=_sentence_start(text, match.start()))
        if found is None:
            tokens.append(None)
            continue
        part, fuzzy = found
        tokens.append(_Token(match.start(), match.end(), index.parts[part], part in data.EVERYDAY_NAMES and not fuzzy))
    accepted = {id(t) for t in tokens if t is not None and not t.everyday}
    for i, tok in enumerate(tokens):
        if tok is not None and tok.everyday:
            neighbours = [tokens[i - 1] if i > 0 else None, tokens[i + 1] if i + 1 < len(tokens) else None]
            neighbours = [n for n in neighbours if n is not None and _adjacent(text, n, tok)]
            if _written_as_name(text, tok, accepted, neighbours):
                accepted.add(id(tok))
    kept = [t for t in tokens if t is not None and id(t) in accepted]
    names = [(*_extend(text, index, group), "block") for group in _groups(text, kept)]
    # A capitalised everyday word at a sentence start ("Grace was worried ...") may be the
    # name or the word: the gate cannot tell, so it asks the editor (severity "possible").
    names += [(*_extend(text, index, [t]), "possible") for t in tokens
              if t is not None and t.everyday and id(t) not in accepted and _capitalised(text[t.start:t.end])]
    return sorted(names)


def _adjacent(text: str, a: _Token, b: _Token) -> bool:
    first, second = (a, b) if a.start < b.start else (b, a)
    return bool(_JOIN_GAP_RE.match(text[first.end : second.start])) and "\n\n" not in text[first.end : second.start]


def _groups(text: str, kept: list[_Token]) -> list[list[_Token]]:
    groups: list[list[_Token]] = []
    for tok in kept:
        if groups and _adjacent(text, groups[-1][-1], tok):
            groups[-1].append(tok)
        else:
            groups.append([tok])
    return groups


def _extend(text: str, index: NameIndex, group: list[_Token]) -> tuple[int, int, str]:
    """One span for adjacent parts, widened over an initial and a possessive; the name it best matches."""
    counts: dict[str, int] = {}
    for tok in group:
        for owner in tok.owners:
            counts[owner] = counts.get(owner, 0) + 1
    owner = max(counts, key=lambda o: (counts[o], -list(counts).index(o)))
    start, end = group[0].start, group[-1].end
    owners = list(counts)
    before = _INITIAL_BEFORE_RE.search(text[:start])
    if before and any(before.group(1) in index.given_initials.get(o, ()) for o in owners):
        start = before.start()
    after = _INITIAL_AFTER_RE.match(text[end:])
    if after and any(after.group(1) in index.surname_initials.get(o, ()) for o in owners):
        end += after.end()
    else:
        possessive = _POSSESSIVE_RE.match(text[end:])
        if possessive:
            end += possessive.end()
    return start, end, owner
