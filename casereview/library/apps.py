from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "casereview.library"
    label = "library"
