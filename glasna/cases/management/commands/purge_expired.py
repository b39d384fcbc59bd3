from typing import Any

from django.core.management.base import BaseCommand

from glasna.cases.retention import purge_expired


class Command(BaseCommand):
    help = "Erase closed cases past their organisation's retention period (also runs nightly in the worker)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"purged {purge_expired()} case(s)")
