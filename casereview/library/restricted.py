"""Restricted identifiers at the library's door: nothing goes around the anonymisation gate.

Two ways text reaches the library without passing the publishing gate:

* a correction to an item of an entry published from CaseReview
  (`correction_problems`): the corrected text is checked against the restricted
  identifiers of the review it came from, as the gate would (a restricted
  identifier the matcher is sure of is always refused; a personal-data pattern
  or a "possible" name only when the correction brings it in, since the text
  that passed the gate may hold one a manager recorded as identifying nobody);
* a review's single-agency recommendations, which join its published briefing's
  items without having been in the briefing (`ungated_hits`): any hit of a
  restricted identifier of the review or of a personal-data pattern keeps the
  recommendation out;
* a document uploaded from outside (`partnership_matches`): its text is checked
  against every restricted identifier of the uploader's partnership, and each
  match is shown in context so the editor confirms before anything is saved.

The library sits beside publishing (peers never import each other), so this
calls the text engine's matcher directly with reviews' own rows.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from casereview.library.models import Origin
from casereview.reviews.access import is_review_team
from casereview.reviews.models import RestrictedIdentifier
from casereview.text.redact import find_identifiers

CONTEXT_CHARS = 60  # characters shown either side of a match


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _label(kind: str) -> str:
    return kind.replace("_", " ")


@dataclass(frozen=True)
class RestrictedMatch:
    """A stretch of an uploaded document that matches a restricted identifier, with its context."""

    before: str
    text: str
    after: str
    kind: str
    severity: str  # "block", or "possible" (an everyday word that may be a name)
    references: tuple[str, ...]  # the reviews it belongs to that the uploader is on the team of

    @property
    def kind_label(self) -> str:
        return _label(self.kind)

    @property
    def whose(self) -> str:
        if self.references:
            return f"matches a restricted identifier of {', '.join(self.references)}"
        # Someone outside the review's team is not told which review, nor whose identifier it is.
        return "matches a restricted identifier of one of the partnership's reviews"


def correction_problems(entry, original: str, corrected: str) -> list[str]:
    """Why `corrected` may not replace `original` on an item of `entry`, as sentences; empty when it may.

    Only entries published from CaseReview are checked (their text passed the
    gate); an entry whose review record is gone has no identifiers left to check.
    """
    review = getattr(entry, "review", None) if entry.origin == Origin.PUBLISHED else None
    if review is None:
        return []
    rows = [(ri.kind, ri.value) for ri in review.restricted_identifiers.all() if ri.value.strip()]
    restricted = {(kind, value) for kind, value in rows}
    before = {(_key(h["text"]), h["kind"]) for h in find_identifiers(original, rows, pseudonym=review.pseudonym)}
    problems = []
    for hit in find_identifiers(corrected, rows, pseudonym=review.pseudonym):
        shown = " ".join(hit["text"].split())
        if (hit["kind"], hit["matched"]) in restricted:
            if hit["severity"] == "block" or (_key(hit["text"]), hit["kind"]) not in before:
                problems.append(f"'{shown}' matches a restricted identifier of the review this briefing came from "
                                f"({_label(hit['kind'])}): reword it so it no longer appears.")
        elif (_key(hit["text"]), hit["kind"]) not in before:
            problems.append(f"'{shown}' looks like personal data ({_label(hit['kind'])}), which published learning "
                            "must not carry: remove it.")
    return problems


def ungated_hits(review, text: str) -> Counter:
    """The kinds (and counts) of every hit in `text` of a restricted identifier of `review` or a personal-data
    pattern; empty when the text may be published. The child's pseudonym is not a hit."""
    rows = [(ri.kind, ri.value) for ri in review.restricted_identifiers.all() if ri.value.strip()]
    return Counter(hit["kind"] for hit in find_identifiers(text, rows, pseudonym=review.pseudonym))


def partnership_matches(text: str, user) -> list[RestrictedMatch]:
    """Every match in `text` of a restricted identifier of any review of `user`'s partnership.

    Personal-data patterns (dates, phone numbers ...) are not reported: published
    documents from elsewhere are full of them. No pseudonym is shielded, since a
    document from outside is about a child none of ours is called by.
    """
    partnership_id = getattr(user, "partnership_id", None)
    if not partnership_id:
        return []
    owners: dict[tuple[str, str], list] = defaultdict(list)
    for row in RestrictedIdentifier.objects.filter(review__partnership_id=partnership_id).select_related("review"):
        if row.value.strip():
            owners[(row.kind, row.value)].append(row.review)
    if not owners:
        return []
    matches = []
    team: dict[int, bool] = {}
    for hit in find_identifiers(text, list(owners)):
        reviews = owners.get((hit["kind"], hit["matched"]))
        if not reviews:
            continue  # a personal-data pattern
        known = sorted({r.reference for r in reviews if team.setdefault(r.pk, is_review_team(user, r))})
        start, end = hit["start"], hit["end"]
        matches.append(RestrictedMatch(
            before=_squash(text[max(0, start - CONTEXT_CHARS):start]), text=_squash(hit["text"]),
            after=_squash(text[end:end + CONTEXT_CHARS]), kind=hit["kind"], severity=hit["severity"],
            references=tuple(known),
        ))
    return matches


def _squash(text: str) -> str:
    """Line breaks and runs of spaces as one space, keeping a space at either edge (it separates words)."""
    squashed = " ".join(text.split())
    return (" " if text[:1].isspace() else "") + squashed + (" " if text[-1:].isspace() and squashed else "")
