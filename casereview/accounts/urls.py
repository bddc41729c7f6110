from django.contrib.auth.decorators import login_not_required
from django.urls import path

from casereview.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", login_not_required(views.SignInView.as_view()), name="login"),
    path("logout/", login_not_required(views.SignOutView.as_view()), name="logout"),
    path("password/", views.ChangePasswordView.as_view(), name="password_change"),
    path("agencies/", views.agencies, name="agencies"),
]
