from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "glasna.intake"
    label = "intake"
