from casereview.core.roles import ALL_ROLES, Role

PERMISSIONS = {
    "users.manage": {Role.PARTNERSHIP_ADMIN},
    "agencies.view": ALL_ROLES,
}
