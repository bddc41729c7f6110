"""Action plan views: thin functions over access.py, selectors.py and services.py."""

from casereview.actions.views.action import (
    action_detail,
    add_evidence,
    add_progress,
    approve_closure,
    complete,
    download_evidence,
    edit_action,
    reopen,
    request_closure,
    verify,
)
from casereview.actions.views.plans import (
    add_action,
    add_single_agency_action,
    drift,
    import_plan,
    index,
    review_plan,
)
from casereview.actions.views.reports import agency_report, board_report, report_file, review_report

__all__ = [
    "action_detail", "add_action", "add_evidence", "add_progress", "add_single_agency_action", "agency_report",
    "approve_closure", "board_report", "complete", "download_evidence", "drift", "edit_action", "import_plan", "index",
    "reopen", "report_file", "request_closure", "review_plan", "review_report", "verify",
]
