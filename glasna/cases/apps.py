from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "glasna.cases"
    label = "cases"
