"""Background jobs of the library (run by `casereview worker`; see core/jobs.py)."""

from __future__ import annotations

from django.utils import timezone

from casereview.core.jobs import task
from casereview.library import batches


@task()
def ingest_batch(batch_id: int) -> dict[str, int]:
    """Ingest the files of an upload batch not yet finished (idempotent: see library/batches.py)."""
    return batches.run_batch(batch_id=batch_id, clock=timezone.now)
