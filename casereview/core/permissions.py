from casereview.core.roles import ALL_ROLES

PERMISSIONS = {
    "calendar.view": ALL_ROLES,
}
