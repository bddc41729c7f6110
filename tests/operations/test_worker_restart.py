"""Background jobs survive their worker: a real `casereview worker` killed with SIGKILL part-way through
a library upload is started again and finishes it, with nothing added twice; one stopped with SIGTERM
finishes the job in hand first.

The upload (eight briefings) is queued in a copy of the demo installation; one copy is run by a
worker never interrupted, others by a worker killed at points counted on its own database connection
(killed.py), then by a fresh worker. Every copy must end in the same state.
"""

from __future__ import annotations

import json
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.operations.conftest import CASEREVIEW, must
from tests.operations.test_crash_safety import briefing

KILLED = Path(__file__).with_name("killed.py")
NAMES = ["Amber", "Bella", "Callum", "Dara", "Ellis", "Finn", "Grace", "Harvey"]
BATCH_STATUS = "SELECT name, status FROM library_ingestfile ORDER BY position"


def _queued_upload(site, tmp_path) -> None:
    folder = tmp_path / "briefings"
    folder.mkdir(exist_ok=True)
    paths = []
    for n, name in enumerate(NAMES):
        path = folder / f"{n}-{name.lower()}.txt"
        path.write_text(briefing(name, 2015 + n), encoding="utf-8")
        paths.append(str(path))
    must(site.python(str(KILLED), "none", str(tmp_path / "batch.json"), "batch", *paths))


def _state(site) -> dict:
    """Everything but the job row's own bookkeeping (worker ids and times differ from run to run)."""
    counts = site.counts()
    return {"counts": counts, "files": site.query(BATCH_STATUS),
            "sources": site.query("SELECT filename, sha256 FROM library_source ORDER BY filename"),
            "stored": sorted(p for p in site.files() if "library-batches" in p)}


@pytest.fixture
def upload_site(demo_site, tmp_path):
    _queued_upload(demo_site, tmp_path)
    return demo_site


def test_a_worker_killed_mid_upload_is_restarted_and_finishes_it_without_duplicates(upload_site, tmp_path):
    clean = upload_site.copy(tmp_path)
    try:
        report = tmp_path / "clean.json"
        must(clean.python(str(KILLED), "none", str(report), "worker"))
        queries = json.loads(report.read_text())["queries"]
        finished = _state(clean)
        assert {status for _n, status in finished["files"]} == {"done"} and finished["stored"] == []
        ours = {f"{n}-{name.lower()}.txt" for n, name in enumerate(NAMES)}
        assert len([f for f, _sha in finished["sources"] if f in ours]) == len(NAMES)

        for fraction in (0.3, 0.7):
            site = upload_site.copy(tmp_path)
            try:
                at = f"query:{int(queries * fraction)}"
                killed = site.python(str(KILLED), at, str(tmp_path / "killed.json"), "worker")
                assert killed.returncode == -signal.SIGKILL, (at, killed.stderr[-2000:])
                part = dict(site.query(BATCH_STATUS))
                assert 0 < list(part.values()).count("done") < len(NAMES), (at, part)
                assert site.query("SELECT status FROM django_tasks_database_dbtaskresult") == [("RUNNING",)]

                restarted = must(site.cli("worker", "--batch", "--no-startup-delay"))
                assert "Requeued 1 job a stopped worker left unfinished" in restarted.stdout
                assert _state(site) == finished, at
                assert site.query("SELECT status FROM django_tasks_database_dbtaskresult") == [("SUCCESSFUL",)]
            finally:
                site.drop()
    finally:
        clean.drop()


def test_a_worker_stopped_with_sigterm_finishes_the_job_in_hand_then_exits(upload_site):
    worker = subprocess.Popen([str(CASEREVIEW), "worker", "--no-startup-delay", "--interval", "0.2"],
                              env=upload_site.environ(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not any(s != "waiting" for _n, s in upload_site.query(BATCH_STATUS)):
            assert time.monotonic() < deadline and worker.poll() is None, "the worker never started the job"
            time.sleep(0.05)
        worker.send_signal(signal.SIGTERM)
        out, err = worker.communicate(timeout=120)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 0, err[-2000:]
    assert {status for _n, status in upload_site.query(BATCH_STATUS)} == {"done"}
    assert upload_site.query("SELECT status FROM django_tasks_database_dbtaskresult") == [("SUCCESSFUL",)]
