from django.urls import path

from casereview.reviews.views import agencies, deadlines, figures, findings, inquiry, records

app_name = "reviews"

urlpatterns = [
    path("", records.review_list, name="list"),
    path("new/", records.review_create, name="create"),
    path("export.csv", records.reviews_csv, name="export_csv"),
    path("<int:pk>/", records.review_detail, name="detail"),
    path("<int:pk>/export.json", records.review_export_json, name="export_json"),
    path("<int:pk>/edit/", records.review_edit, name="edit"),
    path("<int:pk>/stage/", records.review_transition, name="transition"),
    path("<int:pk>/decision/", records.review_decide, name="decide"),
    path("<int:pk>/decision/<int:decision_pk>/panel-response/", records.panel_response, name="panel_response"),
    path("<int:pk>/identifiers/add/", records.identifier_add, name="identifier_add"),
    path("<int:pk>/identifiers/<int:identifier_pk>/remove/", records.identifier_remove, name="identifier_remove"),
    path("<int:pk>/team/add/", records.member_add, name="member_add"),
    path("<int:pk>/team/<int:member_pk>/remove/", records.member_remove, name="member_remove"),
    path("<int:pk>/agencies/add/", agencies.agency_add, name="agency_add"),
    path("<int:pk>/agencies/<int:participation_pk>/request/", agencies.request_add, name="request_add"),
    path("<int:pk>/single-agency-recommendations/add/", agencies.sar_add, name="sar_add"),
    path("requests/<int:request_pk>/status/", agencies.request_status, name="request_status"),
    path("requests/<int:request_pk>/chase/", agencies.request_chase, name="request_chase"),
    path("requests/<int:request_pk>/upload/", agencies.request_upload, name="request_upload"),
    path("documents/<int:document_pk>/", agencies.document_download, name="document_download"),
    path("chase-list/", agencies.chase_list_page, name="chase_list"),
    path("<int:pk>/terms-of-reference/", inquiry.terms, name="terms"),
    path("<int:pk>/learning-events/add/", inquiry.event_add, name="event_add"),
    path("<int:pk>/family/add/", inquiry.family_add, name="family_add"),
    path("<int:pk>/learning-points/add/", findings.learning_point_add, name="learning_point_add"),
    path("<int:pk>/recommendations/add/", findings.recommendation_add, name="recommendation_add"),
    path("<int:pk>/recommendations/<int:recommendation_pk>/links/", findings.recommendation_link, name="recommendation_link"),
    path("deadlines/", deadlines.deadlines_page, name="deadlines"),
    path("deadlines/calendar-address/", deadlines.calendar_feed_issue, name="calendar_issue"),
    path("deadlines/calendar-address/remove/", deadlines.calendar_feed_revoke, name="calendar_revoke"),
    path("calendar/<str:token>.ics", deadlines.calendar_feed, name="calendar_feed"),
    path("figures/", figures.figures_page, name="figures"),
    path("figures.csv", figures.figures_csv, name="figures_csv"),
]
