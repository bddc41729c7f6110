from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """The shell on top of every app: the dashboard page and the demo loader.

    It may import any app; no app imports it. Apps contribute panels and links
    through casereview.core.registry instead.
    """

    name = "casereview.dashboard"
    label = "dashboard"

    def ready(self) -> None:
        from casereview.core.registry import NavItem, register_nav

        register_nav(NavItem("Dashboard", "dashboard:dashboard", "dashboard.view", order=0))
