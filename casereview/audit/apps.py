from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "casereview.audit"
    label = "audit"

    def ready(self) -> None:
        from casereview.core.registry import NavItem, register_nav

        register_nav(NavItem("Audit log", "audit:log", "audit.view", order=90))
