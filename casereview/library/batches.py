"""Bulk uploads from the browser: a batch of files ingested by a background job.

`create_batch` (the request) checks the upload, stores each file in default_storage,
writes the batch with one row per file and enqueues `library.tasks.ingest_batch`, all
committed together. `run_batch` (the job) ingests each waiting file with the same
`services.ingest_file` the command line uses (so extraction and OCR of image-only PDFs
happen in the worker, not the request) and records what became of it.

Idempotent: a file's row says how far it got. A file is marked `reading` (with its
SHA-256) before it is ingested, so a job run again after a crash that finds those bytes
in the library knows it stored them itself (done, not duplicate), and the library's
content dedupe means nothing is ever added twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import uuid
from collections import Counter
from dataclasses import asdict
from pathlib import PurePath, PurePosixPath

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from casereview.audit.services import record_event
from casereview.core import storage
from casereview.core.refusals import Refused
from casereview.library import services
from casereview.library.archive import ZipLimits, briefings_in_zip
from casereview.library.models import FINISHED, FileStatus, IngestBatch, IngestFile, Source

logger = logging.getLogger(__name__)
SUFFIXES = tuple(services.MEDIA_TYPES)
_OUTCOMES = {services.CREATED: FileStatus.DONE, services.ADDED_SOURCE: FileStatus.DONE,
             services.METADATA_SET: FileStatus.DONE, services.UNCHANGED: FileStatus.DUPLICATE,
             services.FAILED: FileStatus.REFUSED, services.HELD: FileStatus.HELD}


def _limits() -> ZipLimits:
    return ZipLimits(members=settings.CASEREVIEW_MAX_BATCH_FILES, member_bytes=settings.MAX_UPLOAD_BYTES,
                     total_bytes=settings.CASEREVIEW_MAX_ZIP_BYTES, ratio=settings.CASEREVIEW_MAX_ZIP_RATIO)


def _expand(files) -> list[tuple[str, bytes | int]]:
    """(name, bytes) of each upload, with every .zip replaced by the briefings in it, and (name, size)
    for a file over the size limit (never read); refuses the lot on any archive problem."""
    expanded: list[tuple[str, bytes | int]] = []
    problems: list[str] = []
    for upload in files:
        name = PurePath(upload.name or "").name or "unnamed"
        if PurePath(name).suffix.lower() != ".zip":
            expanded.append((name, upload.read() if upload.size <= settings.MAX_UPLOAD_BYTES else upload.size))
            continue
        if upload.size > settings.CASEREVIEW_MAX_ZIP_BYTES:
            problems.append(f"{name}: {upload.size / 1_048_576:.1f} MB, over the "
                            f"{settings.CASEREVIEW_MAX_ZIP_BYTES / 1_048_576:.0f} MB limit: split it into smaller archives")
            continue
        found, wrong = briefings_in_zip(upload.read(), archive=name, suffixes=SUFFIXES, limits=_limits())
        problems += wrong
        expanded += [(f"{name}/{PurePosixPath(member).name}", content) for member, content in found]
    if problems:
        raise Refused("The archive was not accepted, so nothing was uploaded: " + problems[0]
                      + (f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""),
                      field="files", problems=problems)
    if len(expanded) > settings.CASEREVIEW_MAX_BATCH_FILES:
        raise Refused(f"{len(expanded)} files is more than the {settings.CASEREVIEW_MAX_BATCH_FILES} one upload may "
                      "hold: upload them in smaller groups", field="files")
    return expanded


def _too_large(size: int) -> str:
    limit = settings.MAX_UPLOAD_BYTES / 1_048_576
    return (f"file too large ({size / 1_048_576:.1f} MB > limit {limit:.1f} MB): "
            "split the document or ask an administrator to raise the limit")


def create_batch(*, files, by, now: dt.datetime) -> IngestBatch:
    """Store the uploaded files (file objects: name, size, read(); a .zip is unpacked, see
    library/archive.py) and queue their ingest.

    Refuses the whole upload, storing nothing, when an archive is unsafe or there are too
    many files. A file over the size limit is recorded as refused and never stored.
    """
    uploads = _expand(files)
    folder = f"library-batches/{uuid.uuid4().hex}"
    stored: list[str] = []
    with storage.deleted_on_failure(default_storage) as written:
        for position, (_name, data) in enumerate(uploads):
            if isinstance(data, bytes):
                # The stored name is ours, never the uploader's: it only has to be unique.
                stored.append(default_storage.save(f"{folder}/{position:04d}.upload", ContentFile(data)))
                written.append(stored[-1])
            else:
                stored.append("")
        with transaction.atomic():
            batch = IngestBatch.objects.create(partnership_id=by.partnership_id, created_by=by, created_at=now)
            IngestFile.objects.bulk_create([
                IngestFile(batch=batch, position=n, name=name[:300], size=_size(data), stored_name=stored[n],
                           **({} if stored[n] else {"status": FileStatus.REFUSED, "error": _too_large(_size(data)),
                                                     "finished_at": now}))
                for n, (name, data) in enumerate(uploads)])
            record_event(actor=by, action="library.batch_uploaded", target=batch, now=now,
                         summary=f"Uploaded {len(uploads)} file{'s' if len(uploads) != 1 else ''} for the library "
                                 f"(upload {batch.pk}); a background job adds them",
                         changes={"files": len(uploads)})
            _enqueue(batch)
    return batch


def _size(data: bytes | int) -> int:
    return len(data) if isinstance(data, bytes) else data


def _enqueue(batch: IngestBatch) -> None:
    from casereview.library.tasks import ingest_batch

    ingest_batch.enqueue(batch.pk)


def confirm_held(*, batch: IngestBatch, by, now: dt.datetime) -> int:
    """Add the batch's held files after their uploader has checked the matches: queues them again,
    confirmed for their exact bytes. Only the uploader may confirm (the matches were shown to them)."""
    if batch.created_by_id != by.pk:
        raise Refused("Only the person who uploaded these files can confirm the matches held them back")
    with transaction.atomic():
        held = IngestFile.objects.select_for_update().filter(batch=batch, status=FileStatus.HELD)
        count = held.update(status=FileStatus.WAITING, confirmed=True, matches=[], finished_at=None)
        if not count:
            raise Refused("There are no held files left to add in this upload")
        IngestBatch.objects.filter(pk=batch.pk).update(finished_at=None)
        record_event(actor=by, action="library.batch_confirmed", target=batch, now=now,
                     summary=f"Confirmed {count} held file{'s' if count != 1 else ''} of upload {batch.pk} "
                             "after checking their matches; a background job adds them", changes={"files": count})
        _enqueue(batch)
    return count


def discard_held(*, batch: IngestBatch, by, now: dt.datetime) -> int:
    """Drop the batch's held files without adding them (their stored copies are deleted)."""
    if batch.created_by_id != by.pk:
        raise Refused("Only the person who uploaded these files can decide not to add them")
    with transaction.atomic():
        held = list(IngestFile.objects.select_for_update().filter(batch=batch, status=FileStatus.HELD))
        if not held:
            raise Refused("There are no held files left in this upload")
        IngestFile.objects.filter(pk__in=[f.pk for f in held]).update(
            status=FileStatus.REFUSED, matches=[], error="held back and not added: you chose not to add it")
        record_event(actor=by, action="library.batch_discarded", target=batch, now=now,
                     summary=f"Chose not to add {len(held)} held file{'s' if len(held) != 1 else ''} of upload "
                             f"{batch.pk}", changes={"files": len(held)})
    _delete_stored(batch)
    return len(held)


