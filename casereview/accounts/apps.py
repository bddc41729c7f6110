from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "casereview.accounts"
    label = "accounts"

    def ready(self) -> None:
        from django.contrib import admin
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

        from casereview.accounts.signals import audit_failed_sign_in, audit_sign_in, audit_sign_out
        from casereview.core.registry import NavItem, register_nav
        from casereview.core.roles import Role

        user_logged_in.connect(audit_sign_in, dispatch_uid="casereview.audit_sign_in")
        user_logged_out.connect(audit_sign_out, dispatch_uid="casereview.audit_sign_out")
        user_login_failed.connect(audit_failed_sign_in, dispatch_uid="casereview.audit_failed_sign_in")

        # Django admin is for partnership admins only, whatever is_staff says.
        def admin_has_permission(request):
            user = request.user
            return bool(user.is_active and user.is_authenticated and user.role == Role.PARTNERSHIP_ADMIN)

        admin.site.has_permission = admin_has_permission
        register_nav(NavItem("Agencies", "accounts:agencies", "agencies.view", order=80))
