from casereview.core.roles import ALL_ROLES

PERMISSIONS = {
    "dashboard.view": ALL_ROLES,
}
