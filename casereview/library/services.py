"""Writes to the learning library: ingest files and published reviews, correct items and themes.

Every service runs in one transaction with its audit event and keeps the search
index in step (`search.index_items`), so a failure leaves nothing behind.
Reviewer decisions are never overwritten by the engine: a corrected item keeps
its text, and theme rows a reviewer removed or added keep their origin.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import PurePath

from django.conf import settings
from django.db import IntegrityError, connection, transaction

from casereview.audit.services import record_event, text_reference
from casereview.core.refusals import Refused
from casereview.library import canonical, search
from casereview.library.models import (
    ItemKind,
    ItemTheme,
    LibraryEntry,
    LibraryItem,
    Origin,
    Source,
    TagOrigin,
)
from casereview.library.restricted import (
    RestrictedMatch,
    correction_problems,
    partnership_matches,
    ungated_hits,
)
from casereview.reviews.access import FINDINGS_VISIBLE_TO_ALL_FROM
from casereview.text.extract import Extracted, ReadError, ThemeTag, extract_bytes, extract_text
from casereview.text.themes import is_theme, tag_themes
from casereview.text.urls import WEB_SCHEMES, safe_links, safe_url

MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".html": "text/html",
    ".htm": "text/html",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".txt": "text/plain",
    ".md": "text/markdown",
}
CREATED, ADDED_SOURCE, UNCHANGED, FAILED = "created", "added-source", "unchanged", "failed"
#: The file was already in the library and a manifest changed its entry's metadata.
METADATA_SET = "metadata-set"
#: Entry fields a collection manifest may set (library/manifest.py).
MANIFEST_FIELDS = ("partnership", "review_type", "year")
#: The section of items that are a review's single-agency recommendations (each names its agency).
SINGLE_AGENCY_SECTION = "Single-agency recommendations"
HELD = "held"  # matches a restricted identifier of the partnership: saved only once the editor confirms
# Control characters would survive into snippets; STX/ETX are the highlight sentinels.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass
class IngestResult:
    """What happened to one file: created, added-source, unchanged, failed (with the error) or held (with the
    restricted identifiers it matches, and the SHA-256 of its bytes for the confirmation)."""

    filename: str
    result: str
    entry: LibraryEntry | None = None
    items: int = 0
    error: str = ""
    matches: list[RestrictedMatch] = field(default_factory=list)
    sha256: str = ""

    @property
    def failed(self) -> bool:
        return self.result == FAILED

    @property
    def held(self) -> bool:
        return self.result == HELD


@dataclass
class IncomingItem:
    kind: str
    text: str
    section: str
    tags: list[ThemeTag]


def _clean(text: str) -> str:
    return _CONTROL_RE.sub("", text or "").strip()


def _incoming_from(extracted: Extracted) -> list[IncomingItem]:
    return [IncomingItem(item.kind, _clean(item.text), _clean(item.section or "")[:300], list(item.themes))
            for item in [*extracted.learning_points, *extracted.recommendations] if _clean(item.text)]


def ingest_file(*, data: bytes, filename: str, by, now: dt.datetime, metadata: dict | None = None,
                source_url: str | None = None, confirmed: Collection[str] = ()) -> IngestResult:
    """Add one file to the library.

    `metadata` (partnership, review_type, year) and `source_url` come from a
    collection manifest and win over what the engine extracts; when the bytes are
    already in the library they are applied to its entry (one audit event when
    anything changed, nothing written when nothing did).

    Steps: the same bytes already ingested -> unchanged (nothing written); otherwise
    extract (a ReadError, the size limit or a document with no learning is a
    per-file failure and nothing is stored); when a signed-in user uploads it, its
    text is checked against every restricted identifier of their partnership, and
    a file with a match is held (nothing stored, the matches returned, an audit
    event naming only the kinds) unless the SHA-256 of these exact bytes is in
    `confirmed` (the editor saw the matches and confirmed); a review already in the
    library under the same identity key (another rendering) gets this file as a
    further source and its uncorrected items refreshed; otherwise a new entry is
    created. The command line (no user, loading public collections) is not checked.
    """
    name = PurePath(filename).name or "unnamed"
    sha = hashlib.sha256(data).hexdigest()
    known = _known_source(sha)
    if known is not None:
        if metadata or source_url:
            return _set_manifest_metadata(name, known, metadata or {}, source_url, by=by, now=now)
        return _known_result(name, known)
    try:
        extracted = extract_bytes(data, name, max_bytes=settings.MAX_UPLOAD_BYTES)
    except ReadError as exc:
        return IngestResult(name, FAILED, error=str(exc))
    incoming = _incoming_from(extracted)
    if not incoming:
        return IngestResult(name, FAILED, error="no learning points or recommendations found: "
                                                "check this is a review briefing or report")
    matches = partnership_matches(extracted.text, by) if getattr(by, "is_authenticated", False) else []
    if matches and sha not in confirmed:
        return _hold(name, sha, matches, by=by, now=now)
    try:
        return _store(extracted, incoming, data=data, name=name, sha=sha, by=by, now=now,
                      metadata=metadata or {}, source_url=source_url, matches=matches)
    except IntegrityError:
        # Another process stored the same bytes between our check and our write.
        known = _known_source(sha)
        if known is None:
            raise
        return _known_result(name, known)


def _match_kinds(matches: list[RestrictedMatch]) -> dict[str, int]:
    return dict(Counter(m.kind for m in matches))


def _hold(name: str, sha: str, matches: list[RestrictedMatch], *, by, now: dt.datetime) -> IngestResult:
    """Record that an upload was held back for matching restricted identifiers (kinds and counts only)."""
    with transaction.atomic():
        record_event(
            actor=by, action="library.upload_held", now=now,
            summary=f"Held back {name}: it matches restricted identifiers of the partnership's reviews "
                    f"({len(matches)} match{'es' if len(matches) != 1 else ''}); nothing was saved",
            changes={"sha256": sha, "matches_by_kind": _match_kinds(matches)},
        )
    return IngestResult(name, HELD, matches=matches, sha256=sha)


def _known_source(sha: str) -> int | None:
    """The entry id of a source with these bytes, if any: one indexed lookup, no ORM query building."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT entry_id FROM library_source WHERE sha256 = %s LIMIT 1", [sha])
        row = cursor.fetchone()
    return row[0] if row else None


