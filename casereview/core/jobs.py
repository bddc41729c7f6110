"""Background jobs: Django's Tasks API (the django-tasks backport) on its database backend.

Every app puts its jobs in `<app>/tasks.py`, decorated with `task` from here (on Django 6
this becomes `django.tasks.task`, nothing else changes). A job takes ids, never objects,
and is idempotent: it keeps per-item status rows so a run after a crash skips what is
done. `enqueue` writes the job's row in the caller's transaction, so a job and the rows it
works on are committed together or not at all.

`casereview worker` runs the jobs (django-tasks-db's worker). A worker killed outright
(SIGKILL, a lost machine) leaves its job marked running; `requeue_abandoned` puts such
jobs back in the queue when a worker starts, which is safe because every job is
idempotent.
"""

from __future__ import annotations

import datetime as dt
import os
import socket

from django.db import transaction
from django_tasks import (
    TaskResultStatus,
    task,  # noqa: F401 - re-exported: the one import apps use
)
from django_tasks_db.models import DBTaskResult

#: Exceptions that mean the worker was stopped, not that the job failed.
_STOPPED = ("builtins.SystemExit", "builtins.KeyboardInterrupt")


def worker_id(host: str | None = None, pid: int | None = None) -> str:
    """host:pid — enough to tell, on the same machine, whether the worker is still alive."""
    return f"{(host or socket.gethostname())[:40]}:{pid or os.getpid()}"


def _alive_here(claimed_by: str, host: str) -> bool | None:
    """Whether the worker that claimed a job is alive (None: another machine, or not our id format)."""
    claimed_host, _, pid = claimed_by.rpartition(":")
    if claimed_host != host[:40] or not pid.isdigit():
        return None
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def requeue_abandoned(*, now: dt.datetime, stale_after: dt.timedelta, host: str | None = None) -> int:
    """Put back in the queue the jobs a dead worker left: running under a worker of this machine
    that no longer exists, running for longer than `stale_after` under any worker, or stopped by
    a signal part-way. Returns how many."""
    host = host or socket.gethostname()
    requeued = 0
    with transaction.atomic():
        running = DBTaskResult.objects.select_for_update().filter(status=TaskResultStatus.RUNNING)
        for job in running:
            alive = _alive_here(job.worker_ids[-1] if job.worker_ids else "", host)
            if alive is False or (alive is None and job.started_at and now - job.started_at > stale_after):
                requeued += _requeue(job)
        stopped = DBTaskResult.objects.select_for_update().filter(
            status=TaskResultStatus.FAILED, exception_class_path__in=_STOPPED)
        for job in stopped:
            requeued += _requeue(job)
    return requeued


def _requeue(job: DBTaskResult) -> int:
    job.status = TaskResultStatus.READY
    job.started_at = None
    job.finished_at = None
    job.exception_class_path = ""
    job.traceback = ""
    job.save(update_fields=["status", "started_at", "finished_at", "exception_class_path", "traceback"])
    return 1


def pending_jobs() -> int:
    """Jobs waiting or running (the health page and tests use it)."""
    return DBTaskResult.objects.filter(status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]).count()
