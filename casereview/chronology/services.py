"""Writes to chronologies. Each service runs in one transaction with its audit event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.db import transaction

from casereview.audit.services import record_event, text_reference
from casereview.chronology.engine.dates import DAY, ParsedDate
from casereview.chronology.engine.headers import HeaderMatch
from casereview.chronology.engine.imports import Entry as EngineEntry
from casereview.chronology.engine.imports import Problem, import_file
from casereview.chronology.engine.merge import find_possible_duplicates
from casereview.chronology.models import Analysis, DuplicateLink, DuplicateStatus, Entry, Episode, Submission
from casereview.reviews.models import Review


@dataclass
class ChronologyRefused(Exception):
    """The file was refused whole; nothing was stored. `header` is set when columns need mapping."""

    problems: list[Problem]
    header: HeaderMatch | None = None
    header_row: int | None = None

    @property
    def needs_mapping(self) -> bool:
        return self.header is not None and not self.header.ok

    def __str__(self) -> str:
        return f"{len(self.problems)} problem(s); nothing imported"


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
    by: Any,
    now: dt.datetime,
) -> Submission:
    """Import one agency's chronology for a review, replacing its current version.

    Preconditions: the caller has checked `by` may submit for `agency` on `review`
    (access.access_submission_agency). Steps: parse the whole file with the engine
    (nothing is stored if any row is bad: ChronologyRefused lists every problem);
    then, in one transaction, retire the agency's current version (kept, with its
    entries), store the new version and its entries, carry the reviewer's analysis
    and duplicate decisions over to identical entries, suggest possible duplicates
    against other agencies, and write the audit event.
    """
    result = import_file(file, name=name, sheet=sheet or None, mapping=mapping, agency=agency.name)
    if not result.ok:
        raise ChronologyRefused(result.problems, result.header, result.header_row)

    with transaction.atomic():
        Review.objects.select_for_update().filter(pk=review.pk).first()
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
            },
            now=now,
        )
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
        raise ValidationError({"name": "Give the episode a name."})
    if end < start:
        raise ValidationError({"end": "The episode must end on or after its start."})
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
        raise ValidationError({"status": "Choose same event, different events or undecided."})
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
