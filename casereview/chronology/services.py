"""Writes to chronologies. Each service runs in one transaction with its audit event."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import transaction

from casereview.audit.services import record_event, text_reference
from casereview.chronology import uploads
from casereview.chronology.engine.imports import Entry as EngineEntry
from casereview.chronology.engine.imports import ImportResult, import_file
from casereview.chronology.engine.merge import find_possible_duplicates
from casereview.chronology.models import (
    Analysis,
    DuplicateLink,
    DuplicateStatus,
    Entry,
    Episode,
    PendingUpload,
    Submission,
)
from casereview.core import storage
from casereview.core.refusals import Refused
from casereview.reviews import services as reviews_services
from casereview.reviews.models import RequestItem, Review
from casereview.tabular.dates import DAY, ParsedDate

# A file in the pending folder younger than this may be an upload whose row is not committed yet.


def _refusal(result: ImportResult) -> Refused:
    """The whole file refused: a headline, then every problem (file, row, column, reason) one a line."""
    count = len(result.problems)
    return Refused(
        f"The file was not imported: {count} problem{'' if count == 1 else 's'}. Nothing from it has been saved: "
        "correct every row listed and upload it again.",
        problems=[p.line() for p in result.problems],
    )


def _carry_key(entry: Entry) -> tuple[str, str, str]:
    return (entry.sort_key, entry.agency_label, entry.event)


def _suggest_duplicates(review: Review, new_entries: list[Entry]) -> list[DuplicateLink]:
    """Possible duplicates between the new entries and other agencies' current entries.

    Every other agency is labelled alike so the engine, which never pairs one
    agency with itself, compares only new-against-existing.
    """
    days = [e.date for e in new_entries if e.precision == DAY]
    if not days:
        return []
    others = list(
        Entry.objects.filter(
            review=review,
            is_current=True,
            precision=DAY,
            date__gte=min(days) - dt.timedelta(days=1),
            date__lte=max(days) + dt.timedelta(days=1),
        )
        .exclude(agency_id=new_entries[0].agency_id)
        .only("id", "date", "event")
    )
    rows = [(e, "new") for e in new_entries] + [(e, "existing") for e in others]
    probe = [
        EngineEntry(ParsedDate(e.date_raw, e.precision, e.date, e.latest), side, "", e.event, "", "", "", 0)
        for e, side in rows
    ]
    links = []
    for i, j in find_possible_duplicates(probe):
        a, b = rows[i][0], rows[j][0]
        first, second = (a, b) if a.pk < b.pk else (b, a)
        links.append(DuplicateLink(review=review, first=first, second=second))
    return links


def import_chronology(
    *,
    review: Review,
    agency: Any,
    file: str | Path | IO[bytes],
    name: str | None = None,
    mapping: Mapping[str, str] | None = None,
    sheet: str | None = None,
    pending: PendingUpload | None = None,
    by: Any,
    now: dt.datetime,
) -> Submission:
    """Import one agency's chronology for a review, replacing its current version.

    Preconditions: the caller has checked `by` may submit for `agency` on `review`
    (access.access_submission_agency). Steps: parse the whole file with the engine
    (nothing is stored if any row is bad, or the columns are not recognised: `Refused`
    lists every problem); then, in one transaction, retire the agency's current
    version (kept, with its entries), store the new version and its entries, carry
    the reviewer's analysis and duplicate decisions over to identical entries,
    suggest possible duplicates against other agencies, mark the agency's chronology
    request submitted (reviews.services.mark_request_submitted), remove the `pending` upload
    this came from (its file once the transaction commits), and write the audit event.
    """
    result = import_file(file, name=name, sheet=sheet or None, mapping=mapping, agency=agency.name,
                         max_bytes=settings.MAX_SPREADSHEET_BYTES)
    if not result.ok:
        raise _refusal(result)
    return _store(result, review=review, agency=agency, mapping=mapping, sheet=sheet, pending=pending, by=by, now=now)


def upload_chronology(
    *, review: Review, agency: Any, file: Any, sheet: str = "", by: Any, now: dt.datetime
) -> Submission | PendingUpload:
    """An agency's upload from the browser: import it, or keep it for the column-mapping step.

    Preconditions as import_chronology. A file whose columns are not recognised is not
    refused: it is kept privately for `by` (stash_upload) and the PendingUpload returned,
    so the user can say what each column holds. Any other problem refuses the file whole.
    """
    name = Path(getattr(file, "name", None) or str(file)).name
    result = import_file(file, name=name, sheet=sheet or None, agency=agency.name,
                         max_bytes=settings.MAX_SPREADSHEET_BYTES)
    if result.needs_mapping:
        return stash_upload(review=review, agency=agency, file=file, name=name, sheet=sheet, by=by, now=now)
    if not result.ok:
        raise _refusal(result)
    return _store(result, review=review, agency=agency, mapping=None, sheet=sheet, pending=None, by=by, now=now)


def import_pending(*, pending: PendingUpload, mapping: Mapping[str, str], by: Any, now: dt.datetime) -> Submission:
    """Import an upload kept for mapping with the columns `by` mapped; the pending upload goes with it.

    Preconditions: `pending` came from access.access_pending_upload (its owner, not
    expired) and `by` may still submit for its agency.
    """
    try:
        file = uploads.read(pending.stored_name, pending.original_name)
    except OSError:
        raise Refused("This upload has expired: upload the file again.") from None
    return import_chronology(
        review=pending.review, agency=pending.agency, file=file,
        name=pending.original_name, mapping=mapping, sheet=pending.sheet, pending=pending, by=by, now=now,
    )


def _store(result: ImportResult, *, review: Review, agency: Any, mapping: Mapping[str, str] | None,
           sheet: str | None, pending: PendingUpload | None, by: Any, now: dt.datetime) -> Submission:
    with transaction.atomic():
        Review.objects.select_for_update().filter(pk=review.pk).first()
        if pending is not None and not PendingUpload.objects.select_for_update().filter(pk=pending.pk).exists():
            # A second click on "Import" after the first one finished.
            raise Refused("This upload has already been imported or removed: see the versions listed, or upload the file again.")
        previous = Submission.objects.select_for_update().filter(review=review, agency=agency, is_current=True).first()
        version = (Submission.objects.filter(review=review, agency=agency).order_by("-version").values_list("version", flat=True).first() or 0) + 1
        if previous is not None:
            previous.is_current = False
            previous.replaced_at = now
            previous.save(update_fields=["is_current", "replaced_at"])
            Entry.objects.filter(submission=previous).update(is_current=False)
        submission = Submission.objects.create(
            review=review,
            agency=agency,
            version=version,
            file_name=Path(result.file).name,
            sheet=sheet or "",
            mapping=dict(mapping or {}),
            entry_count=len(result.entries),
            uploaded_by=by if getattr(by, "is_authenticated", False) else None,
            uploaded_at=now,
        )
        entries = Entry.objects.bulk_create(
            [
                Entry(
                    submission=submission,
                    review=review,
                    agency=agency,
                    date=e.date.earliest,
                    latest=e.date.latest,
                    precision=e.date.precision,
                    date_raw=e.date.raw[:120],
                    time=e.date.time or "",
                    sort_key=e.date.sort_key,
                    agency_label=e.agency[:200],
                    source=e.source[:300],
                    event=e.event,
                    action=e.action,
                    significance=e.significance,
                    file_name=submission.file_name,
                    row=e.row,
                )
                for e in result.entries
            ],
            batch_size=1000,
        )
        if not all(e.pk for e in entries):
            # Backends that do not return ids from bulk inserts: read them back in row order.
            entries = list(Entry.objects.filter(submission=submission).order_by("id"))
        carried = _carry_over(previous, entries, by=by, now=now) if previous is not None else {"analyses": 0, "decisions": 0}
        suggested = _suggest_duplicates(review, entries)
        # A pair already decided (carried over above) keeps its decision.
        DuplicateLink.objects.bulk_create(suggested, ignore_conflicts=True)
        record_event(
            actor=by,
            action="chronology.imported",
            summary=(
                f"{agency} chronology version {version} imported for {review.reference}: {len(entries)} entries"
                + (f", replacing version {previous.version}" if previous else "")
            ),
            target=submission,
            changes={
                "file": submission.file_name,
                "entries": len(entries),
                "version": [previous.version if previous else None, version],
                "mapping": submission.mapping,
                "possible_duplicates": len(suggested),
                "carried_over": carried,
                "mapped_after_upload": pending is not None,
            },
            now=now,
        )
        # The agency's chronology request (if it was asked for one) is answered by this import.
        reviews_services.mark_request_submitted(review=review, agency=agency, item=RequestItem.CHRONOLOGY, by=by,
                                                now=now, source=f"chronology import version {version}")
        if pending is not None:
            _remove_pending(pending)
    return submission


def _carry_over(previous: Submission, entries: list[Entry], *, by: Any, now: dt.datetime) -> dict[str, int]:
    """Give unchanged entries of the new version the reviewer's analysis and decided duplicate links."""
    new_by_key: dict[tuple[str, str, str], Entry] = {}
    for entry in entries:
        new_by_key.setdefault(_carry_key(entry), entry)
    old_entries = {e.pk: e for e in Entry.objects.filter(submission=previous)}
    old_to_new = {pk: new_by_key[_carry_key(e)] for pk, e in old_entries.items() if _carry_key(e) in new_by_key}

    analyses = [
        Analysis(entry=old_to_new[a.entry_id], text=a.text, updated_by=a.updated_by, updated_at=a.updated_at)
        for a in Analysis.objects.filter(entry__submission=previous)
        if a.entry_id in old_to_new
    ]
    Analysis.objects.bulk_create(analyses)

    decisions = []
    decided = DuplicateLink.objects.filter(review=previous.review).exclude(status=DuplicateStatus.SUGGESTED)
    touching = (decided.filter(first__submission=previous) | decided.filter(second__submission=previous)).select_related(
        "first", "second"
    )
    for link in touching:
        # An entry of the old version maps to its unchanged twin; an entry that changed loses the decision.
        first = old_to_new.get(link.first_id) if link.first_id in old_entries else link.first
        second = old_to_new.get(link.second_id) if link.second_id in old_entries else link.second
        if first is None or second is None or not (first.is_current and second.is_current):
            continue
        a, b = (first, second) if first.pk < second.pk else (second, first)
        decisions.append(
            DuplicateLink(review=link.review, first=a, second=b, status=link.status,
                          decided_by=link.decided_by, decided_at=link.decided_at)
        )
    DuplicateLink.objects.bulk_create(decisions, ignore_conflicts=True)
    return {"analyses": len(analyses), "decisions": len(decisions)}