def _known_result(name: str, entry_id: int) -> IngestResult:
    entry = LibraryEntry.objects.get(pk=entry_id)
    return IngestResult(name, UNCHANGED, entry, entry.items.count())


def _entry_id_for(identity_key: str) -> int | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM library_libraryentry WHERE identity_key = %s", [identity_key])
        row = cursor.fetchone()
    return row[0] if row else None


def _store(extracted: Extracted, incoming: list[IncomingItem], *, data: bytes, name: str, sha: str, by,
           now: dt.datetime, metadata: dict, source_url: str | None, matches: list[RestrictedMatch]) -> IngestResult:
    identity_key = extracted.identity_key()
    profile = canonical.Profile(
        metadata.get("partnership") or extracted.partnership, extracted.pseudonym,
        metadata.get("review_type") or extracted.review_type, metadata.get("year") or extracted.year,
        tuple(new.text for new in incoming))
    with transaction.atomic():
        published = canonical.published_entry_for(profile)
        if published is not None:
            return _attach_to_published(published, extracted, data=data, name=name, sha=sha, by=by, now=now,
                                        source_url=source_url, matches=matches)
        # The id by a plain indexed lookup; the row itself (locked) only when the review is already known.
        entry_id = _entry_id_for(identity_key)
        entry = LibraryEntry.objects.select_for_update().get(pk=entry_id) if entry_id is not None else None
        result = ADDED_SOURCE if entry is not None else CREATED
        if entry is None:
            entry = LibraryEntry(identity_key=identity_key, origin=Origin.INGESTED, created_at=now)
        _fill_metadata(entry, extracted, fallback_title=PurePath(name).stem, now=now)
        from_manifest = _override(entry, metadata, source_url)
        entry.save()
        source = _new_source(entry, name=name, sha=sha, size=len(data), text=extracted.text, by=by, now=now)
        count = _create_items(entry, incoming) if result == CREATED else _sync_items(entry, incoming)
        record_event(
            actor=by, action="library.file_ingested", target=entry, now=now,
            summary=f"Ingested {name} ({'new entry' if result == CREATED else 'another rendering'}): {count} items",
            changes={"source": source.filename, "sha256": sha, "result": result, "items": count,
                     **({"manifest": sorted(from_manifest)} if from_manifest else {}),
                     **({"restricted_matches_confirmed": _match_kinds(matches)} if matches else {})},
        )
    return IngestResult(name, result, entry, count)


