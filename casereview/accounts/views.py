from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator

from casereview.accounts import services
from casereview.accounts.access import access_agencies
from casereview.core.access import AUTHENTICATED, PUBLIC, requires


@method_decorator(requires(PUBLIC), name="dispatch")
class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


SignInView.required_permission = PUBLIC  # type: ignore[attr-defined]


@method_decorator(requires(PUBLIC), name="dispatch")
class SignOutView(auth_views.LogoutView):
    template_name = "accounts/logged_out.html"


SignOutView.required_permission = PUBLIC  # type: ignore[attr-defined]


@method_decorator(requires(AUTHENTICATED), name="dispatch")
class ChangePasswordView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("dashboard:dashboard")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.record_password_change(user=self.request.user)
        messages.success(self.request, "Your password has been changed.")
        return response


ChangePasswordView.required_permission = AUTHENTICATED  # type: ignore[attr-defined]


@requires("agencies.view")
def agencies(request):
    return render(request, "accounts/agencies.html", {"agencies": access_agencies(request.user)})
