"""Write the matching index snapshot that web processes load at start-up."""

from typing import Any

from django.core.management.base import BaseCommand

from glasna.matching import live_index


class Command(BaseCommand):
    help = (
        "Save the PDQ index snapshot under GLASNA_DATA_DIR/matching/ so processes start without re-reading every hash."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        path, count = live_index.save_snapshot()
        self.stdout.write(f"{count} hashes written to {path}")