def save_analysis(*, entry: Entry, text: str, by: Any, now: dt.datetime) -> Analysis | None:
    """Set the reviewer's analysis of an entry; empty text removes it. The agency's facts are untouched."""
    text = text.strip()
    with transaction.atomic():
        existing = Analysis.objects.select_for_update().filter(entry=entry).first()
        old = existing.text if existing else ""
        if text == old:
            return existing
        if not text:
            existing.delete()
            result = None
        elif existing:
            existing.text, existing.updated_by, existing.updated_at = text, by, now
            existing.save(update_fields=["text", "updated_by", "updated_at"])
            result = existing
        else:
            result = Analysis.objects.create(entry=entry, text=text, updated_by=by, updated_at=now)
        record_event(
            actor=by,
            action="chronology.analysis",
            summary=f"Reviewer analysis {'removed from' if not text else 'recorded on'} a {entry.agency} entry of {entry.date_label}",
            target=entry, target_label=f"Chronology entry {entry.pk}",
            changes={"analysis": [text_reference(old), text_reference(text)]},
            now=now,
        )
    return result


def create_episode(
    *, review: Review, name: str, start: dt.date, end: dt.date, description: str = "", by: Any, now: dt.datetime
) -> Episode:
    """Name a key practice episode (a period) of the review's chronology."""
    name = name.strip()
    if not name:
        raise Refused("Give the episode a name.", "name")
    if end < start:
        raise Refused("The episode must end on or after its start.", "end")
    with transaction.atomic():
        episode = Episode.objects.create(
            review=review, name=name, start=start, end=end, description=description.strip(), created_by=by, created_at=now
        )
        record_event(
            actor=by,
            action="chronology.episode_created",
            summary=f"Key practice episode {episode.pk} ({start:%d/%m/%Y} to {end:%d/%m/%Y}) added to {review.reference}",
            target=episode, target_label=f"Key practice episode {episode.pk}",
            changes={"name": text_reference(name), "start": start, "end": end},
            now=now,
        )
    return episode


