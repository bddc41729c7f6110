"""The stored files in a backup: which storages, how they are copied, checked and put back.

Two storages hold files (core/storage.py): "default" (agency reports, action evidence,
briefing renderings; root "uploads") and "private" (chronology uploads waiting for a
column mapping, which the database's pending rows name, so they go in the backup too
although they live a day at most). In a backup they sit under files/<root>/, one
manifest line each: relative path, size, SHA-256. Every path read back from a manifest
is treated as hostile: relative, inside its root, no `..`, no symbolic links.

A storage on local disk is copied folder by folder and swapped back in with renames.
Object storage (CASEREVIEW_STORAGE_URL) is listed and copied through the storage API,
and put back object by object: every backed-up object written under its own name, then
every object the backup does not hold deleted.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from django.core.files import File
from django.core.files.storage import Storage

from casereview.core import storage
from casereview.core.storage import is_local

CHUNK = 1 << 20


@dataclass(frozen=True)
class StoredFile:
    path: str  # "<root>/<relative path>", always with forward slashes
    size: int
    sha256: str

    def as_json(self) -> dict:
        return {"path": self.path, "size": self.size, "sha256": self.sha256}


def copy_hashing(source: Path, target: Path) -> tuple[int, str]:
    """Copy one file (owner-only permissions), returning its size and SHA-256 as read."""
    with source.open("rb") as reader:
        return write_hashing(reader, target)


def write_hashing(reader: IO[bytes], target: Path) -> tuple[int, str]:
    """Write what `reader` gives into a new owner-only file, returning its size and SHA-256."""
    digest = hashlib.sha256()
    size = 0
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as writer:
        while chunk := reader.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            writer.write(chunk)
    return size, digest.hexdigest()


def hash_stream(reader: IO[bytes]) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    while chunk := reader.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return size, digest.hexdigest()


def hash_file(path: Path) -> tuple[int, str]:
    with path.open("rb") as reader:
        return hash_stream(reader)


def hash_stored(store: Storage, name: str) -> tuple[int, str] | None:
    """Size and SHA-256 of a stored file, or None when it is missing (or a symbolic link on disk)."""
    if is_local(store):
        path = Path(store.path(name))
        return hash_file(path) if path.is_file() and not path.is_symlink() else None
    try:
        with store.open(name, "rb") as reader:
            return hash_stream(reader)
    except FileNotFoundError:
        return None


def walk(root: Path) -> tuple[list[Path], list[str]]:
    """Regular files under `root` (sorted), and a problem line for anything else found there."""
    found: list[Path] = []
    skipped: list[str] = []
    if not root.is_dir():
        return found, skipped
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        base = Path(dirpath)
        dirnames.sort()
        for name in dirnames:
            if (base / name).is_symlink():
                skipped.append(f"{base / name}: a symbolic link, not followed")
        for name in sorted(filenames):
            path = base / name
            if path.is_symlink() or not path.is_file():
                skipped.append(f"{path}: not a regular file, not backed up")
            else:
                found.append(path)
    return found, skipped


def copy_tree(roots: dict[str, Storage], target: Path) -> tuple[list[StoredFile], list[str]]:
    """Copy every stored file of each root into target/<root name>/...; returns the manifest lines."""
    stored: list[StoredFile] = []
    skipped: list[str] = []
    for name, store in roots.items():
        (target / name).mkdir(parents=True, exist_ok=True, mode=0o700)
        if is_local(store):
            root = Path(store.location)
            files, problems = walk(root)
            skipped += problems
            for path in files:
                relative = path.relative_to(root).as_posix()
                size, sha = copy_hashing(path, target / name / relative)
                stored.append(StoredFile(f"{name}/{relative}", size, sha))
            continue
        for key in storage.walk(store):
            pure = safe_relative(f"{name}/{key}", {name})
            if pure is None:
                skipped.append(f"{name}/{key}: not a usable file name, not backed up")
                continue
            with store.open(key, "rb") as reader:
                size, sha = write_hashing(reader, target / pure)
            stored.append(StoredFile(pure.as_posix(), size, sha))
    return stored, skipped


def safe_relative(path: str, roots: set[str]) -> PurePosixPath | None:
    """A manifest path as a safe relative path inside one of `roots`, or None."""
    if not isinstance(path, str) or not path or "\\" in path or "\x00" in path:
        return None
    pure = PurePosixPath(path)
    if pure.is_absolute() or any(part in ("", ".", "..") for part in pure.parts) or len(pure.parts) < 2:
        return None
    return pure if pure.parts[0] in roots else None


def check_files(folder: Path, listed: list[dict], roots: set[str]) -> list[str]:
    """Every problem with the files of a backup: unsafe or missing paths, wrong sizes or checksums, extras."""
    problems: list[str] = []
    expected: set[str] = set()
    for line in listed:
        raw = line.get("path") if isinstance(line, dict) else None
        pure = safe_relative(raw, roots) if raw is not None else None
        if pure is None:
            problems.append(f"manifest: file entry {raw!r} is not a safe path inside {', '.join(sorted(roots))}")
            continue
        expected.add(pure.as_posix())
        path = folder / pure
        if path.is_symlink() or not path.is_file():
            problems.append(f"files/{pure}: missing from the backup")
            continue
        size, sha = hash_file(path)
        if size != line.get("size") or sha != line.get("sha256"):
            problems.append(f"files/{pure}: checksum does not match the manifest (the file was changed or damaged)")
    for name in roots:
        found, odd = walk(folder / name)
        problems += [f"{p}: not part of a backup" for p in odd]
        for path in found:
            relative = path.relative_to(folder).as_posix()
            if relative not in expected:
                problems.append(f"files/{relative}: not in the manifest")
    return problems


def stage(folder: Path, name: str, listed: list[dict], destination: Path) -> Path:
    """Copy one root's files from a backup next to `destination`, checking each as it is copied."""
    staging = destination.parent / f".{destination.name}.restoring-{secrets.token_hex(4)}"
    staging.mkdir(parents=True, mode=0o700)
    try:
        for line in listed:
            pure = PurePosixPath(line["path"])
            if pure.parts[0] != name:
                continue
            size, sha = copy_hashing(folder / pure, staging.joinpath(*pure.parts[1:]))
            if size != line["size"] or sha != line["sha256"]:
                raise OSError(f"files/{pure} changed while it was being restored")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def swap_in(staging: Path, destination: Path) -> None:
    """Put a staged folder in place of `destination` with two renames, then remove the old one."""
    old = destination.parent / f".{destination.name}.replaced-{secrets.token_hex(4)}"
    if destination.exists():
        destination.rename(old)
    staging.rename(destination)
    os.chmod(destination, 0o700)
    shutil.rmtree(old, ignore_errors=True)


def restore_objects(folder: Path, name: str, listed: list[dict], store: Storage) -> None:
    """Put one root's files back into object storage: each under its own name, then delete the rest.

    Runs after the database is back (the service is stopped); an error part-way leaves the
    database restored and the caller says to run the restore again (it is idempotent).
    """
    wanted = set()
    for line in listed:
        pure = PurePosixPath(line["path"])
        if pure.parts[0] != name:
            continue
        key = PurePosixPath(*pure.parts[1:]).as_posix()
        wanted.add(key)
        if hash_stored(store, key) == (line["size"], line["sha256"]):
            continue  # already there, unchanged
        store.delete(key)  # objects are never overwritten by save(): make room for the backed-up one
        with (folder / pure).open("rb") as reader:
            saved = store.save(key, File(reader, name=key))
        if saved != key:
            raise OSError(f"files/{pure} was stored as {saved}: another process is writing to the storage")
    for key in list(storage.walk(store)):
        if key not in wanted:
            store.delete(key)
