from casereview.accounts.roles import ALL_ROLES, Role

PERMISSIONS = {
    "dashboard.view": ALL_ROLES,
    "users.manage": {Role.PARTNERSHIP_ADMIN},
    "agencies.view": ALL_ROLES,
}
