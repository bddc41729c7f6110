from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "casereview.reviews"
    label = "reviews"

    def ready(self) -> None:
        from casereview.core.registry import DashboardPanel, NavItem, register_nav, register_panel
        from casereview.reviews.views.deadlines import dashboard_panel

        register_nav(NavItem("Reviews", "reviews:list", "reviews.view", order=20))
        register_nav(NavItem("Deadlines", "reviews:deadlines", "reviews.deadlines.view", order=21))
        register_nav(NavItem("Figures", "reviews:figures", "reviews.figures.view", order=60))
        register_panel(DashboardPanel("reviews.deadlines", "reviews.deadlines.view", dashboard_panel, order=10))
