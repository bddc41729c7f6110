from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login

from casereview.accounts import services, twofactor
from casereview.accounts.access import access_agencies
from casereview.core.access import AUTHENTICATED, PUBLIC, requires
from casereview.core.forms import GovukForm
from casereview.core.web import call, form_status, now


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


class CodeForm(GovukForm):
    token = forms.CharField(label="Code from your authenticator app", max_length=12,
                            widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                                          "spellcheck": "false"}))


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return str(reverse_lazy(settings.LOGIN_REDIRECT_URL))


def _two_factor_step(view):
    """Reachable while the session still waits for its code (RequireTwoFactorMiddleware lets it through)."""
    view.two_factor_step = True
    return view


@_two_factor_step
@requires(AUTHENTICATED)
def two_factor_setup(request):
    """Show the new key and confirm it with a first code; then the session counts as verified."""
    if twofactor.has_confirmed_device(request.user):
        return redirect("accounts:two_factor_verify")
    device = services.start_totp_setup(user=request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, confirmed = call(form, services.confirm_totp_device, user=request.user, token=form.cleaned_data["token"],
                             now=now())
        if ok:
            otp_login(request, confirmed)
            messages.success(request, "Two-factor sign-in is set up. You will be asked for a code each time you sign in.")
            return redirect(_next_url(request))
    return render(request, "accounts/two_factor_setup.html", {
        "form": form, "key": twofactor.secret_key_text(device), "uri": device.config_url, "next": _next_url(request),
    }, status=form_status(form))


@_two_factor_step
@requires(AUTHENTICATED)
def two_factor_verify(request):
    if not twofactor.has_confirmed_device(request.user):
        return redirect("accounts:two_factor_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, device = call(form, services.verify_second_factor, user=request.user, token=form.cleaned_data["token"],
                          now=now())
        if ok:
            otp_login(request, device)
            return redirect(_next_url(request))
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)},
                  status=form_status(form))