def _new_source(entry: LibraryEntry, *, name: str, sha: str, size: int, text: str, by, now: dt.datetime) -> Source:
    return Source.objects.create(
        entry=entry, filename=name[:300], sha256=sha,
        media_type=MEDIA_TYPES.get(PurePath(name).suffix.lower(), "application/octet-stream"),
        size=size, text=_CONTROL_RE.sub("", text), ingested_at=now,
        ingested_by=by if getattr(by, "is_authenticated", False) else None,
    )


def _attach_to_published(entry: LibraryEntry, extracted: Extracted, *, data: bytes, name: str, sha: str, by,
                         now: dt.datetime, source_url: str | None, matches: list[RestrictedMatch]) -> IngestResult:
    """A file of a review published in CaseReview: a further source of its entry, adding no items.

    The published entry stays canonical (its items passed the gate; its facts are
    the review's): the file adds only its links and its text for the source view.
    """
    entry = LibraryEntry.objects.select_for_update().get(pk=entry.pk)
    _new_source(entry, name=name, sha=sha, size=len(data), text=extracted.text, by=by, now=now)
    url = safe_url(source_url, WEB_SCHEMES) if source_url else None
    entry.links = safe_links(sorted(set(entry.links or []) | set(extracted.links or []) | ({url} if url else set())))
    entry.updated_at = now
    entry.save(update_fields=["links", "updated_at"])
    count = entry.items.count()
    reference = entry.review.reference if entry.review_id else str(entry)
    record_event(
        actor=by, action="library.file_ingested", target=entry, now=now,
        summary=f"Ingested {name} as another rendering of {reference}, published in CaseReview: its items are "
                "the published briefing's, so none were added",
        changes={"source": name[:300], "sha256": sha, "result": ADDED_SOURCE, "items": count,
                 "published_in_casereview": reference,
                 **({"restricted_matches_confirmed": _match_kinds(matches)} if matches else {})},
    )
    return IngestResult(name, ADDED_SOURCE, entry, count)


def _override(entry: LibraryEntry, metadata: dict, source_url: str | None) -> dict[str, list]:
    """Apply a manifest's values to the entry; returns {field: [old, new]} for what changed."""
    changes: dict[str, list] = {}
    for field_name in MANIFEST_FIELDS:
        value = metadata.get(field_name)
        if value is not None and value != getattr(entry, field_name):
            changes[field_name] = [getattr(entry, field_name), value]
            setattr(entry, field_name, value)
    url = safe_url(source_url, WEB_SCHEMES) if source_url else None
    if url and url not in (entry.links or []):
        changes["source_url"] = [None, url]
        entry.links = sorted({*(entry.links or []), url})
    return changes