def delete_episode(*, episode: Episode, by: Any, now: dt.datetime) -> None:
    """Remove a key practice episode (the reviewer's grouping only; no entry changes)."""
    with transaction.atomic():
        record_event(
            actor=by,
            action="chronology.episode_deleted",
            summary=f"Key practice episode {episode.pk} removed from {episode.review.reference}",
            target=episode, target_label=f"Key practice episode {episode.pk}",
            changes={"name": text_reference(episode.name), "start": episode.start, "end": episode.end},
            now=now,
        )
        episode.delete()


def decide_duplicate(*, link: DuplicateLink, status: str, by: Any, now: dt.datetime) -> DuplicateLink:
    """Record the reviewer's decision on a possible duplicate. Both entries always stay."""
    if status not in DuplicateStatus.values:
        raise Refused("Choose same event, different events or undecided.", "status")
    with transaction.atomic():
        old = link.status
        link.status = status
        link.decided_by = by if status != DuplicateStatus.SUGGESTED else None
        link.decided_at = now if status != DuplicateStatus.SUGGESTED else None
        link.save(update_fields=["status", "decided_by", "decided_at"])
        record_event(
            actor=by,
            action="chronology.duplicate_decided",
            summary=f"Possible duplicate marked '{DuplicateStatus(status).label}'",
            target=link,
            changes={"status": [old, status], "entries": [link.first_id, link.second_id]},
            now=now,
        )
    return link


