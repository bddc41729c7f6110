from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "casereview.publishing"
    label = "publishing"
