from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "glasna.matching"
    label = "matching"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from glasna.core import health
        from glasna.matching import registration, shard_client

        registration.register()
        health.CHECKS["index_shards"] = shard_client.readiness_check
