"""Top-level routes. Each bounded context owns its URLs under its own prefix."""

from django.contrib import admin
from django.urls import include, path

from casereview.dashboard import views as dashboard_views

handler400 = "casereview.core.views.bad_request"
handler403 = "casereview.core.views.forbidden"
handler404 = "casereview.core.views.not_found"  # also the 410 page, for core.refusals.Gone
handler500 = "casereview.core.views.server_error"

admin.site.site_header = "CaseReview administration"
admin.site.site_title = "CaseReview admin"

urlpatterns = [
    path("", dashboard_views.dashboard, name="home"),
    path("", include("casereview.dashboard.urls")),
    path("", include("casereview.core.urls")),
    path("accounts/", include("casereview.accounts.urls")),
    path("audit/", include("casereview.audit.urls")),
    path("reviews/", include("casereview.reviews.urls")),
    path("chronology/", include("casereview.chronology.urls")),
    path("actions/", include("casereview.actions.urls")),
    path("library/", include("casereview.library.urls")),
    path("publishing/", include("casereview.publishing.urls")),
    path("admin/", admin.site.urls),
]
