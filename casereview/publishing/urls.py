from django.urls import path

from casereview.publishing import views

app_name = "publishing"

urlpatterns = [
    path("", views.briefing_list, name="list"),
    path("reviews/<int:review_pk>/start/", views.briefing_start, name="start"),
    path("<int:pk>/", views.briefing_detail, name="detail"),
    path("<int:pk>/edit/", views.briefing_edit, name="edit"),
    path("<int:pk>/gate/", views.briefing_gate, name="gate"),
    path("<int:pk>/false-positive/", views.false_positive, name="false_positive"),
    path("<int:pk>/approve/", views.briefing_approve, name="approve"),
    path("<int:pk>/publish/", views.briefing_publish, name="publish"),
    path("<int:pk>/withdraw/", views.briefing_withdraw, name="withdraw"),
    path("<int:pk>/record-use/", views.record_use, name="record_use"),
    path("training/", views.training_list, name="training_list"),
    path("training/reviews/<int:review_pk>/new/", views.training_new, name="training_new"),
    path("public/", views.public_list, name="public_list"),
    path("public/<int:pk>/", views.public_detail, name="public_detail"),
    path("public/<int:pk>/briefing.<slug:fmt>", views.public_download, name="public_download"),
]
