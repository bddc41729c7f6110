"""Restart recovery for background jobs: which jobs a starting worker puts back in the queue."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from casereview.core.jobs import requeue_abandoned, worker_id

pytestmark = pytest.mark.django_db
HOST = "casereview-test-host"


def _running(claimed_by: str, started: dt.datetime) -> DBTaskResult:
    from casereview.library.tasks import ingest_batch

    job = ingest_batch.enqueue(0).db_result
    DBTaskResult.objects.filter(pk=job.pk).update(status=TaskResultStatus.RUNNING, worker_ids=[claimed_by],
                                                  started_at=started)
    return job


def _status(job) -> str:
    return DBTaskResult.objects.get(pk=job.pk).status


def test_a_job_of_a_dead_worker_on_this_machine_is_requeued_and_a_live_ones_is_not():
    now = timezone.now()
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = _running(worker_id(HOST, int(gone.stdout)), now)
    alive = _running(worker_id(HOST), now)  # this test process: alive
    assert requeue_abandoned(now=now, stale_after=dt.timedelta(minutes=60), host=HOST) == 1
    assert _status(dead) == TaskResultStatus.READY and _status(alive) == TaskResultStatus.RUNNING


def test_a_job_of_another_machine_is_requeued_only_once_stale():
    now = timezone.now()
    recent = _running("elsewhere:123", now - dt.timedelta(minutes=5))
    stale = _running("elsewhere:456", now - dt.timedelta(minutes=90))
    assert requeue_abandoned(now=now, stale_after=dt.timedelta(minutes=60), host=HOST) == 1
    assert _status(recent) == TaskResultStatus.RUNNING and _status(stale) == TaskResultStatus.READY


def test_a_job_stopped_by_a_second_signal_is_requeued_but_a_real_failure_is_not():
    from casereview.library.tasks import ingest_batch

    stopped, failed = ingest_batch.enqueue(0).db_result, ingest_batch.enqueue(0).db_result
    stopped.set_failed(SystemExit(1))
    failed.set_failed(ValueError("a bug"))
    assert requeue_abandoned(now=timezone.now(), stale_after=dt.timedelta(minutes=60), host=HOST) == 1
    assert _status(stopped) == TaskResultStatus.READY and _status(failed) == TaskResultStatus.FAILED


def test_the_worker_command_explains_itself(run_cli):
    done = run_cli("worker", "--help")
    assert done.returncode == 0 and "requeues jobs a killed worker left running" in done.stdout
    assert "--stale-minutes" in done.stdout and "--batch" in done.stdout
