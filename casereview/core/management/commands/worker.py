"""`casereview worker`: run background jobs (django-tasks-db's worker, with restart recovery).

On start it puts back in the queue the jobs a killed worker left half-done (every job is
idempotent, so running one again finishes it without doing anything twice), then claims
and runs jobs until stopped. SIGTERM or Ctrl-C lets the running job finish and exits;
a second signal stops at once, and that job is run again by the next worker to start.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from casereview.core.jobs import requeue_abandoned, worker_id


class Command(DbWorkerCommand):
    help = ("Run background jobs (library bulk ingest, report PDFs, e-mails) until stopped; "
            "first requeues jobs a killed worker left running. Run one or more beside the web server.")

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        # One id per process, readable in the job rows: host:pid (how restarts find dead workers).
        parser.set_defaults(worker_id=worker_id(), reload=False, queue_name="*")
        parser.add_argument(
            "--stale-minutes", type=int, default=settings.CASEREVIEW_JOB_STALE_MINUTES,
            help="A job running this long under a worker on another machine is taken to be abandoned "
                 "and run again (default: %(default)s, from CASEREVIEW_JOB_STALE_MINUTES)")

    def handle(self, *args, stale_minutes: int, **options) -> None:
        requeued = requeue_abandoned(now=timezone.now(), stale_after=dt.timedelta(minutes=stale_minutes))
        if requeued and options.get("verbosity", 1):
            self.stdout.write(f"Requeued {requeued} job{'s' if requeued != 1 else ''} a stopped worker left unfinished")
        super().handle(*args, **options)
