from django.apps import AppConfig


class ObservatoryConfig(AppConfig):
    name = "glasna.observatory"
    label = "observatory"

    def ready(self) -> None:
        from glasna.observatory import extensions, receivers  # noqa: F401

        extensions.register()
