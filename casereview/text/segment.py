"""Segmentation: blocks into sections by heading, sections into learning items.

Briefings name their sections in many ways ("Key Learning Points for Professionals",
"What we learnt", "Recommendations:") and OCR garbles them, so headings are matched
to a small vocabulary with rapidfuzz after filler words are removed. Where a heading
is missing (the seed's web page loses "Recommendations"), items are classified by
their form: a recommendation is addressed to an organisation ("The ... Board should").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process

from casereview.text import resources as r
from casereview.text.normalise import Block, join_pair

#: Words that qualify a section heading without changing what the section is.
_FILLER_WORDS = frozenset(
    "key main the our for from of this these a an to in professional professionals practitioner practitioners "
    "partners review reviews scr lcspr cspr case briefing identified emerging arising all and".split()
)
_NON_LETTERS_RE = re.compile(r"[^a-z ]+")


@dataclass
class Section:
    """A heading (None for the front matter) and the blocks under it."""

    kind: str  # "front", "learning", "recommendations", "reflection", "background", "further", "changes", "definition"
    heading: str | None
    blocks: list[Block] = field(default_factory=list)
    level: int = 0


@dataclass
class RawItem:
    """A learning point or recommendation before theme tagging."""

    kind: str  # "learning_point" | "recommendation"
    text: str
    section: str | None


#: Three or more single letters separated by single spaces: letter-spaced capitals.
_LETTER_SPACED_RE = re.compile(r"(?<!\S)(?:[A-Za-z] ){2,}[A-Za-z](?!\S)")
#: Marks OCR puts around a heading: table rules read as "|", stray quotes, dots, dashes.
_EDGE_NOISE = " |'\"`.,:;-_~*"


def unspace_letters(text: str) -> str:
    """"R E C O M M E N D A T I O N S" -> "RECOMMENDATIONS" (wider gaps stay word breaks)."""
    if not _LETTER_SPACED_RE.search(text):
        return text
    words = re.split(r" {2,}", text)
    return " ".join(_LETTER_SPACED_RE.sub(lambda m: m.group(0).replace(" ", ""), word) for word in words)


def heading_core(text: str) -> str:
    """Lower-case letters of a heading without numbering and filler words."""
    lowered = _NON_LETTERS_RE.sub(" ", unspace_letters(text).lower())
    return " ".join(word for word in lowered.split() if word not in _FILLER_WORDS)


_PHRASE_CORES: list[tuple[str, str, int]] = [
    (kind, core, len(core.split()))
    for kind, phrases in r.HEADING_VOCAB.items()
    for phrase in phrases
    for core in [heading_core(phrase)]
]


def _vocabulary() -> tuple[dict[str, str], dict[str, tuple[int, str]], tuple[tuple[str, str, int], ...]]:
    """The vocabulary for `classify_heading`, each core once (the first kind it has wins ties anyway).

    Returns exact core -> kind; multi-word core -> (its place in the vocabulary, kind),
    for cores a heading starts with; and (kind, core, length) in order for the fuzzy
    comparison.
    """
    exact: dict[str, str] = {}
    prefixes: dict[str, tuple[int, str]] = {}
    fuzzy: list[tuple[str, str, int]] = []
    for kind, core, words in _PHRASE_CORES:
        if not core or core in exact:
            continue
        exact[core] = kind
        if words >= 2:
            prefixes[core] = (len(prefixes), kind)
        fuzzy.append((kind, core, len(core)))
    return exact, prefixes, tuple(fuzzy)


_EXACT_CORES, _PREFIX_CORES, _FUZZY_CORES = _vocabulary()
#: fuzz.ratio is 100 * (1 - distance / (len1 + len2)) and the distance is at least the
#: difference in length, so a phrase whose length differs from the heading's by more
#: than this share of both cannot reach the threshold (a little slack for rounding).
_LENGTH_SLACK = (100 - r.HEADING_FUZZ_THRESHOLD + 0.5) / 100
_NEAR_THRESHOLD = r.HEADING_FUZZ_THRESHOLD - 1


def _within_reach(size: int) -> tuple[tuple[str, str, int], ...]:
    """The fuzzy phrases whose length lets them reach the threshold against a core of `size` letters."""
    return tuple(entry for entry in _FUZZY_CORES if abs(size - entry[2]) <= _LENGTH_SLACK * (size + entry[2]))


_LONGEST_PHRASE = max(length for _, _, length in _FUZZY_CORES)
#: Phrases within reach by core length (no phrase is within reach of a core far longer than all).
_REACH = [_within_reach(size) for size in range(2 * _LONGEST_PHRASE + 1)]
_REACH_CHOICES = [[core for _, core, _ in entries] for entries in _REACH]


def classify_heading(text: str) -> str | None:
    """Section kind a heading opens, or None when it is not a known section heading.

    An exact match of the heading's core wins; then the first multi-word phrase of the
    vocabulary that the core starts with (followed by more words); then the phrase with
    the best fuzzy score (the first of equals), if it reaches the threshold.
    """
    if r.DEFINITION_HEADING_RE.match(text):
        return "definition"
    core = heading_core(text)
    if not core:
        return None
    exact = _EXACT_CORES.get(core)
    if exact is not None:
        return exact
    words = core.split(" ")
    first: tuple[int, str] | None = None
    for count in range(2, len(words)):
        found = _PREFIX_CORES.get(" ".join(words[:count]))
        if found is not None and (first is None or found < first):
            first = found
    if first is not None:
        return first[1]  # scores 100, which only an exact match could also reach
    size = len(core)
    if size >= len(_REACH) or not _REACH[size]:
        return None
    # Most headings are near no phrase: one pass in C says so (a point of slack for rounding).
    if process.extractOne(core, _REACH_CHOICES[size], scorer=fuzz.ratio, score_cutoff=_NEAR_THRESHOLD) is None:
        return None
    best_kind, best_score = None, 0.0
    for kind, phrase, _ in _REACH[size]:
        score = fuzz.ratio(core, phrase)
        if score > best_score:
            best_kind, best_score = kind, score
    return best_kind if best_score >= r.HEADING_FUZZ_THRESHOLD else None


#: `classify_heading` or a memo of it.
Classify = Callable[[str], "str | None"]


def looks_like_heading(block: Block, classify: Classify = classify_heading) -> bool:
    """A paragraph that reads as a heading: short, no sentence punctuation, no verb.

    A short paragraph that names a known section is a heading whatever OCR left around
    it ("| Recommendations.", "R E C O M M E N D A T I O N S"). `classify` is
    `classify_heading`, or a memo of it for one document.
    """
    if block.kind == "heading":
        return True
    if block.kind != "para":
        return False
    text = unspace_letters(block.text)
    words = text.split()
    bare = text.strip(_EDGE_NOISE)
    if len(words) <= r.OCR_HEADING_MAX_WORDS and bare and not r.SENTENCE_VERB_RE.search(bare):
        if classify(bare):
            return True
    if not words or len(words) > r.HEADING_MAX_WORDS or r.URL_RE.match(text):
        return False
    if text[-1] in ".,;" or not (text[0].isupper() or text[0].isdigit()):
        return False
    if r.CONNECTOR_END_RE.search(text.rstrip(":?")):
        return False
    if r.SENTENCE_VERB_RE.search(text) and not (text.endswith("?") or classify(text)):
        return False
    return True


def rejoin_split_headings(blocks: list[Block], classify: Classify = classify_heading) -> list[Block]:
    """Join a heading that OCR split over two paragraphs ("Recommendations for the" / "Partnership").

    Two short paragraphs are one heading when neither opens a known section alone
    (or the first cannot be a heading, ending on "for the") but together they do.
    """
    out: list[Block] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        nxt = blocks[index + 1] if index + 1 < len(blocks) else None
        if (
            nxt is not None
            and block.kind == nxt.kind == "para"
            and len(block.text.split()) + len(nxt.text.split()) <= r.HEADING_MAX_WORDS
            and nxt.text[-1] not in ".;,"
        ):
            joined = join_pair(block.text, nxt.text)
            alone = classify(block.text) if looks_like_heading(block, classify) else None
            if alone is None and classify(nxt.text) is None and classify(joined):
                out.append(Block("para", joined))
                index += 2
                continue
        out.append(block)
        index += 1
    return out


def split_sections(blocks: list[Block]) -> list[Section]:
    """Group blocks under headings; unknown sub-headings keep their section's kind.

    A Markdown heading at or above the level of the heading that opened a learning
    or recommendations section ends it, so web pages and Word files with real
    headings are not run together; plain-text sub-headings ("Learning points from
    the SCR") stay inside.
    """
    # One document asks about the same short paragraph up to four times; the memo lives
    # for this call only.
    classify = lru_cache(maxsize=None)(classify_heading)
    sections = [Section("front", None)]
    for block in rejoin_split_headings(blocks, classify):
        if not looks_like_heading(block, classify):
            sections[-1].blocks.append(block)
            continue
        kind = classify(block.text)
        current = sections[-1]
        if kind is None:
            ends = block.kind == "heading" and current.level and block.level <= current.level
            if current.kind == "front" or ends:
                kind = "other"
            else:
                kind = current.kind
        sections.append(Section(kind, block.text, [], block.level))
    return [section for section in sections if section.blocks or section.heading]


def strip_label(text: str) -> tuple[str, str | None]:
    """Remove numbering and labels ("Recommendation 2:", "1.", "a)"); say what the label called it."""
    kind = None
    for _ in range(3):
        match = r.LABEL_RE.match(text)
        if not match or match.end() >= len(text):
            break
        word = (match.group("word") or "").lower()
        if word:
            kind = r.LABEL_KIND.get(word, "learning_point")
        text = text[match.end() :].lstrip()
    return text, kind


def has_word_label(text: str) -> bool:
    match = r.LABEL_RE.match(text)
    return bool(match and match.group("word"))


#: "... the following:" / "... as follows." lead-ins (only searched when "follow" occurs).
_LEAD_IN_RE = re.compile(r"\b(?:the\s+following|as\s+follows)\b[^.]*\.$", re.IGNORECASE)


def is_learning_text(text: str) -> bool:
    """False for lead-ins, questions for reflection, reviewers' statements and fragments."""
    if len(text.split()) < r.MIN_ITEM_WORDS:
        return False
    if text.endswith("?") or text.endswith(":"):
        return False
    if "follow" in text.lower() and _LEAD_IN_RE.search(text) and len(text.split()) < 30:
        return False
    lowered = text.lower()
    if "than" in lowered or "grateful" in lowered:
        return not r.REVIEWER_STATEMENT_RE.search(text)
    # Without those words only the statement's opening ("The lead reviewer ...") can match, and
    # only at the start: one try there instead of a search of the whole item. (No non-ASCII
    # letter matches one of "than" or "grateful" ignoring case.)
    return not r.REVIEWER_STATEMENT_RE.match(text)


def is_recommendation_form(text: str) -> bool:
    """Addressed to an organisation ("The ... Board should ...", "It is recommended that ...")."""
    return bool(r.RECOMMENDATION_FORM_RE.match(text))


def extract_items(sections: list[Section]) -> list[RawItem]:
    """Learning points and recommendations, in document order."""
    has_recommendation_section = any(section.kind == "recommendations" for section in sections)
    items: list[RawItem] = []
    for section in sections:
        if section.kind in ("learning", "recommendations"):
            blocks = section.blocks
            if sum(block.kind == "item" for block in blocks) >= 2:
                # A list carries the items; paragraphs around it are context.
                blocks = [block for block in blocks if block.kind == "item" or has_word_label(block.text)]
        elif section.kind in ("reflection", "definition", "further"):
            continue
        else:
            blocks = [block for block in section.blocks if has_word_label(block.text)]
        for block in blocks:
            if block.kind == "heading":
                continue
            text, label_kind = strip_label(block.text)
            if not is_learning_text(text):
                continue
            if label_kind:
                kind = label_kind
            elif section.kind == "recommendations":
                kind = "recommendation"
            elif not has_recommendation_section and is_recommendation_form(text):
                kind = "recommendation"
            else:
                kind = "learning_point"
            items.append(RawItem(kind, text, section.heading))
    return items
