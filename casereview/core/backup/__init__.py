"""`casereview backup PATH` / `casereview restore PATH [--force]`: the whole database and every stored file.

A backup is a directory:

    PATH/manifest.json        what is in it: when, which database, migrations, rows per table, files
    PATH/database.sqlite3     (SQLite, from the online backup API)  or  PATH/database.pgdump (pg_dump -Fc)
    PATH/files/uploads/...    the default storage (MEDIA_ROOT, or the bucket's uploads/ prefix)
    PATH/files/private/...    the private storage (pending chronology uploads)

It is written into a hidden sibling (`.NAME.partial-<random>`) and renamed to PATH only
when complete, so a killed backup never looks like one. Restore checks everything
before it touches anything (manifest, checksums, the database file's own integrity,
migrations this version knows), refuses a database that holds any partnership, user or
audit event unless forced, puts the database back in one transaction, swaps the file
folders in with renames, then counts again and compares with the manifest.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import shutil
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from django.core.files.storage import Storage

from casereview.core import storage
from casereview.core.backup import database, files
from casereview.core.refusals import Refused
from casereview.core.storage import is_local

FORMAT = "casereview-backup"
VERSION = 1
MANIFEST = "manifest.json"


def roots() -> dict[str, Storage]:
    """The storages a backup holds, by the folder name they have inside it."""
    return {"uploads": storage.default(), "private": storage.private()}


def _version() -> str:
    try:
        return metadata.version("casereview")
    except metadata.PackageNotFoundError:
        return "unknown"


@dataclass
class Outcome:
    path: Path
    manifest: dict
    seconds: float
    warnings: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(self.manifest["tables"].values())

    @property
    def file_bytes(self) -> int:
        return sum(f["size"] for f in self.manifest["files"])


def create_backup(*, path: Path, now: dt.datetime) -> Outcome:
    """Write a complete backup to `path` (which must not exist, or be an empty folder).

    Refuses (`Refused`) when `path` holds anything, its folder is missing, or the
    database cannot be copied; nothing is left behind at `path` then.
    """
    started = time.monotonic()
    path = Path(path).expanduser().absolute()
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise Refused(f"{path} already exists: back up to a new folder (backups are never overwritten)")
    if not path.parent.is_dir():
        raise Refused(f"{path.parent} does not exist: create it first, or choose another folder")
    partial = path.parent / f".{path.name}.partial-{secrets.token_hex(4)}"
    partial.mkdir(mode=0o700)
    try:
        try:
            copied = database.dump(partial / database.file_name())
        except database.DatabaseError as exc:
            raise Refused(f"The database could not be copied: {exc}") from None
        if copied["integrity_check"] != "ok":
            raise Refused(f"The copy of the database failed its integrity check: {copied['integrity_check']}")
        # Files after the database: every row in the copy already had its file written (uploads are
        # written before their row commits), so nothing the copy names is missing.
        stored, skipped = files.copy_tree(roots(), partial / "files")
        db_size, db_sha = files.hash_file(partial / database.file_name())
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": now.isoformat(),
            "casereview_version": _version(),
            "database": {"vendor": database.vendor(), "file": database.file_name(), "size": db_size,
                         "sha256": db_sha, "integrity_check": copied["integrity_check"]},
            "migrations": copied["migrations"],
            "tables": copied["tables"],
            "files": [f.as_json() for f in stored],
        }
        _write_json(partial / MANIFEST, manifest)
        _owner_only(partial)
        if path.exists():
            path.rmdir()
        partial.rename(path)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return Outcome(path, manifest, time.monotonic() - started, skipped)


def _owner_only(folder: Path) -> None:
    """A backup holds restricted identifiers: readable by the service's own account only."""
    for dirpath, _dirnames, filenames in os.walk(folder):
        os.chmod(dirpath, 0o700)
        for name in filenames:
            os.chmod(os.path.join(dirpath, name), 0o600)


def _write_json(target: Path, data: dict) -> None:
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=1, sort_keys=True)
        handle.write("\n")
        handle.flush()
        os.fsync(handle.fileno())


def read_manifest(path: Path) -> tuple[dict, list[str]]:
    """The manifest of the backup at `path`, and every problem with the backup as a whole."""
    manifest_path = path / MANIFEST
    if not path.is_dir():
        return {}, [f"{path}: no such backup folder"]
    if not manifest_path.is_file():
        return {}, [f"{path}: no {MANIFEST}; this is not a complete CaseReview backup"]
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return {}, [f"{MANIFEST}: cannot be read ({exc})"]
    problems = []
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        return {}, [f"{MANIFEST}: not a CaseReview backup manifest"]
    if manifest.get("version") != VERSION:
        problems.append(f"{MANIFEST}: backup format version {manifest.get('version')!r}; this CaseReview reads {VERSION}")
    for key, kind in (("database", dict), ("migrations", dict), ("tables", dict), ("files", list)):
        if not isinstance(manifest.get(key), kind):
            problems.append(f"{MANIFEST}: '{key}' is missing or malformed")
    return manifest, problems


