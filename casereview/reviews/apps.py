from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "casereview.reviews"
    label = "reviews"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from casereview.core.registry import DashboardPanel, NavItem, register_nav, register_panel
        from casereview.reviews.review_types import ensure_review_types
        from casereview.reviews.views.deadlines import dashboard_panel

        register_nav(NavItem("Reviews", "reviews:list", "reviews.view", order=20))
        register_nav(NavItem("Deadlines", "reviews:deadlines", "reviews.deadlines.view", order=21))
        # Those who chase agencies (review managers, partnership admins) find the overdue list here.
        register_nav(NavItem("Chase list", "reviews:chase_list", "reviews.agencies.manage", order=22))
        register_nav(NavItem("Figures", "reviews:figures", "reviews.figures.view", order=60))
        register_panel(DashboardPanel("reviews.deadlines", "reviews.deadlines.view", dashboard_panel, order=10))
        post_migrate.connect(ensure_review_types, sender=self, dispatch_uid="reviews.ensure_review_types")

        from casereview.core.registry import Cleanup, register_cleanup

        register_cleanup(Cleanup("reviews.document_orphans", _document_orphans))


def _document_orphans(now) -> dict[str, int]:
    from casereview.reviews.services import remove_orphan_document_files

    return {"document_orphans": remove_orphan_document_files(now=now)}
