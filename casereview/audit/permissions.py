from casereview.core.roles import Role

PERMISSIONS = {
    "audit.view": {Role.PARTNERSHIP_ADMIN, Role.AUDITOR},
}
