"""Metadata: title, review type, partnership, the child's pseudonym, age and outcome, links, year.

Each finder is a small pure function over normalised text. Text under a heading
such as "What is a Serious Case Review?" describes the statutory criteria ("the child
has died; or ... seriously harmed"), not this case, and is left out by the caller.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from casereview.text import resources as r
from casereview.text.normalise import Block
from casereview.text.urls import safe_links

#: The break after a full stop, "!" or "?" before a capital, quote or bracket. The space (group 1)
#: is the break; starting at the stop lets the regex engine skip quickly to the next one.
_SENTENCE_END_RE = re.compile(r"[.!?](\s+)(?=[A-Z\"'(])")


def sentences(text: str) -> list[str]:
    """Rough sentence split, good enough for locating facts."""
    parts: list[str] = []
    start = 0
    for match in _SENTENCE_END_RE.finditer(text):
        parts.append(text[start:match.start(1)])
        start = match.end(1)
    parts.append(text[start:])
    return [part.strip() for part in parts if part.strip()]


# ---------------------------------------------------------------------------
# Review type
# ---------------------------------------------------------------------------


def review_type_scores(text: str) -> Counter[str]:
    # Counter holds float weights at run time; typeshed types its values as int.
    scores: Counter[str] = Counter()
    if not _may_name_a_review(text):
        return scores
    for kind, pattern, weight in r.REVIEW_TYPE_PATTERNS:
        hits = len(pattern.findall(text))
        if hits:
            scores[kind] += hits * weight  # type: ignore[assignment]
    return scores


#: Every REVIEW_TYPE_PATTERNS match holds one of these (ignoring case).
_REVIEW_WORDS = ("review", "scr", "lcspr")


def _may_name_a_review(text: str) -> bool:
    """False only when no review-type pattern can match: none of `_REVIEW_WORDS` occurs."""
    return not _folds_plainly(text) or any(word in text.lower() for word in _REVIEW_WORDS)


def find_review_type(text: str, title: str | None = None) -> str | None:
    """The review type named in the title, else the one the text names most (weighted)."""
    if title:
        in_title = review_type_scores(title)
        if in_title:
            return in_title.most_common(1)[0][0]
    scores = review_type_scores(text)
    if not scores:
        return None
    return scores.most_common(1)[0][0]


# ---------------------------------------------------------------------------
# Partnership
# ---------------------------------------------------------------------------


def _last_tokens(text: str, end: int) -> list[str]:
    """`text[:end].rsplit(None, 9)` where only its last 9 tokens are used: split a window, not the whole text.

    With ten parts the window held the nine tokens whole (white space before the ninth);
    with fewer the window is widened, up to the whole text.
    """
    window = 160
    while True:
        start = max(0, end - window)
        tokens = text[start:end].rsplit(None, 9)
        if len(tokens) == 10 or start == 0:
            return tokens
        window *= 4


def _place_prefix(text: str, start: int) -> str:
    """Capitalised words (with "and", "upon", ...) immediately before `start`."""
    tokens = _last_tokens(text, start)
    taken: list[str] = []
    for token in reversed(tokens):
        bare = token.strip(",;:()\"'")
        if bare != token and taken:
            break
        if bare in r.PARTNERSHIP_CONNECTORS or (bare[:1].isupper() and bare.replace("-", "").isalpha()):
            taken.append(bare)
            if len(taken) > 8:
                break
            continue
        break
    taken.reverse()
    while taken and (taken[0] in r.PARTNERSHIP_CONNECTORS or taken[0] in r.NOT_PLACE_WORDS):
        taken.pop(0)
    while taken and taken[-1] in r.PARTNERSHIP_CONNECTORS:
        taken.pop()
    return " ".join(taken)


def _word_starts_before(text: str, index: int) -> tuple[int, int]:
    """(start, end) of the word before `index`, skipping the white space between (both `index` if none)."""
    end = index
    while end > 0 and text[end - 1].isspace():
        end -= 1
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return start, end


#: Words PARTNERSHIP_CORE_RE allows before "Safeguarding" (then white space).
_BEFORE_SAFEGUARDING = ("Local", "Children", "Children's", "Children\u2019s")


def _partnership_cores(text: str) -> Iterator[re.Match[str]]:
    """The matches `PARTNERSHIP_CORE_RE.finditer(text)` gives, in order, found from "Safeguarding".

    Every match holds the word "Safeguarding" once, either at its start or after one of
    `_BEFORE_SAFEGUARDING` and white space, so it can start only at those places; trying
    each in order (`match(text, start)`, which sees the text before `start` as a search
    does) gives the same matches as scanning every position of the text.
    """
    starts: set[int] = set()
    found = text.find("Safeguarding")
    while found >= 0:
        starts.add(found)
        word_start, word_end = _word_starts_before(text, found)
        if word_end < found:
            for word in _BEFORE_SAFEGUARDING:
                if text.endswith(word, word_start, word_end):
                    starts.add(word_end - len(word))
        found = text.find("Safeguarding", found + 1)
    end = 0
    for start in sorted(starts):
        if start < end:
            continue
        match = r.PARTNERSHIP_CORE_RE.match(text, start)
        if match is not None:
            yield match
            end = match.end()


def find_partnership(text: str) -> str | None:
    """The named partnership or board: "<Place> Safeguarding ... Partnership|Board".

    Generic mentions ("the Safeguarding Children Partnership Board") carry no place
    and are ignored; of the named ones the most frequent wins, ties to the longest.
    """
    candidates: Counter[str] = Counter()
    for match in _partnership_cores(text):
        place = _place_prefix(text, match.start())
        if not place or not any(word not in r.NOT_PLACE_WORDS for word in place.split()):
            continue
        candidates[f"{place} {' '.join(match.group(0).split())}"] += 1
    if not candidates:
        return None
    return max(candidates.items(), key=lambda kv: (kv[1], len(kv[0])))[0]


# ---------------------------------------------------------------------------
# The child
# ---------------------------------------------------------------------------


def _guarded_matches(pattern: re.Pattern[str], guard: tuple[re.Pattern[str], int | None] | None,
                     source: str) -> Iterator[re.Match[str]]:
    """The matches `pattern.finditer(source)` gives, in order, using the pattern's guard (resources).

    No guard: the full scan. A guard that finds nothing: no match. A guard with no bound
    on where the match starts: the full scan. Otherwise a match starts where the guard
    matches, or (one word before) within the word before it, so the pattern is tried only
    at those places (`match(source, start)` sees the text before `start` as a search
    does); the matches are never empty, so the next is looked for after the last.
    """
    if guard is None:
        yield from pattern.finditer(source)
        return
    finder, words = guard
    found = finder.search(source)
    if found is None:
        return
    if words is None:
        yield from pattern.finditer(source)
        return
    starts: set[int] = set()
    while found is not None:  # every place the guard matches, overlapping ones too
        at = found.start()
        starts.update(range(_word_starts_before(source, at)[0] if words else at, at + 1))
        found = finder.search(source, at + 1)
    end = 0
    for start in sorted(starts):
        if start < end:
            continue
        match = pattern.match(source, start)
        if match is not None:
            yield match
            end = match.end()


def find_pseudonym(text: str, title: str | None = None) -> str | None:
    """The name the review gives the child, from "who we shall call X" and similar phrases.

    Earlier patterns are stronger; within a pattern the name seen most often wins.
    """
    for pattern, guard in zip(r.PSEUDONYM_PATTERNS, r.PSEUDONYM_GUARDS, strict=True):
        names: Counter[str] = Counter()
        for source in filter(None, (title, text)):
            for match in _guarded_matches(pattern, guard, source):
                name = " ".join(match.group("name").split())
                if name.split()[0] in r.NAME_STOP_WORDS and len(name.split()) == 1:
                    continue
                names[name] += 1
        if names:
            return max(names.items(), key=lambda kv: (kv[1], text.count(kv[0])))[0]
    return _name_line(text)


def _name_line(text: str) -> str | None:
    """A line near the top that is only a name ("Ruairidh"), when the body names the child again."""
    for match in r.NAME_LINE_RE.finditer(text[:600]):
        name = match.group("name")
        if name in r.NOT_NAME_LINES or name in r.NAME_STOP_WORDS:
            continue
        if len(re.findall(rf"\b{name}\b", text)) >= 2:
            return name
    return None


def _names_the_child(sentence: str, pseudonym: str | None) -> bool:
    """Whether a sentence is about the child: names them (or one of two named children) or says "baby", "he"..."""
    if pseudonym:
        names = [pseudonym, *(part.strip() for part in pseudonym.split(" and "))]
        if any(name and name in sentence for name in names):
            return True
    return bool(r.AGE_CONTEXT_RE.search(sentence))


def _age_value(match: re.Match[str]) -> str | None:
    raw = match.group("n").lower()
    number = NUMBER_VALUE.get(raw)
    if number is None:
        return None
    unit = (match.group("unit") or "year").lower()
    return f"{number} {unit}s"


NUMBER_VALUE = {**r.NUMBER_WORDS, **{str(n): n for n in range(0, 200)}}


def find_age(text: str, pseudonym: str | None = None, split: list[str] | None = None) -> str | None:
    """Age at the incident as "<n> <unit>" (unit always plural, as the CLI contract says).

    `split` is `sentences(text)` when the caller has it already.
    """
    fallback = None
    for sentence in sentences(text) if split is None else split:
        about_child: bool | None = None  # asked only once a sentence gives an age
        for pattern in r.AGE_PATTERNS:
            match = pattern.search(sentence)
            if not match:
                continue
            value = _age_value(match)
            if value:
                if about_child is None:
                    about_child = _names_the_child(sentence, pseudonym)
                if about_child:
                    return value
            fallback = fallback or value
    return fallback


def find_outcome(text: str, pseudonym: str | None = None, split: list[str] | None = None) -> str | None:
    """"died" or "seriously-harmed", from sentences about the child; criteria text is skipped.

    `split` is `sentences(text)` when the caller has it already.
    """
    harmed = False
    # A pattern is searched only in sentences that have one of its words (see _may_contain).
    plain = _folds_plainly(text)
    for sentence in sentences(text) if split is None else split:
        lowered = sentence.lower()
        if _may_contain(lowered, plain, _CRITERIA_WORDS) and r.OUTCOME_CRITERIA_RE.search(sentence):
            continue
        if not _names_the_child(sentence, pseudonym):
            continue
        if _may_contain(lowered, plain, _DIED_WORDS) and r.OUTCOME_DIED_RE.search(sentence):
            return "died"
        if _may_contain(lowered, plain, _HARMED_WORDS) and r.OUTCOME_HARMED_RE.search(sentence):
            harmed = True
    return "seriously-harmed" if harmed else None


#: Words one of which each outcome pattern needs (lower case): OUTCOME_CRITERIA_RE,
#: OUTCOME_DIED_RE and OUTCOME_HARMED_RE in resources.
_CRITERIA_WORDS = ("died",)
_DIED_WORDS = ("died", "death", "passed", "killed", "fatal", "life", "survive", "dead", "suicide")
_HARMED_WORDS = ("serious", "significant", "life", "injur", "fractur", "fatal")
#: Non-ASCII letters that match i, s or k when case is ignored but do not lower-case to them.
_FOLDING_LETTERS = ("\u0130", "\u0131", "\u017f", "\u212a")


def _folds_plainly(text: str) -> bool:
    """Does ignoring case in `text` mean just lower-casing it (none of the `_FOLDING_LETTERS`)?"""
    return not any(letter in text for letter in _FOLDING_LETTERS)


def _may_contain(lowered: str, plain: bool, words: tuple[str, ...]) -> bool:
    """False only when a case-insensitive pattern needing one of `words` cannot match the sentence."""
    return not plain or any(word in lowered for word in words)


# ---------------------------------------------------------------------------
# Title, links, year
# ---------------------------------------------------------------------------


def _title_score(block: Block, pseudonym: str | None) -> float:
    text = block.text
    if r.DEFINITION_HEADING_RE.match(text):
        return -5
    score = 0.0
    if block.kind == "heading" and block.level == 1:
        score += 3
    for _, pattern, _weight in r.REVIEW_TYPE_PATTERNS if _may_name_a_review(text) else ():
        match = pattern.search(text)
        if match:
            score += 1 if match.group(0).isupper() else 2
            break
    if pseudonym and pseudonym in text:
        score += 2
    if r.TITLE_CUE_RE.search(text):
        score += 1
    return score


def find_title(blocks: list[Block], pseudonym: str | None = None, hint: str | None = None) -> str | None:
    """The best title-like block near the start (short, no full stop), else the file's own title."""
    best: tuple[float, int] | None = None
    best_text = None
    for index, block in enumerate(blocks[:15]):
        text = block.text
        if block.kind == "item" or len(text.split()) > 20 or text.endswith("."):
            continue
        score = _title_score(block, pseudonym)
        if score >= 2 and (best is None or score > best[0]):
            best, best_text = (score, index), text.rstrip(":")
    if best_text:
        return best_text
    return hint


