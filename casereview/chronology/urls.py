from django.urls import path

from casereview.chronology import views

app_name = "chronology"

urlpatterns = [
    path("<int:review_pk>/", views.integrated, name="integrated"),
    path("<int:review_pk>/timeline/", views.timeline, name="timeline"),
    path("<int:review_pk>/export.csv", views.export, {"fmt": "csv"}, name="export_csv"),
    path("<int:review_pk>/export.xlsx", views.export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("<int:review_pk>/submission/", views.submission, name="submission"),
    path("<int:review_pk>/submission/map/<str:token>/", views.mapping, name="mapping"),
    path("<int:review_pk>/submission/map/<str:token>/remove/", views.mapping_discard, name="mapping_discard"),
    path("<int:review_pk>/episodes/new/", views.episode_new, name="episode_new"),
    path("<int:review_pk>/episodes/<int:episode_pk>/delete/", views.episode_delete, name="episode_delete"),
    path("<int:review_pk>/entries/<int:entry_pk>/analysis/", views.analysis_edit, name="analysis"),
    path("<int:review_pk>/duplicates/<int:link_pk>/", views.duplicate_decide, name="duplicate_decide"),
]
