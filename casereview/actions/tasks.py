"""Background jobs of action plans (run by `casereview worker`; see core/jobs.py)."""

from __future__ import annotations

from django.utils import timezone

from casereview.actions import report_files
from casereview.core.jobs import task


@task()
def render_report_pdf(report_id: int) -> str:
    """Make a report PDF asked for in the browser (idempotent: see actions/report_files.py)."""
    return report_files.render(report_id=report_id, now=timezone.now())
