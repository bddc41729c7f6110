"""Stored files through Django's storage API, wherever they live (local folders or an S3-compatible bucket).

Two storages (settings.STORAGES): "default" for agency reports, action evidence and
briefing renderings, "private" for chronology uploads waiting for a column mapping.
Code reads and writes them by name only (open, save, delete, exists, listdir), never by
a path on disk, so several app servers can share one bucket. Downloads stream through
the permissioned views; nothing is ever given a public address.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.utils.functional import cached_property

CHUNK = 1 << 20


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
