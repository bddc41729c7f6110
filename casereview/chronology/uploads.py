"""The private folder for chronology uploads waiting for a column mapping.

It lives under CASEREVIEW_DATA_DIR/private/pending, outside MEDIA_ROOT, with the
folders readable by the service account only (0o700) and each file 0o600. Files are
named at random; the database row (models.PendingUpload) says whose each one is, so
a file with no row is an orphan that cleanup removes.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.conf import settings

SUFFIXES = {".csv", ".xlsx", ".xlsm", ".txt", ".tsv"}
# Where earlier versions left uploads waiting for a mapping, with no owner recorded: cleanup empties it.
LEGACY_FOLDER = "chronology-pending"


def pending_folder() -> Path:
    """The folder, created owner-only if missing (and tightened if it was not)."""
    folder = Path(settings.CASEREVIEW_PRIVATE_DIR) / "pending"
    for path in (folder.parent, folder):
        path.mkdir(mode=0o700, exist_ok=True, parents=True)
        os.chmod(path, 0o700)
    return folder


def write_private(upload: Any, original_name: str) -> str:
    """Copy an uploaded file (chunks(), read() or a path) into the folder; returns its stored name."""
    suffix = Path(original_name).suffix.lower()
    stored_name = secrets.token_hex(16) + (suffix if suffix in SUFFIXES else "")
    path = pending_folder() / stored_name
    # O_EXCL: never follow or reuse an existing name; 0o600 before a byte is written.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(upload, str | Path):
                handle.write(Path(upload).read_bytes())
            else:
                if hasattr(upload, "seek"):
                    upload.seek(0)  # the import already read it once
                for chunk in upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(1 << 20), b""):
                    handle.write(chunk)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return stored_name


def path_of(stored_name: str) -> Path:
    return Path(settings.CASEREVIEW_PRIVATE_DIR) / "pending" / Path(stored_name).name


def remove(stored_name: str) -> None:
    path_of(stored_name).unlink(missing_ok=True)


def orphans(known: Iterable[str], *, older_than: dt.datetime) -> list[Path]:
    """Files in the folder with no row, last written before `older_than`, and any in the legacy folder.

    The grace period covers an upload being written right now, whose row is not
    committed yet.
    """
    known = set(known)
    cutoff = older_than.timestamp()
    private = Path(settings.CASEREVIEW_PRIVATE_DIR) / "pending"
    legacy = Path(settings.MEDIA_ROOT) / LEGACY_FOLDER
    found = []
    for folder, names_with_rows in ((private, known), (legacy, set())):
        if folder.is_dir():
            found += [p for p in folder.iterdir() if p.name not in names_with_rows
                      and (p.is_file() or p.is_symlink()) and p.lstat().st_mtime < cutoff]
    return sorted(found)
