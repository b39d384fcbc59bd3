from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from glasna.core import blob_sweep


class Command(BaseCommand):
    help = (
        "Delete blobs that no record refers to and that are older than GLASNA_BLOB_SWEEP_GRACE_HOURS "
        "(the worker also runs this daily); prints counts, never names. Refuses when most old blobs look "
        "orphaned (a database that is not this store's) unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="count what would be deleted, delete nothing")
        parser.add_argument("--force", action="store_true", help="delete even when most old blobs look orphaned")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = blob_sweep.sweep(actor="command", dry_run=options["dry_run"], force=options["force"])
        except blob_sweep.SweepRefused as refused:
            raise CommandError(
                f"refused, most old blobs look orphaned ({refused}): check DATABASE_URL and the blob store "
                "settings; --dry-run to count, --force to delete anyway"
            ) from refused
        self.stdout.write(result.summary())
        if result.dry_run and result.suspicious:
            self.stdout.write("most old blobs look orphaned: without --dry-run this sweep is refused unless --force")
