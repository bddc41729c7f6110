"""Stored files through Django's storage API, wherever they live (local folders or an S3-compatible bucket).

Two storages (settings.STORAGES): "default" for agency reports, action evidence and
briefing renderings, "private" for chronology uploads waiting for a column mapping.
Code reads and writes them by name only (open, save, delete, exists, listdir), never by
a path on disk, so several app servers can share one bucket. Downloads stream through
the permissioned views; nothing is ever given a public address.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.utils.functional import cached_property

CHUNK = 1 << 20
# How old a file with no row must be before a cleanup removes it: the time an upload may take
# between storing its file and committing the row that names it, with room to spare.
ORPHAN_GRACE = dt.timedelta(hours=1)
logger = logging.getLogger(__name__)


class PrivateFileSystemStorage(FileSystemStorage):
    """The local "private" storage: CASEREVIEW_PRIVATE_DIR (outside MEDIA_ROOT), owner-only like uploads."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.CASEREVIEW_PRIVATE_DIR)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "CASEREVIEW_PRIVATE_DIR":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)


def default() -> Storage:
    return storages["default"]


def private() -> Storage:
    return storages["private"]


def is_local(storage: Storage) -> bool:
    """True for folders on this machine (FileSystemStorage), False for object storage."""
    return isinstance(storage, FileSystemStorage)


def walk(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every stored name under `folder`, recursively, sorted; a missing folder has none."""
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:
        return
    prefix = f"{folder.rstrip('/')}/" if folder else ""
    for name in sorted(files):
        yield prefix + name
    for directory in sorted(directories):
        yield from walk(storage, prefix + directory)


def read_bytes(storage: Storage, name: str) -> bytes:
    with storage.open(name, "rb") as handle:
        return handle.read()


def modified(storage: Storage, name: str):
    """When `name` was last written (aware); a file gone meanwhile counts as brand new."""
    try:
        return storage.get_modified_time(name)
    except FileNotFoundError:
        from django.utils import timezone

        return timezone.now()


def unreferenced(storage: Storage, folder: str, referenced: Iterable[str], *, older_than: dt.datetime) -> list[str]:
    """Names under `folder` that no row refers to, last written before `older_than`.

    A file is stored before the row naming it is committed, so a process killed in between
    leaves a file with no row; cleanups remove those. The grace period (`older_than`) spares
    an upload whose row is being committed right now.
    """
    referenced = set(referenced)
    return [name for name in walk(storage, folder) if name not in referenced and modified(storage, name) < older_than]


def remove_unreferenced(storage: Storage, folder: str, referenced: Iterable[str], *, older_than: dt.datetime) -> int:
    """Delete what `unreferenced` finds and return how many, with one safeguard: when no row names any
    file at all while files are there, nothing is deleted and a warning is logged. That is a database
    which is not this storage's (a restored or staging copy, a wrong data folder), not a set of orphans."""
    referenced = set(referenced)
    found = unreferenced(storage, folder, referenced, older_than=older_than)
    if found and not referenced:
        logger.warning("cleanup: %d file(s) under %s/ and no row names any of them; nothing deleted. Is this "
                       "database the one these files belong to?", len(found), folder)
        return 0
    for name in found:
        storage.delete(name)
    return len(found)


@contextlib.contextmanager
def deleted_on_failure(storage: Storage) -> Iterator[list[str]]:
    """`with deleted_on_failure(store) as written:` append each name stored in the block; if the block
    raises (so the transaction that would have named them is rolled back), those files are deleted.
    Inside `transaction.atomic()`, an error from the commit itself keeps the file (it says nothing
    sure about whether the row was stored) and the cleanup (`unreferenced`) removes it later if no
    row names it; around the transaction, that error deletes the file too. A file that cannot be
    deleted now is left for that cleanup."""
    written: list[str] = []
    try:
        yield written
    except BaseException:
        for name in written:
            with contextlib.suppress(Exception):
                storage.delete(name)
        raise
