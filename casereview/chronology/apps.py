from django.apps import AppConfig


class ChronologyConfig(AppConfig):
    name = "casereview.chronology"
    label = "chronology"

    def ready(self) -> None:
        from casereview.chronology.services import remove_abandoned_uploads
        from casereview.core.registry import Cleanup, register_cleanup

        register_cleanup(Cleanup("chronology.pending_uploads", lambda now: remove_abandoned_uploads(now=now)))
