from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "glasna.evidence"
    label = "evidence"

    def ready(self) -> None:
        from glasna.evidence import hooks

        hooks.connect()
