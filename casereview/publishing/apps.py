from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "casereview.publishing"
    label = "publishing"

    def ready(self) -> None:
        from casereview.core.registry import NavItem, register_nav

        register_nav(NavItem("Briefings", "publishing:list", "briefings.view", order=60))