def _set_manifest_metadata(name: str, entry_id: int, metadata: dict, source_url: str | None, *, by,
                           now: dt.datetime) -> IngestResult:
    """A file already in the library, listed in a manifest: bring its entry's metadata into line."""
    with transaction.atomic():
        entry = LibraryEntry.objects.select_for_update().get(pk=entry_id)
        # A review published in CaseReview keeps the review's own facts; a manifest may add only its URL.
        changes = _override(entry, {} if entry.origin == Origin.PUBLISHED else metadata, source_url)
        if not changes:
            return IngestResult(name, UNCHANGED, entry, entry.items.count())
        entry.updated_at = now
        entry.save()
        if "partnership" in changes:
            # The partnership is part of each item's search context.
            search.index_items(entry.items.select_related("entry"))
        record_event(
            actor=by, action="library.metadata_set", target=entry, now=now,
            summary=f"Set {', '.join(sorted(changes))} of {entry} from a collection manifest",
            changes=changes,
        )
    return IngestResult(name, METADATA_SET, entry, entry.items.count())


@functools.cache
def _entry_limits() -> dict[str, int | None]:
    return {f.name: getattr(f, "max_length", None) for f in LibraryEntry._meta.fields}


def _fill_metadata(entry: LibraryEntry, extracted: Extracted, *, fallback_title: str, now: dt.datetime) -> None:
    """Fill what the entry lacks; a later rendering never blanks what an earlier one found."""
    values = {
        "title": extracted.title, "review_type": extracted.review_type, "partnership": extracted.partnership,
        "pseudonym": extracted.pseudonym, "age": extracted.age, "outcome": extracted.outcome, "year": extracted.year,
    }
    limits = _entry_limits()
    for field_name, value in values.items():
        if value and not getattr(entry, field_name):
            limit = limits.get(field_name)
            setattr(entry, field_name, value[:limit] if isinstance(value, str) and limit else value)
    if not entry.title:
        entry.title = fallback_title[:500]
    # Links from before the scheme allow-list are re-checked on every re-ingest.
    entry.links = safe_links(sorted(set(entry.links or []) | set(extracted.links or [])))
    entry.updated_at = now


def _sync_items(entry: LibraryEntry, incoming: list[IncomingItem]) -> int:
    """Make the entry's items match what was extracted, keeping reviewers' corrections.

    Items are matched by slot (kind as extracted, position). Uncorrected items take
    the new text and themes; corrected items keep theirs; uncorrected items the new
    extraction no longer has are deleted. Returns the number of items the entry has.
    """
    existing = {(i.source_kind, i.number): i for i in entry.items.prefetch_related("themes")}
    if not existing:
        return _create_items(entry, incoming)
    positions = {ItemKind.LEARNING_POINT.value: 0, ItemKind.RECOMMENDATION.value: 0}
    touched: list[LibraryItem] = []
    for new in incoming:
        positions[new.kind] += 1
        item = existing.pop((new.kind, positions[new.kind]), None)
        if item is None:
            item = LibraryItem.objects.create(entry=entry, kind=new.kind, source_kind=new.kind,
                                              number=positions[new.kind], text=new.text, extracted_text=new.text,
                                              section=new.section)
            _apply_auto_tags(item, new.tags, rows={})
        elif item.corrected:
            item.extracted_text = new.text
            item.save(update_fields=["extracted_text"])
        else:
            item.text, item.extracted_text, item.section = new.text, new.text, new.section
            item.save(update_fields=["text", "extracted_text", "section"])
            _apply_auto_tags(item, new.tags, rows={row.theme: row for row in item.themes.all()})
        item.entry = entry
        touched.append(item)
    stale = [item for item in existing.values() if not item.corrected]
    if stale:
        search.unindex_items(item.pk for item in stale)
        LibraryItem.objects.filter(pk__in=[item.pk for item in stale]).delete()
    kept_corrections = [item for item in existing.values() if item.corrected]
    search.index_items(touched)
    return len(touched) + len(kept_corrections)


def _chunks(rows: list, size: int = 500) -> list[list]:
    return [rows[start:start + size] for start in range(0, len(rows), size)]


def _placeholders(rows: int, columns: int) -> str:
    """`(%s, ..), (%s, ..)` for a multi-row VALUES (parameters only: no value is ever written into SQL)."""
    return ", ".join(["(" + ", ".join(["%s"] * columns) + ")"] * rows)