def stash_upload(
    *, review: Review, agency: Any, file: Any, name: str, sheet: str = "", by: Any, now: dt.datetime
) -> PendingUpload:
    """Keep an upload privately for `by` until they map its columns, or it expires.

    Preconditions: as import_chronology. Steps: store the file in the private
    storage's pending folder (owner-only, a random name); in one transaction replace
    `by`'s earlier pending upload for this review and agency, record the row with an
    unguessable token and an expiry CASEREVIEW_PENDING_UPLOAD_HOURS from now, and write
    the audit event (which never names the file: its name may name the child).
    """
    stored_name = uploads.write_private(file, name)
    try:
        with transaction.atomic():
            for earlier in PendingUpload.objects.select_for_update().filter(review=review, agency=agency, owner=by):
                _discard(earlier, by=by, now=now, reason="replaced by a new upload")
            pending = PendingUpload.objects.create(
                token=secrets.token_urlsafe(32), review=review, agency=agency, owner=by, original_name=name[:255],
                sheet=(sheet or "")[:120], stored_name=stored_name, created_at=now,
                expires_at=now + dt.timedelta(hours=settings.CASEREVIEW_PENDING_UPLOAD_HOURS),
            )
            record_event(
                actor=by,
                action="chronology.upload_pending",
                summary=f"{agency} chronology upload for {review.reference} kept for column mapping "
                        f"until {pending.expires_at:%d/%m/%Y %H:%M}",
                target=pending,
                changes={"expires_at": pending.expires_at},
                now=now,
            )
    except BaseException:
        uploads.remove(stored_name)
        raise
    return pending


def discard_pending(*, pending: PendingUpload, by: Any, now: dt.datetime, reason: str = "discarded by its owner") -> None:
    """Remove an upload waiting for mapping: the row now, its file once the transaction commits.

    Preconditions: `pending` came from access.access_pending_upload, or `by` is None (cleanup).
    """
    with transaction.atomic():
        _discard(pending, by=by, now=now, reason=reason)


def _discard(pending: PendingUpload, *, by: Any, now: dt.datetime, reason: str) -> None:
    record_event(
        actor=by,
        action="chronology.upload_discarded",
        summary=f"{pending.agency} chronology upload for {pending.review.reference} waiting for column mapping "
                f"removed: {reason}",
        target=pending,
        changes={"reason": reason},
        now=now,
    )
    _remove_pending(pending)


def _remove_pending(pending: PendingUpload) -> None:
    stored_name = pending.stored_name
    pending.delete()
    # The file goes only when the deletion is committed, so a rollback never leaves a row without its file.
    transaction.on_commit(lambda: uploads.remove(stored_name))


def remove_abandoned_uploads(*, now: dt.datetime) -> dict[str, int]:
    """Cleanup for cron: expired pending uploads, rows whose file is gone, and files with no row.

    Idempotent: a second run finds nothing. Each removed row gets an audit event
    (actor: the system); orphan files have no row to name, so they are only counted.
    """
    removed = {"expired": 0, "missing_file": 0, "orphan_files": 0}
    for pending in PendingUpload.objects.select_related("review", "agency").order_by("id"):
        if pending.expires_at <= now:
            discard_pending(pending=pending, by=None, now=now, reason="expired")
            removed["expired"] += 1
        elif not uploads.exists(pending.stored_name):
            discard_pending(pending=pending, by=None, now=now, reason="its file was missing")
            removed["missing_file"] += 1
    known = PendingUpload.objects.values_list("stored_name", flat=True)
    for alias, name in uploads.orphans(known, older_than=now - storage.ORPHAN_GRACE):
        uploads.remove_orphan(alias, name)
        removed["orphan_files"] += 1
    return removed
