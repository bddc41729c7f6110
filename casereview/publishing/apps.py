from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "casereview.publishing"
    label = "publishing"

    def ready(self) -> None:
        from casereview.core.registry import NavItem, register_nav
        from casereview.publishing.gate import check_publishable
        from casereview.publishing.reach import reach_section
        from casereview.reviews.assurance import register_assurance_section
        from casereview.reviews.hooks import register_publication_check

        register_nav(NavItem("Briefings", "publishing:list", "briefings.view", order=60))
        # The reviews workflow asks this gate before a review moves to "published".
        register_publication_check(check_publishable)
        # The board assurance report (actions) shows how far each review's learning reached.
        register_assurance_section("publishing.reach", reach_section, order=60)