def _create_items(entry: LibraryEntry, incoming: list[IncomingItem]) -> int:
    """A new entry's items and tags in three statements (the common case, and the one bulk imports hit).

    Written as plain batched INSERTs rather than `bulk_create`, whose per-value
    preparation cost more than the database's work; the rows are the same (every
    column given, or its model default: `corrected` and `removed` false, no vector).
    """
    positions = {ItemKind.LEARNING_POINT.value: 0, ItemKind.RECOMMENDATION.value: 0}
    items = []
    for new in incoming:
        positions[new.kind] += 1
        items.append(LibraryItem(entry=entry, kind=new.kind, source_kind=new.kind, number=positions[new.kind],
                                 text=new.text, extracted_text=new.text, section=new.section))
    with connection.cursor() as cursor:
        ids: dict[tuple[str, int], int] = {}
        for chunk in _chunks(items):
            params = [value for item in chunk for value in (entry.pk, item.kind, item.source_kind, item.number,
                                                            item.text, item.extracted_text, item.section, False)]
            # Ids come back with their slot, so nothing depends on the order RETURNING yields rows in.
            cursor.execute(
                "INSERT INTO library_libraryitem (entry_id, kind, source_kind, number, text, extracted_text, "  # nosec B608  # noqa: S608 - fixed SQL fragments, every value a parameter
                "section, corrected) VALUES " + _placeholders(len(chunk), 8) + " RETURNING id, source_kind, number",
                params)
            ids.update({(kind, number): pk for pk, kind, number in cursor.fetchall()})
        for item in items:
            item.pk = ids[(item.source_kind, item.number)]
        tags = []
        for item, new in zip(items, incoming, strict=True):
            seen: set[str] = set()
            for tag in new.tags:
                if tag.theme not in seen:
                    seen.add(tag.theme)
                    tags.append((item.pk, tag.theme, tag.evidence, tag.start, tag.end, TagOrigin.AUTO.value, False))
        for chunk in _chunks(tags):
            cursor.execute(
                'INSERT INTO library_itemtheme (item_id, theme, evidence, "start", "end", origin, removed) '  # nosec B608  # noqa: S608 - fixed SQL fragments, every value a parameter
                "VALUES " + _placeholders(len(chunk), 7), [value for row in chunk for value in row])
    for item in items:
        item._state.adding = False
    search.index_items(items)
    return len(items)


def _apply_auto_tags(item: LibraryItem, tags: Iterable[ThemeTag], *, rows: dict[str, ItemTheme]) -> None:
    """Bring the engine's tags up to date without undoing a reviewer's additions or removals."""
    found: dict[str, ThemeTag] = {}
    for tag in tags:
        found.setdefault(tag.theme, tag)
    for theme, tag in found.items():
        row = rows.get(theme)
        if row is None:
            ItemTheme.objects.create(item=item, theme=theme, evidence=tag.evidence, start=tag.start, end=tag.end,
                                     origin=TagOrigin.AUTO)
        elif not row.removed and (row.origin == TagOrigin.AUTO or not row.evidence):
            row.evidence, row.start, row.end = tag.evidence, tag.start, tag.end
            row.save(update_fields=["evidence", "start", "end"])
    gone = [row.pk for theme, row in rows.items()
            if theme not in found and row.origin == TagOrigin.AUTO and not row.removed]
    if gone:
        ItemTheme.objects.filter(pk__in=gone).delete()


