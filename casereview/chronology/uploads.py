"""Stored chronology uploads waiting for a column mapping.

They live in the "private" storage (core/storage.py) under pending/: locally
CASEREVIEW_DATA_DIR/private/pending, outside MEDIA_ROOT, owner-only (folders 0o700,
files 0o600); with object storage, the bucket's private/ prefix, so that whichever
app server answers the mapping page finds the file. Files are named at random; the
database row (models.PendingUpload) says whose each one is, so a file with no row is
an orphan that cleanup removes.
"""

from __future__ import annotations

import datetime as dt
import io
import secrets
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Any

from django.core.files import File

from casereview.core import storage

SUFFIXES = {".csv", ".xlsx", ".xlsm", ".txt", ".tsv"}
FOLDER = "pending"
# Where earlier versions left uploads waiting for a mapping (in the default storage), with no owner recorded:
# cleanup empties it.
LEGACY_FOLDER = "chronology-pending"


def _name(stored_name: str) -> str:
    return f"{FOLDER}/{PurePosixPath(stored_name).name}"


def write_private(upload: Any, original_name: str) -> str:
    """Store an uploaded file (chunks(), read() or a path) under a random name; returns that name."""
    suffix = Path(original_name).suffix.lower()
    wanted = secrets.token_hex(16) + (suffix if suffix in SUFFIXES else "")
    if isinstance(upload, str | Path):
        with Path(upload).open("rb") as handle:
            saved = storage.private().save(_name(wanted), File(handle))
    else:
        if hasattr(upload, "seek"):
            upload.seek(0)  # the import already read it once
        saved = storage.private().save(_name(wanted), upload if hasattr(upload, "chunks") else File(upload))
    return PurePosixPath(saved).name


def exists(stored_name: str) -> bool:
    return storage.private().exists(_name(stored_name))


def read(stored_name: str, original_name: str) -> io.BytesIO:
    """The stored file's bytes, as an open binary file named like the upload (FileNotFoundError if gone)."""
    data = storage.read_bytes(storage.private(), _name(stored_name))
    handle = io.BytesIO(data)
    handle.name = original_name
    return handle


def remove(stored_name: str) -> None:
    storage.private().delete(_name(stored_name))


def orphans(known: Iterable[str], *, older_than: dt.datetime) -> list[tuple[str, str]]:
    """(storage alias, name) of files with no row, last written before `older_than`, and any in the legacy folder.

    The grace period covers an upload being written right now, whose row is not
    committed yet.
    """
    known = {_name(k) for k in known}
    found = []
    for alias, folder, names_with_rows in (("private", FOLDER, known), ("default", LEGACY_FOLDER, set())):
        store = storage.private() if alias == "private" else storage.default()
        found += [(alias, name) for name in storage.unreferenced(store, folder, names_with_rows, older_than=older_than)]
    return sorted(found)


def remove_orphan(alias: str, name: str) -> None:
    (storage.private() if alias == "private" else storage.default()).delete(name)