def verify_backup(path: Path) -> tuple[dict, list[str]]:
    """Check a backup end to end without touching the live system: every problem found."""
    manifest, problems = read_manifest(path)
    if not manifest or problems:
        return manifest, problems
    db = manifest["database"]
    live_vendor = database.vendor()
    if db.get("vendor") != live_vendor:
        problems.append(f"the backup is of a {db.get('vendor')} database and this installation uses {live_vendor}: "
                        "restore it into an installation with the same kind of database")
    db_file = path / str(db.get("file"))
    if db.get("file") not in (database.SQLITE_FILE, database.POSTGRES_FILE) or not db_file.is_file():
        problems.append(f"{db.get('file')}: the database file is missing from the backup")
    else:
        size, sha = files.hash_file(db_file)
        if size != db.get("size") or sha != db.get("sha256"):
            problems.append(f"{db_file.name}: checksum does not match the manifest (the file was changed or damaged)")
        elif db.get("vendor") == live_vendor:
            problems += database.check_dump(db_file, live_vendor)
    known = database.code_migrations()
    for app, name in sorted(manifest["migrations"].items()):
        if name not in known.get(app, set()):
            problems.append(f"migration {app}.{name} is not known to this version of CaseReview: the backup was "
                            "made by a newer version; install that version (or later) to restore it")
    problems += files.check_files(path / "files", manifest["files"], set(roots()))
    return manifest, problems


def restore_backup(*, path: Path, force: bool) -> Outcome:
    """Put the database and files of the backup at `path` back, replacing what is there.

    Refuses (`Refused`, every problem listed) before changing anything when the
    backup fails any check, or when the live database holds any partnership, user
    or audit event and `force` is false. Afterwards it counts rows and checks files
    again against the manifest, and refuses if they differ.
    """
    started = time.monotonic()
    path = Path(path).expanduser().absolute()
    manifest, problems = verify_backup(path)
    if problems:
        raise Refused(f"The backup at {path} cannot be restored: {len(problems)} problem(s). Nothing was changed.",
                      problems=problems)
    in_use = database.user_rows()
    if in_use and not force:
        raise Refused(f"The database is not empty ({in_use} partnership, user and audit rows): restoring would replace "
                      "them. Stop the service and use --force to replace everything with the backup.")
    staged = {}
    local = {name: Path(store.location) for name, store in roots().items() if is_local(store)}
    try:
        for name, destination in local.items():
            destination.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            staged[name] = files.stage(path / "files", name, manifest["files"], destination)
        try:
            database.load(path / manifest["database"]["file"])
        except database.DatabaseError as exc:
            raise Refused(f"The database could not be restored, and was left as it was: {exc}") from None
        for name, destination in local.items():
            files.swap_in(staged.pop(name), destination)
        for name, store in roots().items():
            if name not in local:
                try:
                    files.restore_objects(path / "files", name, manifest["files"], store)
                except Exception as exc:
                    raise Refused(f"The database was restored but the files in object storage ({name}) were not all "
                                  f"written back ({exc}): fix the storage and run the restore again with --force") from None
    finally:
        for leftover in staged.values():
            shutil.rmtree(leftover, ignore_errors=True)
    after = check_restored(manifest)
    if after:
        raise Refused("The restore finished but the result does not match the backup: " + after[0], problems=after)
    outcome = Outcome(path, manifest, time.monotonic() - started)
    newer = _unapplied_migrations(manifest)
    if newer:
        outcome.warnings.append(f"this version of CaseReview has {newer} migration(s) the backup predates: "
                                "run `casereview migrate` before starting the service")
    return outcome


def check_restored(manifest: dict) -> list[str]:
    """Differences between the live system and the manifest: rows per table, and every file."""
    problems = []
    counts = database.live_counts()
    for table, expected in sorted(manifest["tables"].items()):
        if counts.get(table) != expected:
            problems.append(f"table {table}: {counts.get(table)} rows after restore, the backup has {expected}")
    live = roots()
    for line in manifest["files"]:
        name, _, relative = line["path"].partition("/")
        if files.hash_stored(live[name], relative) != (line["size"], line["sha256"]):
            problems.append(f"{line['path']}: not restored intact")
    return problems


def _unapplied_migrations(manifest: dict) -> int:
    known = database.code_migrations()
    return sum(1 for app, names in known.items() for name in names if name > manifest["migrations"].get(app, ""))