def correct_item(*, item: LibraryItem, by, now: dt.datetime, text: str, kind: str) -> LibraryItem:
    """A reviewer corrects an item's text and kind.

    The item is marked corrected, so later ingests of the review keep this text;
    the engine re-tags the corrected text, still respecting the reviewer's theme
    decisions. On an entry published from CaseReview the corrected text passes
    the gate again (`restricted.correction_problems`): a restricted identifier of
    its review, or personal data the correction brings in, is refused with each
    hit named. Refuses (`Refused`) naming what to fix.
    """
    text = _clean(text)
    errors = {}
    if not text:
        errors["text"] = "Enter the text of the learning point or recommendation"
    if kind not in ItemKind.values:
        errors["kind"] = "Select whether this is a learning point or a recommendation"
    if errors:
        raise Refused.many(errors)
    problems = correction_problems(item.entry, item.text, text)
    if problems:
        raise Refused.many({"text": problems})
    changes = {}
    if text != item.text:
        changes["text"] = [item.text, text]
    if kind != item.kind:
        changes["kind"] = [item.kind, kind]
    if not changes:
        return item
    with transaction.atomic():
        item.text, item.kind, item.corrected = text, kind, True
        item.save(update_fields=["text", "kind", "corrected"])
        _apply_auto_tags(item, tag_themes(text), rows={row.theme: row for row in item.themes.all()})
        search.index_items([LibraryItem.objects.select_related("entry").get(pk=item.pk)])
        record_event(actor=by, action="library.item_corrected", target=item, now=now,
                     summary=f"Corrected {item.get_kind_display().lower()} {item.number} of {item.entry}",
                     changes=changes)
    return item


def set_item_themes(*, item: LibraryItem, by, now: dt.datetime, themes: Iterable[str]) -> LibraryItem:
    """A reviewer decides which themes an item has.

    Themes dropped are kept as removed rows, so the engine does not bring them back
    on re-ingest; themes added are marked as the reviewer's. Refuses (`Refused`)
    for ids not in the taxonomy.
    """
    wanted = set(themes)
    unknown = sorted(t for t in wanted if not is_theme(t))
    if unknown:
        raise Refused(f"Unknown theme ids: {', '.join(unknown)}. Choose themes from the list", "themes")
    with transaction.atomic():
        rows = {row.theme: row for row in item.themes.select_for_update()}
        active = {theme for theme, row in rows.items() if not row.removed}
        added, removed = sorted(wanted - active), sorted(active - wanted)
        if not added and not removed:
            return item
        ItemTheme.objects.filter(item=item, theme__in=removed).update(removed=True)
        for theme in added:
            row = rows.get(theme)
            if row is None:
                ItemTheme.objects.create(item=item, theme=theme, origin=TagOrigin.REVIEWER)
            else:
                row.removed, row.origin = False, TagOrigin.REVIEWER
                row.save(update_fields=["removed", "origin"])
        record_event(actor=by, action="library.item_themes_set", target=item, now=now,
                     summary=f"Changed themes of {item.get_kind_display().lower()} {item.number} of {item.entry}",
                     changes={"added": added, "removed": removed})
    return item


def _review_tags(text: str, chosen: list) -> list[ThemeTag]:
    """The themes the review's authors chose (with their evidence), or the engine's when they chose none."""
    tags = []
    for entry in chosen or []:
        if not isinstance(entry, dict) or not is_theme(entry.get("theme", "")):
            continue
        evidence = str(entry.get("evidence") or "")
        start = text.find(evidence) if evidence else -1
        tags.append(ThemeTag(entry["theme"], evidence, start if start >= 0 else 0,
                             start + len(evidence) if start >= 0 else 0))
    return tags or tag_themes(text)


