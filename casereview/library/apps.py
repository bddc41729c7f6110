from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "casereview.library"
    label = "library"
    verbose_name = "Learning library"

    def ready(self) -> None:
        from casereview.core.registry import NavItem, register_nav

        register_nav(NavItem("Library", "library:home", "library.view", order=60))
