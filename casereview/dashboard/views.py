from django.shortcuts import render

from casereview.core.access import can, requires
from casereview.core.registry import DASHBOARD_PANELS


@requires("dashboard.view")
def dashboard(request):
    panels = []
    for panel in DASHBOARD_PANELS:
        if can(request.user, panel.permission):
            rendered = panel.render(request)
            if rendered is not None:
                panels.append({"key": panel.key, "template": rendered[0], "context": rendered[1]})
    return render(request, "dashboard/dashboard.html", {"panels": panels})
