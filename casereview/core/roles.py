"""The roles of DESIGN.md. A role is data on the user; what it may do is in access.py."""

from django.db import models


class Role(models.TextChoices):
    PARTNERSHIP_ADMIN = "partnership_admin", "Partnership admin / business manager"
    REVIEW_MANAGER = "review_manager", "Review manager"
    INDEPENDENT_REVIEWER = "independent_reviewer", "Independent reviewer"
    PANEL_MEMBER = "panel_member", "Panel member"
    AGENCY_CONTRIBUTOR = "agency_contributor", "Agency contributor"
    BOARD_MEMBER = "board_member", "Board member"
    AUDITOR = "auditor", "Auditor"


ALL_ROLES = frozenset(Role)
# Roles that see only the reviews they are assigned to.
ASSIGNMENT_BOUND_ROLES = frozenset({Role.INDEPENDENT_REVIEWER, Role.PANEL_MEMBER})
# Roles that act for one agency only (the user's `agency`).
AGENCY_BOUND_ROLES = frozenset({Role.AGENCY_CONTRIBUTOR})