def run_batch(*, batch_id: int, clock) -> dict[str, int]:
    """The job: ingest every file of the batch not yet finished, then tidy the stored copies.
    `clock()` gives the time for each file (a long batch spans minutes). Returns counts by status."""
    batch = IngestBatch.objects.select_related("created_by").filter(pk=batch_id).first()
    if batch is None:
        return {}
    for row in batch.files.exclude(status__in=FINISHED).order_by("position"):
        try:
            _run_file(batch, row, now=clock())
        except Exception:
            # One file the engine chokes on must not stop the rest; its own transaction has rolled back.
            logger.exception("library upload %s: file %s failed", batch.pk, row.pk)
            _finish(row, FileStatus.REFUSED, now=clock(), error="could not be read (an unexpected error, logged "
                                                                "for the administrator): check the file opens")
    _delete_stored(batch)
    if not batch.files.exclude(status__in=FINISHED).exists():
        IngestBatch.objects.filter(pk=batch.pk, finished_at__isnull=True).update(finished_at=clock())
    return dict(Counter(batch.files.values_list("status", flat=True)))


def _finish(row: IngestFile, status: str, *, now: dt.datetime, **fields) -> None:
    for name, value in {"status": status, "finished_at": now, **fields}.items():
        setattr(row, name, value)
    row.save()


