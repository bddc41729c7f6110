"""Who may use the learning library.

The library holds published, anonymised learning, so every role may read it.
Adding documents and correcting what was extracted changes what every partner
reads, so only the business unit and independent reviewers may do it.
"""

from casereview.core.roles import ALL_ROLES, Role

EDITORS = {Role.PARTNERSHIP_ADMIN, Role.REVIEW_MANAGER, Role.INDEPENDENT_REVIEWER}

PERMISSIONS = {
    "library.view": ALL_ROLES,
    "library.ingest": EDITORS,
    "library.correct": EDITORS,
}
