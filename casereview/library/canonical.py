"""One library entry per review: does a file hold a review already published in CaseReview?

A briefing published in CaseReview is the canonical entry of its review (its
items passed the anonymisation gate). A file of the same briefing (the PDF the
partnership also put on its website, the seed renderings) is a further source
of that entry, never an entry of its own, whichever of the two arrived first.

The rule (`same_review`), chosen so two different reviews are never merged:

1. the identity facts agree: the same partnership and the same child's
   pseudonym (letters only, case ignored), both stated in the file; the review
   type and year, where the file states them, equal the published review's;
2. and something corroborates them: either the file states both the review type
   and the year (and they agree), or at least 80% of the file's items match an
   item of the published briefing at a rapidfuzz ratio of 90 or more (briefings
   of one review share their wording; two children of one partnership who share
   a pseudonym in different years do not share their learning).

A file that names no pseudonym or no partnership is never merged: those facts
are too weak to say whose review it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, utils

from casereview.library.models import LibraryEntry, Origin

ITEM_SHARE = 0.8  # share of the file's items that must match an item of the published briefing
ITEM_RATIO = 90  # rapidfuzz ratio (0-100) at which two items count as the same text
_NOT_LETTERS_RE = re.compile(r"[^a-z]+")


def _letters(text: str | None) -> str:
    return _NOT_LETTERS_RE.sub("", (text or "").lower())


@dataclass(frozen=True)
class Profile:
    """What identifies a review's rendering: its facts and its items' texts."""

    partnership: str | None
    pseudonym: str | None
    review_type: str | None
    year: int | None
    texts: tuple[str, ...] = ()

    @classmethod
    def of_entry(cls, entry: LibraryEntry, texts: Iterable[str] | None = None) -> Profile:
        if texts is None:
            texts = entry.items.values_list("extracted_text", flat=True)
        return cls(entry.partnership, entry.pseudonym, entry.review_type, entry.year, tuple(texts))


def items_agree(file_texts: Sequence[str], published_texts: Sequence[str]) -> bool:
    """Whether at least ITEM_SHARE of the file's items match an item of the published briefing."""
    published = [utils.default_process(t) for t in published_texts if t.strip()]
    wanted = [utils.default_process(t) for t in file_texts if t.strip()]
    if not wanted or not published:
        return False
    matched = sum(any(fuzz.ratio(text, other, score_cutoff=ITEM_RATIO) for other in published) for text in wanted)
    return matched >= ITEM_SHARE * len(wanted)


def same_review(file: Profile, published: Profile) -> bool:
    """Whether a file (`file`) is a rendering of the review published in CaseReview (`published`)."""
    if not _letters(file.pseudonym) or not _letters(file.partnership):
        return False
    if _letters(file.pseudonym) != _letters(published.pseudonym):
        return False
    if _letters(file.partnership) != _letters(published.partnership):
        return False
    if file.review_type and file.review_type != published.review_type:
        return False
    if file.year and file.year != published.year:
        return False
    if file.review_type and file.year:
        return True
    return items_agree(file.texts, published.texts)


def published_entry_for(file: Profile) -> LibraryEntry | None:
    """The entry of a review published in CaseReview that this file is a rendering of, if any.

    Candidates are narrowed on the facts first, so items are read only for
    entries of the same child in the same partnership.
    """
    pseudonym, partnership = _letters(file.pseudonym), _letters(file.partnership)
    if not pseudonym or not partnership:
        return None
    rows = LibraryEntry.objects.filter(origin=Origin.PUBLISHED).values_list("pk", "pseudonym", "partnership")
    for pk, their_pseudonym, their_partnership in rows:
        if _letters(their_pseudonym) == pseudonym and _letters(their_partnership) == partnership:
            entry = LibraryEntry.objects.get(pk=pk)
            if same_review(file, Profile.of_entry(entry)):
                return entry
    return None


def file_entries_for(published: Profile) -> list[LibraryEntry]:
    """Entries ingested from files that are renderings of this review published in CaseReview."""
    pseudonym, partnership = _letters(published.pseudonym), _letters(published.partnership)
    if not pseudonym or not partnership:
        return []
    found = []
    rows = LibraryEntry.objects.filter(origin=Origin.INGESTED).values_list("pk", "pseudonym", "partnership")
    for pk, their_pseudonym, their_partnership in rows:
        if _letters(their_pseudonym) == pseudonym and _letters(their_partnership) == partnership:
            entry = LibraryEntry.objects.get(pk=pk)
            if same_review(Profile.of_entry(entry), published):
                found.append(entry)
    return found
