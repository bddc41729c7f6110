from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "casereview.core"
    label = "core"
    verbose_name = "Core: calendar, dashboard, health"

    def ready(self) -> None:
        from casereview.core.registry import NavItem, register_nav

        register_nav(NavItem("Dashboard", "core:dashboard", "dashboard.view", order=0))
