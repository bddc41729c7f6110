from django.contrib.auth.decorators import login_not_required
from django.urls import path

from casereview.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", login_not_required(views.SignInView.as_view()), name="login"),
    path("logout/", login_not_required(views.SignOutView.as_view()), name="logout"),
    path("password/", views.ChangePasswordView.as_view(), name="password_change"),
    path("agencies/", views.agencies, name="agencies"),
    path("two-factor/set-up/", views.two_factor_setup, name="two_factor_setup"),
    path("two-factor/", views.two_factor_verify, name="two_factor_verify"),
]
