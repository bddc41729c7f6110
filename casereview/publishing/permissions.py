"""What each role may ever do with briefings. Which briefings: access.py (drafts: the review's team only)."""

from casereview.core.roles import ALL_ROLES, Role

ADMIN, MANAGER = Role.PARTNERSHIP_ADMIN, Role.REVIEW_MANAGER
REVIEWER, PANEL = Role.INDEPENDENT_REVIEWER, Role.PANEL_MEMBER
AGENCY, BOARD, AUDITOR = Role.AGENCY_CONTRIBUTOR, Role.BOARD_MEMBER, Role.AUDITOR

PERMISSIONS = {
    # Published briefings inside the service; drafts additionally need the review's team (access.py).
    "briefings.view": ALL_ROLES,
    "briefings.edit": {ADMIN, MANAGER, REVIEWER},
    "briefings.gate": {ADMIN, MANAGER, REVIEWER},
    "briefings.approve_false_positive": {ADMIN, MANAGER},
    "briefings.publish": {ADMIN, MANAGER},
    "briefings.withdraw": {ADMIN, MANAGER},
    # Withdrawing before the minimum public year has run.
    "briefings.withdraw_early": {ADMIN},
    # Recording how a team used a published briefing: contributors for their own agency only (services, access.py).
    "briefings.record_use": {ADMIN, MANAGER, AGENCY},
    # Recording training and learning events that carried a review's learning.
    "briefings.record_training": {ADMIN, MANAGER},
    # Reading the reach of briefings and training (the dissemination records, the board report's reach section).
    "briefings.reach": {ADMIN, MANAGER, BOARD, AUDITOR},
}
