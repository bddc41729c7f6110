from django.conf import settings
from django.urls import NoReverseMatch, reverse

from casereview.core.access import can
from casereview.core.registry import NAV_ITEMS


def service(request):
    """Service name, phase and the navigation the signed-in user may use."""
    nav = []
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        for item in NAV_ITEMS:
            if not can(user, item.permission):
                continue
            try:
                href = reverse(item.url_name)
            except NoReverseMatch:
                continue
            nav.append({"label": item.label, "href": href, "active": False})
        # Only the most specific link is current: /reviews/figures/ is "Figures", not also "Reviews".
        matches = [entry for entry in nav if entry["href"] != "/" and request.path.startswith(entry["href"])]
        if matches:
            max(matches, key=lambda entry: len(entry["href"]))["active"] = True
    return {
        "service_name": settings.CASEREVIEW_SERVICE_NAME,
        "service_phase": settings.CASEREVIEW_PHASE,
        "service_nav": nav,
    }
