"""Run one CaseReview job in this process and SIGKILL it at a chosen point (the crash-safety tests' child).

    python killed.py KILL_AT REPORT JOB ARG...

KILL_AT   none         run to the end and write {"queries": n, "commits": n} to REPORT
          query:N      die just before the Nth SQL statement is sent
          commit:N     die just before the Nth transaction commits
          committed:N  die just after the Nth commit, before anything the program does next
JOB       chronology REVIEW AGENCY_SHORT_NAME FILE   import an agency chronology (the service the upload page uses)
          actions REVIEW FILE                        import an action plan
          ingest PATH...                             `casereview ingest` (a folder: one transaction per file)
          stash REVIEW AGENCY_SHORT_NAME FILE        keep an upload whose columns are not recognised (prints its token)
          map TOKEN COLUMN=FIELD...                  import that upload with its columns mapped
          batch FILE...                              upload files for the library as the manager (prints the batch id)
          worker                                     `casereview worker --batch`: run the queued jobs, then exit

The kill points are counted on Django's own connection (its execute wrappers and its
commit), so they fall at the same place in every run, on SQLite and PostgreSQL alike,
with nothing in the product built for tests.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path

import django


def arm(kill_at: str, report: Path) -> None:
    from django.db.backends.signals import connection_created

    kind, _, number = kill_at.partition(":")
    target = int(number) if number else 0
    seen = {"queries": 0, "commits": 0}

    def die() -> None:
        sys.stdout.flush()
        os.kill(os.getpid(), signal.SIGKILL)

    def count_query(execute, sql, params, many, context):
        seen["queries"] += 1
        if kind == "query" and seen["queries"] == target:
            die()
        return execute(sql, params, many, context)

    def instrument(sender, connection, **kwargs):
        if getattr(connection, "_killed_armed", False):
            return
        connection._killed_armed = True
        connection.execute_wrappers.append(count_query)
        commit = connection.commit

        def counted_commit():
            seen["commits"] += 1
            if kind == "commit" and seen["commits"] == target:
                die()
            commit()
            if kind == "committed" and seen["commits"] == target:
                die()

        connection.commit = counted_commit

    connection_created.connect(instrument, weak=False)
    import atexit

    atexit.register(lambda: report.write_text(json.dumps(seen)))


def run(job: str, args: list[str]) -> int:
    if job in ("ingest", "worker"):
        from casereview.cli import main

        argv = ["ingest", "--no-progress", *args] if job == "ingest" else ["worker", "--batch", "--no-startup-delay"]
        try:
            main(["casereview", *argv])
        except SystemExit as exc:
            return int(exc.code or 0)
        return 0
    from django.utils import timezone

    from casereview.accounts.models import Agency, User
    from casereview.reviews.models import Review

    manager = User.objects.get(username="manager")
    if job == "batch":
        from django.core.files.base import ContentFile

        from casereview.library.batches import create_batch

        files = [ContentFile(Path(p).read_bytes(), name=Path(p).name) for p in args]
        print(create_batch(files=files, by=manager, now=timezone.now()).pk)
        return 0
    if job == "map":
        from casereview.chronology.engine.headers import parse_mapping
        from casereview.chronology.models import PendingUpload
        from casereview.chronology.services import import_pending

        pending = PendingUpload.objects.get(token=args[0])
        import_pending(pending=pending, mapping=parse_mapping(args[1:]), by=pending.owner, now=timezone.now())
        return 0
    review = Review.objects.get(reference=args[0])
    if job == "stash":
        from casereview.chronology.services import stash_upload

        agency = Agency.objects.get(partnership=review.partnership, short_name=args[1])
        path = Path(args[2])
        pending = stash_upload(review=review, agency=agency, file=path, name=path.name, by=manager, now=timezone.now())
        print(pending.token)
        return 0
    if job == "chronology":
        from casereview.chronology.services import import_chronology

        agency = Agency.objects.get(partnership=review.partnership, short_name=args[1])
        path = Path(args[2])
        import_chronology(review=review, agency=agency, file=path, name=path.name, by=manager, now=timezone.now())
    elif job == "actions":
        from casereview.actions.services import import_action_plan

        path = Path(args[1])
        import_action_plan(review=review, name=path.name, data=path.read_bytes(), by=manager, now=timezone.now())
    else:
        raise SystemExit(f"unknown job {job}")
    return 0


if __name__ == "__main__":
    kill_at, report, job, *rest = sys.argv[1:]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casereview.settings")
    arm(kill_at, Path(report))
    django.setup()
    sys.exit(run(job, rest))
