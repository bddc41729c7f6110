from django.urls import path

from casereview.core import views

app_name = "core"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("calendar/", views.bank_holidays, name="bank_holidays"),
]
