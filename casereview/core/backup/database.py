"""Copying the whole database out and back: SQLite's online backup API, or pg_dump/pg_restore.

Both ends count the rows of every table in the same consistent view of the
database they copy: for SQLite the copy itself, for PostgreSQL a REPEATABLE READ
snapshot that pg_dump is told to use (`--snapshot`), so the manifest's counts are
exactly what the dump holds even while the service keeps writing.
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess  # nosec B404  # pg_dump/pg_restore, run with argument lists, never through a shell
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader

SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.pgdump"
# Rows in any of these mean someone has used the database: every piece of case data
# belongs to a partnership and every change writes an audit event. A freshly migrated
# database has none (migrations fill only reference tables such as review types).
USER_TABLES = ("accounts_partnership", "accounts_user", "audit_auditevent")


class DatabaseError(RuntimeError):
    """The copy could not be made or put back; the message says what to do."""


def vendor() -> str:
    return connection.vendor


def file_name() -> str:
    return SQLITE_FILE if vendor() == "sqlite" else POSTGRES_FILE


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sqlite_counts(db: sqlite3.Connection) -> dict[str, int]:
    names = [r[0] for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {name: db.execute(f"SELECT COUNT(*) FROM {_quote(name)}").fetchone()[0] for name in names}  # nosec B608  # noqa: S608 - names from the catalogue, quoted


def _migrations_from(rows: list[tuple[str, str]]) -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in rows:
        if name > latest.get(app, ""):
            latest[app] = name
    return dict(sorted(latest.items()))


def sqlite_integrity(path: Path) -> str:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = [r[0] for r in db.execute("PRAGMA integrity_check")]
    finally:
        db.close()
    return "ok" if rows == ["ok"] else "; ".join(rows[:5])


def _live_sqlite_path() -> Path:
    return Path(connection.settings_dict["NAME"])


def _pg_env() -> dict[str, str]:
    s = connection.settings_dict
    env = {**os.environ, "PGDATABASE": str(s["NAME"])}
    for key, setting in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")):
        if s.get(setting):
            env[key] = str(s[setting])
    if (s.get("OPTIONS") or {}).get("sslmode"):
        env["PGSSLMODE"] = str(s["OPTIONS"]["sslmode"])
    return env


def pg_binary(name: str) -> str:
    """pg_dump or pg_restore: on PATH (Debian's postgresql-client), else the newest server install."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
                        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    if candidates:
        return candidates[-1]
    raise DatabaseError(f"{name} not found: install the PostgreSQL client tools (apt-get install postgresql-client)")


def _run(args: list[str]) -> None:
    done = subprocess.run(args, env=_pg_env(), capture_output=True, text=True)  # nosec B603  # argument list of the PostgreSQL client tools (found on disk, no shell, no user input)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise DatabaseError(f"{Path(args[0]).name} failed: " + (" / ".join(detail[-3:]) or f"exit {done.returncode}"))


def dump(target: Path) -> dict[str, Any]:
    """Copy the live database to `target`; returns its counts, migrations and integrity check."""
    if vendor() == "sqlite":
        connection.close()
        source = sqlite3.connect(_live_sqlite_path(), timeout=20)
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)  # a consistent snapshot, WAL included, while others keep writing
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            counts = _sqlite_counts(copy)
            migrations = _migrations_from(copy.execute("SELECT app, name FROM django_migrations").fetchall())
        finally:
            copy.close()
            source.close()
        return {"tables": counts, "migrations": migrations, "integrity_check": sqlite_integrity(target)}
    if vendor() != "postgresql":
        raise DatabaseError(f"backups of {vendor()} databases are not supported")
    pg_dump = pg_binary("pg_dump")
    connection.ensure_connection()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = _pg_counts(cursor)
        cursor.execute("SELECT app, name FROM django_migrations")
        migrations = _migrations_from(cursor.fetchall())
        _run([pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={target}"])
    return {"tables": counts, "migrations": migrations, "integrity_check": "ok"}


def _pg_counts(cursor) -> dict[str, int]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
    names = [r[0] for r in cursor.fetchall()]
    counts = {}
    for name in names:
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(name)}")  # nosec B608  # noqa: S608 - names from the catalogue, quoted
        counts[name] = cursor.fetchone()[0]
    return counts


def check_dump(path: Path, expected_vendor: str) -> list[str]:
    """Problems with the database file of a backup, read without touching the live database."""
    if expected_vendor == "sqlite":
        try:
            result = sqlite_integrity(path)
        except sqlite3.DatabaseError as exc:
            return [f"{path.name}: not a readable SQLite database ({exc})"]
        return [] if result == "ok" else [f"{path.name}: SQLite integrity check failed: {result}"]
    try:
        _run([pg_binary("pg_restore"), "--list", str(path)])
    except DatabaseError as exc:
        return [f"{path.name}: not a readable pg_dump archive ({exc})"]
    return []


def live_counts() -> dict[str, int]:
    """Rows per table in the live database now (tables only; none if it was never migrated)."""
    if vendor() == "sqlite":
        path = _live_sqlite_path()
        if not path.exists():
            return {}
        db = sqlite3.connect(path, timeout=20)
        try:
            return _sqlite_counts(db)
        finally:
            db.close()
    with connection.cursor() as cursor:
        return _pg_counts(cursor)


def user_rows() -> int:
    """How many partnerships, users and audit events the live database holds (0: nothing to lose)."""
    counts = live_counts()
    return sum(counts.get(table, 0) for table in USER_TABLES)


def load(path: Path) -> None:
    """Replace the live database with the backup's, in one transaction: all of it or none of it."""
    if vendor() == "sqlite":
        connection.close()
        live = _live_sqlite_path()
        live.parent.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        target = sqlite3.connect(live, timeout=20)
        try:
            source.backup(target)  # page by page inside one write transaction on the live database
            target.execute("PRAGMA journal_mode=WAL")
        finally:
            target.close()
            source.close()
        integrity = sqlite_integrity(live)
        if integrity != "ok":
            raise DatabaseError(f"the restored database failed SQLite's integrity check: {integrity}")
        return
    connection.close()
    _run([pg_binary("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
          "--single-transaction", "--exit-on-error", f"--dbname={connection.settings_dict['NAME']}", str(path)])


def code_migrations() -> dict[str, set[str]]:
    """Every migration this version of CaseReview has, by app."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known: dict[str, set[str]] = {}
    for app, name in loader.disk_migrations:
        known.setdefault(app, set()).add(name)
    return known