def find_links(text: str, extra: list[str] | None = None) -> list[str]:
    """URLs in the text (already rejoined by normalisation) and from the reader, in order, once each.

    Only http, https and mailto links are kept (`urls.safe_url`): a document's hyperlink
    may target `javascript:` and would run in the reader's browser on the library page.
    """
    found = [url.rstrip(r.URL_TAIL_STRIP) for url in r.URL_RE.findall(text, _first_possible_url(text))]
    found.extend(extra or [])
    return safe_links(found)


def _first_possible_url(text: str) -> int:
    """Where the first URL could start: every URL_RE match starts with "http" or "www." in any case.

    The regex engine cannot skip ahead to those letters itself (the pattern ignores case and
    starts with a word boundary), so the scan starts there. No non-ASCII letter matches h, t,
    p or w ignoring case, so the lower-cased text finds every start, at the same index unless
    lower-casing changed the length (then the scan starts at the beginning).
    """
    lowered = text.lower()
    if len(lowered) != len(text):
        return 0
    starts = [found for found in (lowered.find("http"), lowered.find("www.")) if found >= 0]
    return min(starts) if starts else len(text)


def find_year(text: str, title: str | None = None) -> int | None:
    """Publication or review year, strongest evidence first.

    "Published ... 2019" or "completed in 2015" (the year nearest after the word),
    then a year in the title, then a "Published:" or "Date:" line, then the first
    "Month YYYY" (often the incident, so it comes last).
    """
    years_possible = "19" in text or "20" in text  # every year pattern needs one of these: skip the scans
    has_url = "://" in text or "www." in text.lower()  # URL_RE needs one of these
    no_urls = r.URL_RE.sub(" ", text) if has_url and years_possible else text
    match = r.PUBLISHED_NEAR_RE.search(no_urls) if years_possible else None
    if match:
        return int(match.group("year"))
    if title:
        match = r.YEAR_RE.search(title)
        if match:
            return int(match.group(0))
    if not years_possible:
        return None
    for pattern in (r.PUBLISHED_RE, r.MONTH_YEAR_RE):
        match = pattern.search(no_urls)
        if match:
            return int(match.group("year"))
    return None
