"""The multi-machine layout of docs/deployment.md, tried for real: two app servers, a worker, one
PostgreSQL database and one S3-compatible bucket, and nothing else shared.

Two gunicorn processes (casereview.wsgi as script/server starts it, here one worker process of 4
threads each) on two ports stand for two app machines behind the proxy, and a `casereview worker`
process for a worker machine. All three run
with CASEREVIEW_ENV=production, the same secret key, the same DATABASE_URL (a database of this
module's own on the suite's PostgreSQL server, demo loaded) and the same CASEREVIEW_STORAGE_URL
(moto's S3 server), and each has a data folder of its own that must stay empty: no shared disk.

The test's HTTP client plays the browser behind the TLS proxy: it sends what the proxy adds
(Host: the public name, X-Forwarded-Proto: https, X-Forwarded-For: the browser's address) and
keeps one cookie jar whichever app server it talks to; the Secure cookies production sets go back
over the plain HTTP between "proxy" and app, as they do once the proxy has ended TLS.

SQLite is one file on one machine, so this runs in script/test's PostgreSQL pass only.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.operations.conftest import ADMIN_URL, CASEREVIEW
from tests.operations.test_crash_safety import briefing
from tests.s3 import Bucket, free_port, stop, wait_for_port

pytestmark = pytest.mark.skipif(
    not ADMIN_URL, reason="several app servers share a database server: this runs on PostgreSQL (DATABASE_URL), "
                          "in script/test's second pass; SQLite is one file on one machine")

HOST = "casereview.example.org"
DEMO_PASSWORD = "demo-casereview-2026"
SECRET_KEY = "multi-machine-test-key-" + "e7c1f0a9b3d5" * 4  # the same on every machine, 50+ characters
GUNICORN = Path(sys.executable).with_name("gunicorn")
NAMES = ["Quillon", "Rosalind", "Saoirse", "Ulrika"]  # children's pseudonyms found nowhere in the demo


class Browser:
    """One person's browser, reaching whichever app server the proxy picks, with one cookie jar.

    Its cookies (the Secure ones too: the browser's side of the proxy is https) go back in a
    Cookie header of our own, as requests would withhold Secure cookies from a plain-HTTP address.
    """

    def __init__(self, address: str) -> None:
        import requests

        self.session = requests.Session()
        self.session.headers.update({"Host": HOST, "X-Forwarded-Proto": "https", "X-Forwarded-For": address})

    def _cookies(self) -> dict[str, str]:
        return {"Cookie": "; ".join(f"{c.name}={c.value}" for c in self.session.cookies)}

    def get(self, app: str, path: str):
        return self.session.get(app + path, headers=self._cookies(), allow_redirects=False, timeout=60)

    def post(self, app: str, path: str, data: dict, files: list | None = None):
        """A form sent as the browser sends it: the CSRF cookie's token, and the https origin of the page."""
        token = self.session.cookies.get("csrftoken") or self.csrf_from(app, path)
        return self.session.post(app + path, data={**data, "csrfmiddlewaretoken": token}, files=files,
                                 headers={**self._cookies(), "Origin": f"https://{HOST}",
                                          "Referer": f"https://{HOST}{path}"},
                                 allow_redirects=False, timeout=60)

    def csrf_from(self, app: str, path: str) -> str:
        self.get(app, path)
        return self.session.cookies.get("csrftoken")

    def sign_in(self, app: str, username: str, password: str = DEMO_PASSWORD):
        self.get(app, "/accounts/login/")
        return self.post(app, "/accounts/login/", {"username": username, "password": password})


@dataclass
class Machines:
    """The running layout: app server addresses, the database (a Site), the bucket, each process's data folder."""

    site: object
    bucket: Bucket
    apps: list[str]
    folders: dict[str, Path]
    tmp: Path
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    def environ(self, machine: str) -> dict[str, str]:
        env = {**self.site.environ(), **self.bucket.environ(), "CASEREVIEW_ENV": "production",
               "CASEREVIEW_SECRET_KEY": SECRET_KEY, "CASEREVIEW_ALLOWED_HOSTS": HOST,
               "CASEREVIEW_TRUSTED_PROXIES": "1", "CASEREVIEW_SIGNIN_FAILURE_LIMIT": "3",
               "CASEREVIEW_STATIC_ROOT": str(self.tmp / "static"), "CASEREVIEW_DATA_DIR": str(self.folders[machine])}
        # Not pytest's children: production password hashing, no test shortcuts.
        for name in ("PYTEST_VERSION", "PYTEST_XDIST_WORKER", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE"):
            env.pop(name, None)
        return env

    def start(self, name: str, *command: str, machine: str = "") -> subprocess.Popen:
        """Run `command` as process `name` on `machine` (default: the machine of that name)."""
        log = open(self.tmp / f"{name}.log", "w")  # noqa: SIM115 - closed with the process, in stop_all
        process = subprocess.Popen(command, env=self.environ(machine or name), stdout=log, stderr=subprocess.STDOUT)
        process.log = log
        self.processes[name] = process
        return process

    def logs(self) -> str:
        return "\n".join(f"--- {name}.log:\n{(self.tmp / f'{name}.log').read_text()[-3000:]}" for name in self.processes)

    def stop_all(self) -> None:
        for process in self.processes.values():
            stop(process, seconds=30)
            process.log.close()

    def local_files(self) -> list[str]:
        """Every file any of the machines wrote to its own data folder (none: everything is shared or nowhere)."""
        return sorted(str(p) for folder in self.folders.values() for p in folder.rglob("*") if p.is_file())


def _use_production_hashes(site, usernames: list[str]) -> None:
    """The demo was loaded under the tests' fast hasher; production verifies only real hashes."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    encoded = PBKDF2PasswordHasher().encode(DEMO_PASSWORD, "multimachinesalt")
    site.query("UPDATE accounts_user SET password = %s WHERE username = ANY(%s)", (encoded, usernames))


@pytest.fixture(scope="module")
def machines(demo_template, s3_endpoint, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("multi-machine")
    site = demo_template.copy(tmp)
    layout = Machines(site, Bucket.new(s3_endpoint), [], {n: tmp / n for n in ("app-a", "app-b", "worker")}, tmp)
    for folder in layout.folders.values():
        folder.mkdir()
    try:
        _use_production_hashes(site, ["reviewer", "police", "board"])
        # Each release: collectstatic on every app machine (here into one folder both read), finished before
        # the app servers start (WhiteNoise and the manifest are read once, at start-up).
        static = layout.start("collectstatic", str(CASEREVIEW), "collectstatic", "--no-input", "-v", "0",
                              machine="app-a")
        assert static.wait(timeout=120) == 0, layout.logs()
        for name in ("app-a", "app-b"):
            port = free_port()
            process = layout.start(name, str(GUNICORN), "casereview.wsgi:application", "--bind", f"127.0.0.1:{port}",
                                   "--workers", "1", "--threads", "4", "--access-logfile", "-", "--no-control-socket")
            layout.apps.append(f"http://127.0.0.1:{port}")
            wait_for_port(port, process, f"gunicorn ({name})", seconds=60)
        yield layout
    finally:
        layout.stop_all()
        site.drop()


def _text(response) -> str:
    return response.content.decode()


def _batch_page(browser: Browser, app: str, path: str, *, until: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while True:
        page = browser.get(app, path)
        assert page.status_code == 200, page.status_code
        if until in _text(page) or time.monotonic() > deadline:
            return _text(page)
        time.sleep(0.25)


def test_each_app_server_answers_its_health_check_over_plain_http_and_sends_browsers_to_https(machines):
    import requests

    for app in machines.apps:  # as the proxy's health check sends it: the public name, plain HTTP
        health = requests.get(f"{app}/healthz", headers={"Host": HOST}, timeout=30)
        assert health.status_code == 200, machines.logs()
        assert health.json() == {"status": "ok", "database": {"status": "ok", "vendor": "postgresql"}}
        plain = requests.get(f"{app}/accounts/login/", headers={"Host": HOST}, allow_redirects=False, timeout=30)
        assert plain.status_code == 301 and plain.headers["Location"] == f"https://{HOST}/accounts/login/"


def test_reviewer_helen_uploads_briefings_through_one_app_server_and_finds_them_through_the_other_once_a_worker_ran_them(
    machines,
):
    app_a, app_b = machines.apps
    helen = Browser("198.51.100.7")
    signed_in = helen.sign_in(app_a, "reviewer")
    assert signed_in.status_code == 302, machines.logs()
    assert "Secure" in signed_in.headers["Set-Cookie"]  # production cookies
    # The session lives in the database: the same cookie is signed in on the other app server.
    assert "Helen Marsh" in _text(helen.get(app_b, "/"))
    stranger = Browser("198.51.100.8").get(app_b, "/")
    assert stranger.status_code == 302 and "/accounts/login/" in stranger.headers["Location"]

    files = [("files", (f"{n}-{name.lower()}.txt", briefing(name, 2021 + n).encode(), "text/plain"))
             for n, name in enumerate(NAMES)]
    queued = helen.post(app_a, "/library/upload/", {}, files=files)
    assert queued.status_code == 302, _text(queued)[-2000:]
    batch = re.fullmatch(r"(?:https://[^/]+)?(/library/uploads/\d+/)", queued.headers["Location"]).group(1)
    # The upload waits in the bucket, where a worker on any machine can read it; not on app A's disk.
    assert len(machines.bucket.keys("uploads/library-batches/")) == len(NAMES)
    assert machines.local_files() == []

    # No worker yet: app B shows the job waiting, and the library does not have the briefings.
    waiting = _text(helen.get(app_b, batch))
    assert f"Adding {len(NAMES)} files to the library" in waiting and waiting.count("Waiting") == len(NAMES)
    assert "Nothing in the library matches" in _text(helen.get(app_b, f"/library/?q={NAMES[0]}"))

    worker = machines.start("worker", str(CASEREVIEW), "worker", "--interval", "0.2", "--no-startup-delay")
    done = _batch_page(helen, app_b, batch, until=f"{len(NAMES)} files processed")
    progress = re.search(r'id="progress"[^>]*>([^<]*)', done).group(1)
    assert progress.startswith(f"{len(NAMES)} of {len(NAMES)} done: {len(NAMES)} added,"), (progress, machines.logs())

    for app in (app_b, app_a):  # each app server's own facet copy follows the worker's writes
        found = re.sub(r"<[^>]+>", "", _text(helen.get(app, f"/library/?q={NAMES[0]}+voice+of+the+child")))
        assert f"1 result for “{NAMES[0]} voice of the child”" in found
        assert f"Agencies should hear the voice of the child, {NAMES[0]}, at every visit" in found
    job = machines.site.query("SELECT status, worker_ids FROM django_tasks_database_dbtaskresult "
                              "WHERE task_path LIKE %s", ("%library%",))
    assert [(status, [w.rsplit(":", 1)[1] for w in ids]) for status, ids in job] == [("SUCCESSFUL", [str(worker.pid)])]
    assert machines.bucket.keys("uploads/library-batches/") == []  # the waiting copies are gone
    assert machines.local_files() == []

    worker.send_signal(signal.SIGTERM)  # a worker stopped for a release exits cleanly
    assert worker.wait(timeout=60) == 0, machines.logs()


def test_police_claires_evidence_stored_through_one_app_server_downloads_byte_for_byte_through_the_other(machines):
    app_a, app_b = machines.apps
    claire = Browser("198.51.100.20")
    assert claire.sign_in(app_a, "police").status_code == 302, machines.logs()
    (action,) = machines.site.query("SELECT id FROM actions_action WHERE description LIKE %s",
                                    ("Agree a missed-appointments escalation route%",))
    evidence = os.urandom(2048) + b"\n%PDF-1.4 dip sample of 40 DASH forms\n"
    added = claire.post(app_a, f"/actions/{action[0]}/evidence/", {"evidence-description": "Dip sample results"},
                        files=[("evidence-file", ("dip-sample.pdf", evidence, "application/pdf"))])
    assert added.status_code == 302, _text(added)[-2000:]

    page = _text(claire.get(app_b, f"/actions/{action[0]}/"))
    (link,) = set(re.findall(r'href="(/actions/evidence/\d+/)"', page))
    download = claire.get(app_b, link)
    assert download.status_code == 200 and download.content == evidence
    assert "attachment" in download.headers["Content-Disposition"]

    (name,) = machines.site.query("SELECT file FROM actions_evidence WHERE id = %s", (int(link.split("/")[-2]),))[0]
    assert machines.bucket.get(f"uploads/{name}") == evidence
    assert machines.bucket.unsigned_get(f"uploads/{name}") == 403  # private: only through the app
    assert machines.local_files() == []


def test_someone_guessing_board_margarets_password_is_locked_out_on_every_app_server(machines):
    app_a, app_b = machines.apps
    guesser = Browser("203.0.113.9")
    for app in (app_a, app_b):
        failed = guesser.sign_in(app, "board", password="not-her-password-2026")
        assert failed.status_code == 200 and "Please enter a correct username and password" in _text(failed)
    # django-axes counts failures in the database: the third (the limit here) locks, whichever server took them.
    assert guesser.sign_in(app_a, "board", password="not-her-password-2026").status_code == 429
    locked = guesser.sign_in(app_b, "board")  # even the right password, on the other server
    assert locked.status_code == 429 and "sessionid" not in locked.cookies, _text(locked)[-1500:]
    assert Browser("198.51.100.30").sign_in(app_a, "board").status_code == 429  # the username is locked everywhere