def _run_file(batch: IngestBatch, row: IngestFile, *, now: dt.datetime) -> None:
    if batch.created_by is None or not batch.created_by.is_active:
        # The restricted-identifier check needs the uploader: without them nothing is added unchecked.
        return _finish(row, FileStatus.REFUSED, now=now, error="the person who uploaded it no longer has an account")
    with default_storage.open(row.stored_name, "rb") as stored:
        data = stored.read()
    sha = hashlib.sha256(data).hexdigest()
    known = Source.objects.filter(sha256=sha).values_list("entry_id", flat=True).first()
    if known is not None:
        # In the library already: before this job started (duplicate), or stored by this job
        # just before a crash (the row was marked reading with these bytes).
        mine = row.status == FileStatus.READING and row.sha256 == sha
        return _finish(row, FileStatus.DONE if mine else FileStatus.DUPLICATE, now=now, sha256=sha, entry_id=known,
                       result=services.CREATED if mine else services.UNCHANGED,
                       items=Source.objects.get(sha256=sha).entry.items.count())
    IngestFile.objects.filter(pk=row.pk).update(status=FileStatus.READING, sha256=sha)
    row.status, row.sha256 = FileStatus.READING, sha
    outcome = services.ingest_file(data=data, filename=PurePosixPath(row.name).name, by=batch.created_by, now=now,
                                   confirmed={sha} if row.confirmed else ())
    _finish(row, _OUTCOMES[outcome.result], now=now, result=outcome.result, entry=outcome.entry, items=outcome.items,
            error=outcome.error, matches=[asdict(m) for m in outcome.matches])


def _delete_stored(batch: IngestBatch) -> None:
    """Delete the stored copies the job no longer needs (everything but held files)."""
    done = batch.files.exclude(stored_name="").exclude(status__in=[FileStatus.WAITING, FileStatus.READING,
                                                                    FileStatus.HELD])
    for row in done:
        default_storage.delete(row.stored_name)
        IngestFile.objects.filter(pk=row.pk).update(stored_name="")


def expire_held(*, now: dt.datetime) -> int:
    """Cleanup for cron: held files their uploader has not checked within CASEREVIEW_HELD_UPLOAD_DAYS
    are not added and their stored copies deleted, as if the uploader had chosen not to add them.
    Returns how many files."""
    days = settings.CASEREVIEW_HELD_UPLOAD_DAYS
    cutoff = now - dt.timedelta(days=days)
    expired = 0
    for batch in IngestBatch.objects.filter(created_at__lt=cutoff, files__status=FileStatus.HELD).distinct():
        with transaction.atomic():
            held = IngestFile.objects.select_for_update().filter(batch=batch, status=FileStatus.HELD)
            count = held.update(status=FileStatus.REFUSED, matches=[],
                                error=f"held back and not added: nobody checked it within {days} days")
            if count:
                record_event(actor=None, action="library.batch_expired", target=batch, now=now,
                             summary=f"{count} held file{'s' if count != 1 else ''} of upload {batch.pk} not added: "
                                     f"unchecked after {days} days", changes={"files": count})
        _delete_stored(batch)
        expired += count
    return expired
