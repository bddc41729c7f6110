"""Run the queued background jobs in the test's own process and transaction.

The worker's own loop (django-tasks-db's Worker.run) closes stale connections between
jobs, which would end a test's transaction; this claims and runs each ready job with the
worker's own `run_task`, so a job runs exactly as `casereview worker` runs it. A job that
fails fails the test with its traceback.
"""

from __future__ import annotations


def run_jobs() -> int:
    from django_tasks import TaskResultStatus
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(queue_names=["*"], interval=0, batch=True, backend_name="default", startup_delay=False,
                    max_tasks=None, worker_id="tests", excluded_queue_names=[])
    ran = 0
    while (job := DBTaskResult.objects.ready().order_by("enqueued_at").first()) is not None:
        job.claim("tests")
        worker.run_task(job)
        job.refresh_from_db()
        assert job.status == TaskResultStatus.SUCCESSFUL, f"{job.task_path} failed:\n{job.traceback}"
        ran += 1
    return ran
