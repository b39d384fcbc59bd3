from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "glasna.matching"
    label = "matching"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from glasna.matching import registration

        registration.register()
