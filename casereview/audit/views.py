from django.core.paginator import Paginator
from django.shortcuts import render

from casereview.audit.access import access_audit_log
from casereview.core.access import requires


@requires("audit.view")
def audit_log(request):
    filters = {key: request.GET.get(key, "").strip() for key in ("action", "actor", "object_type", "object_id")}
    events = access_audit_log(request.user, **filters)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "audit/log.html", {"page": page, "filters": filters})
