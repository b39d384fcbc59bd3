from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "glasna.core"
    label = "core"
