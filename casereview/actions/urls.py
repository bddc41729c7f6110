from django.urls import path

from casereview.actions import views

app_name = "actions"

urlpatterns = [
    path("", views.index, name="index"),
    path("drift/", views.drift, name="drift"),
    path("report/", views.board_report, name="board_report"),
    path("report/<str:fmt>/", views.board_report, name="board_report_export"),
    path("report/files/<int:pk>/", views.report_file, name="report_file"),
    path("agency/", views.agency_report, name="agency_report"),
    path("agency/<str:fmt>/", views.agency_report, name="agency_report_export"),
    path("reviews/<int:review_pk>/", views.review_plan, name="review_plan"),
    path("reviews/<int:review_pk>/import/", views.import_plan, name="import"),
    path("reviews/<int:review_pk>/report/", views.review_report, name="review_report"),
    path("reviews/<int:review_pk>/report/<str:fmt>/", views.review_report, name="review_report_export"),
    path("recommendations/<int:rec_pk>/add/", views.add_action, name="add"),
    path("single-agency-recommendations/<int:rec_pk>/add/", views.add_single_agency_action, name="add_single_agency"),
    path("<int:pk>/", views.action_detail, name="detail"),
    path("<int:pk>/edit/", views.edit_action, name="edit"),
    path("<int:pk>/progress/", views.add_progress, name="progress"),
    path("<int:pk>/evidence/", views.add_evidence, name="evidence"),
    path("<int:pk>/complete/", views.complete, name="complete"),
    path("<int:pk>/close/", views.request_closure, name="request_closure"),
    path("<int:pk>/approve-closure/", views.approve_closure, name="approve_closure"),
    path("<int:pk>/verify/", views.verify, name="verify"),
    path("<int:pk>/reopen/", views.reopen, name="reopen"),
    path("evidence/<int:pk>/", views.download_evidence, name="download_evidence"),
]
