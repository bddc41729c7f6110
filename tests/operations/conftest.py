"""A real CaseReview installation in a temporary folder, driven by subprocesses.

Backup, restore and the kill tests need processes of their own, and a database other
processes can open: pytest-django's test database is in memory (SQLite) or inside
an open transaction. So each test gets a site of its own: a data folder, and on
PostgreSQL (DATABASE_URL set, as script/test's second pass sets it) a database of its
own on the same server. The demo is loaded once per session into a template site;
each test copies it (a file copy, or CREATE DATABASE ... TEMPLATE).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CASEREVIEW = Path(sys.executable).with_name("casereview")
ADMIN_URL = os.environ.get("DATABASE_URL", "")


def _pg_params(url: str) -> dict:
    import dj_database_url

    s = dj_database_url.parse(url)
    return {"host": s["HOST"] or None, "port": s["PORT"] or None, "user": s["USER"] or None,
            "password": s["PASSWORD"] or None, "dbname": s["NAME"]}


def _pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(**_pg_params(ADMIN_URL), autocommit=True) as conn:
        conn.execute(sql)


def _url_for(name: str) -> str:
    p = _pg_params(ADMIN_URL)
    auth = p["user"] + (f":{p['password']}" if p["password"] else "") + "@" if p["user"] else ""
    return f"postgres://{auth}{p['host'] or ''}{':' + str(p['port']) if p['port'] else ''}/{name}"


@dataclass
class Site:
    """One installation: its data folder, and its own PostgreSQL database when the suite runs on PostgreSQL."""

    data: Path
    db_name: str | None = None  # PostgreSQL only
    env: dict = field(default_factory=dict)

    @property
    def vendor(self) -> str:
        return "postgresql" if self.db_name else "sqlite"

    @property
    def uploads(self) -> Path:
        return self.data / "uploads"

    @property
    def private(self) -> Path:
        return self.data / "private"

    def environ(self) -> dict:
        env = {**os.environ, "CASEREVIEW_ENV": "test", "CASEREVIEW_DATA_DIR": str(self.data), **self.env}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        if self.db_name:
            env["DATABASE_URL"] = _url_for(self.db_name)
        else:
            env.pop("DATABASE_URL", None)
        return env

    def cli(self, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
        return subprocess.run([str(CASEREVIEW), *args], capture_output=True, text=True, env=self.environ(),
                              timeout=timeout)

    def python(self, *args: str, timeout: int = 300) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=self.environ(),
                              timeout=timeout)

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        if self.db_name:
            import psycopg

            with psycopg.connect(**{**_pg_params(ADMIN_URL), "dbname": self.db_name}, autocommit=True) as conn:
                cur = conn.execute(sql, params)
                return cur.fetchall() if cur.description else []
        db = sqlite3.connect(self.data / "casereview.sqlite3")
        try:
            with db:
                return db.execute(sql.replace("%s", "?"), params).fetchall()
        finally:
            db.close()

    def counts(self) -> dict[str, int]:
        """Rows in every table: the whole state of the database at a glance."""
        if self.db_name:
            names = [r[0] for r in self.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        else:
            names = [r[0] for r in self.query(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return {n: self.query(f'SELECT COUNT(*) FROM "{n}"')[0][0] for n in sorted(names)}  # noqa: S608

    def files(self) -> dict[str, bytes]:
        found = {}
        for root in (self.uploads, self.private):
            if root.is_dir():
                for path in sorted(p for p in root.rglob("*") if p.is_file()):
                    found[str(path.relative_to(self.data))] = path.read_bytes()
        return found

    def copy(self, tmp: Path) -> Site:
        data = tmp / f"site-{uuid.uuid4().hex[:8]}"
        shutil.copytree(self.data, data, symlinks=True)
        if not self.db_name:
            return Site(data, env=dict(self.env))
        name = f"cr_site_{uuid.uuid4().hex[:12]}"
        _pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{self.db_name}"')
        return Site(data, name, dict(self.env))

    def drop(self) -> None:
        if self.db_name:
            _pg_admin(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)')


def new_site(tmp: Path) -> Site:
    """An installation with an empty (never migrated) database."""
    site = Site(tmp / f"site-{uuid.uuid4().hex[:8]}")
    site.data.mkdir(parents=True)
    if ADMIN_URL:
        site.db_name = f"cr_site_{uuid.uuid4().hex[:12]}"
        _pg_admin(f'CREATE DATABASE "{site.db_name}"')
    return site


def must(done: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert done.returncode == 0, f"exit {done.returncode}\nstdout: {done.stdout[-3000:]}\nstderr: {done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """The demo, migrated and loaded once, with a file in each stored-file folder."""
    site = new_site(tmp_path_factory.mktemp("template"))
    must(site.cli("migrate", "--no-input", "-v", "0"))
    must(site.cli("demo"))
    # Files the demo does not write: an agency report under MEDIA_ROOT and a pending upload.
    report = site.uploads / "agency-documents" / "demo-report.txt"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_bytes(b"Agency report for the restore drill: Oliver, born 03/04/2017.\n")
    (site.private / "pending").mkdir(parents=True, exist_ok=True)
    (site.private / "pending" / "0123abcd.csv").write_bytes(b"Date,Event\n03/04/2019,Home visit\n")
    yield site
    site.drop()


@pytest.fixture
def demo_site(demo_template, tmp_path):
    site = demo_template.copy(tmp_path)
    yield site
    site.drop()


@pytest.fixture
def empty_site(tmp_path):
    site = new_site(tmp_path)
    yield site
    site.drop()


def summary(done: subprocess.CompletedProcess) -> dict:
    return json.loads(done.stdout.strip().splitlines()[-1])
