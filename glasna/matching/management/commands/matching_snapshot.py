"""Write the matching index snapshot that every web process maps (one shared copy per machine)."""

from typing import Any

from django.core.management.base import BaseCommand

from glasna.matching import live_index


class Command(BaseCommand):
    help = (
        "Save the PDQ index snapshot under GLASNA_DATA_DIR/matching/index/: every process maps it (one shared "
        "copy per machine) and follows newer ones; run it after install and then periodically."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        path, count = live_index.save_snapshot()
        self.stdout.write(f"{count} hashes written to {path}")