def ingest_published_briefing(*, review, version: int, title: str, learning_points: list[str],
                              recommendations: list[str], published_at: dt.datetime | None, by,
                              now: dt.datetime) -> LibraryEntry:
    """Put a review published in CaseReview into the library, or bring its entry up to date.

    Called (through the `briefing_published` signal) inside the publishing
    transaction when a briefing is published. The items are the briefing's own
    learning points and recommendations, one per paragraph, never the review's
    findings: the briefing is the text that passed the anonymisation gate, and
    the library is read by every role (and, through other partnerships, beyond
    the review team). Themes the review's authors chose are kept where a
    briefing item is a finding's text unchanged; other items are tagged by the
    text engine. Reviewer corrections made in the library since an earlier
    publication are kept.

    The review's single-agency recommendations follow the briefing's (a signed-off
    review's findings; each names its agency), except any that matches a
    restricted identifier or personal-data pattern of the review: those are left
    out and counted in the audit event. The entry's year is the review's
    publication year. Entries ingested earlier from files of the same briefing
    (`canonical.same_review`) become further sources of this entry.
    """
    chosen = {_clean(f.text): f.themes for f in (*review.learning_points.all(), *review.recommendations.all())}
    incoming = []
    for kind, section, items in (
        (ItemKind.LEARNING_POINT, "Learning points", learning_points),
        (ItemKind.RECOMMENDATION, "Recommendations", recommendations),
    ):
        for paragraph in items:
            cleaned = _clean(paragraph)
            if cleaned:
                incoming.append(IncomingItem(kind, cleaned, section, _review_tags(cleaned, chosen.get(cleaned, []))))
    single_agency, left_out = _single_agency_items(review)
    incoming.extend(single_agency)
    with transaction.atomic():
        entry = LibraryEntry.objects.select_for_update().filter(review=review).first()
        created = entry is None
        if created:
            entry = LibraryEntry(review=review, identity_key=f"casereview-review-{review.pk}",
                                 origin=Origin.PUBLISHED, created_at=now)
        entry.title = title[:500]
        entry.review_type = review.review_type.slug
        entry.partnership = review.partnership.name
        entry.pseudonym, entry.age, entry.outcome = review.pseudonym, review.age_at_incident, review.outcome
        entry.year, entry.updated_at = _publication_year(review, entry, published_at or now), now
        entry.save()
        count = _sync_items(entry, incoming)
        attached = _attach_file_entries(entry, [new.text for new in incoming])
        record_event(
            actor=by, action="library.review_published_in", target=entry, now=now,
            summary=f"{'Added' if created else 'Updated'} {review.reference} in the library: {count} items "
                    f"from briefing version {version}"
                    + (f" and the review's single-agency recommendations ({len(single_agency)}"
                       f"{f', {sum(left_out.values())} left out' if left_out else ''})"
                       if single_agency or left_out else ""),
            changes={"review": review.reference, "briefing_version": version, "items": count,
                     "created": created, "year": entry.year, "single_agency_recommendations": len(single_agency),
                     **({"single_agency_left_out": dict(left_out)} if left_out else {}),
                     **({"files_attached": attached} if attached["sources"] else {})},
        )
    return entry


def _publication_year(review, entry: LibraryEntry, published_at: dt.datetime) -> int:
    """The review's publication year: its recorded publication date, else the year it was first published here."""
    if review.published_date is not None:
        return review.published_date.year
    return entry.year or published_at.year


def _findings_final(review) -> bool:
    """Signed off or later: the review's findings are final and shown to all (reviews.access)."""
    return review.stage in FINDINGS_VISIBLE_TO_ALL_FROM


def _single_agency_items(review) -> tuple[list[IncomingItem], Counter]:
    """The review's single-agency recommendations as items, and the kinds of hit that kept some out.

    They did not pass the briefing's gate, so each is checked as the gate
    would (`restricted.ungated_hits`); one with any hit is left out. Only a
    signed-off (or later) review's recommendations are read.
    """
    if not _findings_final(review):
        return [], Counter()
    items, left_out = [], Counter()
    for rec in review.single_agency_recommendations.select_related("agency").order_by("agency__name", "number"):
        text = _clean(rec.text)
        if not text:
            continue
        hits = ungated_hits(review, text)
        if hits:
            left_out.update(hits)
            continue
        named = f"{rec.agency.name}: {text}"
        items.append(IncomingItem(ItemKind.RECOMMENDATION, named, SINGLE_AGENCY_SECTION, tag_themes(named)))
    return items, left_out


