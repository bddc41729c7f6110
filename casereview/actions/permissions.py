"""What each role may ever do with action plans. Which actions: access.py (own agency, assigned reviews)."""

from casereview.core.roles import ALL_ROLES, Role

ADMIN, MANAGER = Role.PARTNERSHIP_ADMIN, Role.REVIEW_MANAGER
REVIEWER, PANEL = Role.INDEPENDENT_REVIEWER, Role.PANEL_MEMBER
AGENCY, BOARD, AUDITOR = Role.AGENCY_CONTRIBUTOR, Role.BOARD_MEMBER, Role.AUDITOR

PERMISSIONS = {
    "actions.view": ALL_ROLES,
    # Set actions, import plans, approve closures, verify completion, reopen.
    "actions.manage": {ADMIN, MANAGER},
    # Progress, evidence, completion, edits: contributors on their own agency's actions only.
    "actions.update": {ADMIN, MANAGER, AGENCY},
    "actions.evidence.download": {ADMIN, MANAGER, REVIEWER, PANEL, AGENCY, AUDITOR},
    "actions.report": {ADMIN, MANAGER, BOARD, AUDITOR},
    "actions.agency_report": {ADMIN, MANAGER, BOARD, AUDITOR, AGENCY},
}
