"""What each role may ever do with reviews. Object rules (assignment, own agency) are in access.py."""

from casereview.core.roles import ALL_ROLES, Role

ADMIN, MANAGER = Role.PARTNERSHIP_ADMIN, Role.REVIEW_MANAGER
REVIEWER, PANEL = Role.INDEPENDENT_REVIEWER, Role.PANEL_MEMBER
AGENCY, BOARD, AUDITOR = Role.AGENCY_CONTRIBUTOR, Role.BOARD_MEMBER, Role.AUDITOR

PERMISSIONS = {
    # Reading a review record (which reviews: access.reviews_visible_to).
    "reviews.view": ALL_ROLES,
    "reviews.create": {ADMIN, MANAGER},
    "reviews.edit": {ADMIN, MANAGER},
    "reviews.transition": {ADMIN, MANAGER},
    "reviews.decide": {ADMIN, MANAGER, PANEL},
    "reviews.team.manage": {ADMIN, MANAGER},
    "reviews.restricted.manage": {ADMIN, MANAGER},
    "reviews.agencies.manage": {ADMIN, MANAGER},
    # Agency contributors act on their own agency's requests only (access.access_request).
    "reviews.requests.view": {ADMIN, MANAGER, REVIEWER, PANEL, AGENCY},
    "reviews.requests.submit": {ADMIN, MANAGER, AGENCY},
    "reviews.documents.download": {ADMIN, MANAGER, REVIEWER, PANEL, AGENCY},
    "reviews.sar.edit": {ADMIN, MANAGER, REVIEWER},
    "reviews.findings.edit": {ADMIN, MANAGER, REVIEWER},
    "reviews.inquiry.edit": {ADMIN, MANAGER, REVIEWER},
    "reviews.deadlines.view": {ADMIN, MANAGER, REVIEWER, PANEL, AGENCY, BOARD, AUDITOR},
    # Seeing every deadline of the partnership, not only one's own reviews and requests.
    "reviews.deadlines.partnership": {ADMIN, MANAGER, BOARD, AUDITOR},
    "reviews.calendar.manage": {ADMIN, MANAGER, REVIEWER, PANEL, AGENCY},
    "reviews.figures.view": {ADMIN, MANAGER, BOARD, AUDITOR},
}
