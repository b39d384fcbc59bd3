"""`glasna observatory_rebuild`: recompute the published counts from the statistical records
(after a bulk load or any write that bypassed the ORM's signals)."""

from typing import Any

from django.core.management.base import BaseCommand

from glasna.observatory import aggregates


class Command(BaseCommand):
    help = "Recompute the observatory's pre-aggregated counts from the statistical records."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{aggregates.rebuild()} count rows rebuilt")