def _attach_file_entries(entry: LibraryEntry, texts: list[str]) -> dict:
    """Make entries ingested from files of this review further sources of it (their items go: these are canonical).

    Returns what moved, for the audit event: the files, and how many of their
    items (and reviewer corrections) were dropped.
    """
    moved: dict = {"sources": [], "items_dropped": 0, "corrections_dropped": 0}
    for other in canonical.file_entries_for(canonical.Profile.of_entry(entry, texts)):
        other = LibraryEntry.objects.select_for_update().get(pk=other.pk)
        item_ids = list(other.items.values_list("pk", flat=True))
        moved["sources"].extend(other.sources.values_list("filename", flat=True))
        moved["items_dropped"] += len(item_ids)
        moved["corrections_dropped"] += other.items.filter(corrected=True).count()
        other.sources.update(entry=entry)
        entry.links = safe_links(sorted(set(entry.links or []) | set(other.links or [])))
        search.unindex_items(item_ids)
        other.delete()
    if moved["sources"]:
        entry.save(update_fields=["links"])
    return moved


def attach_file_copies(*, by, now: dt.datetime) -> int:
    """Make every file entry that renders a review published in CaseReview a source of that review's entry.

    Ingest does this as files and publications arrive, in either order; this
    brings a library filled before that rule up to date (the demo loader runs
    it). Returns the number of file entries attached.
    """
    attached = 0
    for entry_id in LibraryEntry.objects.filter(origin=Origin.PUBLISHED).values_list("pk", flat=True):
        with transaction.atomic():
            entry = LibraryEntry.objects.select_for_update().get(pk=entry_id)
            moved = _attach_file_entries(entry, list(entry.items.values_list("extracted_text", flat=True)))
            if not moved["sources"]:
                continue
            attached += 1
            record_event(actor=by, action="library.files_attached", target=entry, now=now,
                         summary=f"Made {len(moved['sources'])} files of {entry} further sources of it "
                                 f"({moved['items_dropped']} duplicate items removed)",
                         changes=moved)
    return attached


def remove_published_review(*, review, version: int, reason: str, by, now: dt.datetime) -> LibraryEntry | None:
    """Take a review whose briefing was withdrawn out of the library: its entry, items, themes and search rows.

    Called (through the `briefing_withdrawn` signal) inside the publishing
    transaction, when no version of the review's briefing stays public. Only the
    entry the review's published briefing created is removed. Files of the same
    briefing attached to it are public documents ingested from outside, which the
    withdrawal does not unpublish: each goes back to an entry of its own, its
    items extracted again from the text stored with it. Returns the removed
    entry, or None when the review was not in the library.
    """
    with transaction.atomic():
        entry = LibraryEntry.objects.select_for_update().filter(review=review, origin=Origin.PUBLISHED).first()
        if entry is None:
            return None
        item_ids = list(entry.items.values_list("pk", flat=True))
        kept = _detach_sources(entry, now=now)
        record_event(
            actor=by, action="library.review_withdrawn", target=entry, now=now,
            summary=f"Removed {review.reference} from the library: briefing version {version} was withdrawn "
                    f"({len(item_ids)} items)" + (f"; {len(kept)} files of it stay as entries of their own"
                                                  if kept else ""),
            changes={"review": review.reference, "briefing_version": version, "items": len(item_ids),
                     "reason": text_reference(reason), **({"files_kept": kept} if kept else {})},
        )
        search.unindex_items(item_ids)
        entry.delete()
    return entry


def _detach_sources(entry: LibraryEntry, *, now: dt.datetime) -> list[str]:
    """Give each file source of `entry` an entry of its own again (renderings of one document share one)."""
    kept = []
    for source in list(entry.sources.all()):
        extracted = extract_text(source.text, source.filename)
        incoming = _incoming_from(extracted)
        if not incoming:
            source.delete()  # nothing to show without the published entry's items
            continue
        key = extracted.identity_key()
        entry_id = _entry_id_for(key)
        home = LibraryEntry.objects.get(pk=entry_id) if entry_id is not None else None
        if home is None:
            home = LibraryEntry(identity_key=key, origin=Origin.INGESTED, created_at=source.ingested_at)
        _fill_metadata(home, extracted, fallback_title=PurePath(source.filename).stem, now=now)
        home.save()
        source.entry = home
        source.save(update_fields=["entry"])
        if entry_id is None:
            _create_items(home, incoming)
        kept.append(source.filename)
    return kept
