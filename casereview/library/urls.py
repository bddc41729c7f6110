from django.urls import path

from casereview.library import views

app_name = "library"

urlpatterns = [
    path("", views.home, name="home"),
    path("upload/", views.upload, name="upload"),
    path("uploads/<int:pk>/", views.batch, name="batch"),
    path("uploads/<int:pk>/discard/", views.discard_held, name="discard_held"),
    path("themes/", views.themes, name="themes"),
    path("entries/<int:pk>/", views.entry, name="entry"),
    path("entries/<int:pk>/correct/", views.correct, name="correct"),
    path("items/<int:pk>/correct/", views.correct_item, name="correct_item"),
    path("items/<int:pk>/themes/", views.item_themes, name="item_themes"),
]
