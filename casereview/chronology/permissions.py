"""What each role may ever do with chronologies. Object rules (own agency, review team) are in access.py."""

from casereview.core.roles import Role

ADMIN, MANAGER = Role.PARTNERSHIP_ADMIN, Role.REVIEW_MANAGER
REVIEWER, PANEL, AGENCY = Role.INDEPENDENT_REVIEWER, Role.PANEL_MEMBER, Role.AGENCY_CONTRIBUTOR

PERMISSIONS = {
    # The integrated chronology (all agencies): the review team.
    "chronology.view": {ADMIN, MANAGER, REVIEWER, PANEL},
    "chronology.export": {ADMIN, MANAGER, REVIEWER, PANEL},
    # Uploading and reading back one agency's own submission; managers may upload for an agency.
    "chronology.submit": {ADMIN, MANAGER, AGENCY},
    # The reviewer's work: key practice episodes, analysis, duplicate decisions.
    "chronology.analyse": {ADMIN, MANAGER, REVIEWER},
}
