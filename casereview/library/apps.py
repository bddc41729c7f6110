from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "casereview.library"
    label = "library"
    verbose_name = "Learning library"

    def ready(self) -> None:
        from casereview.core.registry import NavItem, register_nav
        from casereview.library import receivers
        from casereview.reviews.signals import briefing_published, briefing_withdrawn

        register_nav(NavItem("Library", "library:home", "library.view", order=60))

        from casereview.core.registry import Cleanup, register_cleanup
        from casereview.library.batches import expire_held

        register_cleanup(Cleanup("library.held_files", lambda now: {"held_files": expire_held(now=now)}))
        briefing_published.connect(receivers.on_briefing_published, dispatch_uid="library.briefing_published")
        briefing_withdrawn.connect(receivers.on_briefing_withdrawn, dispatch_uid="library.briefing_withdrawn")
