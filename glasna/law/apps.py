from django.apps import AppConfig


class LawConfig(AppConfig):
    name = "glasna.law"
    label = "law"
