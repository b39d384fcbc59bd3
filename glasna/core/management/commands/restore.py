"""`glasna restore --from DIR --key-file K`: restore an encrypted backup into an empty instance."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from glasna.core import backup
from glasna.core.backup_database import DatabaseBackupError


class Command(BaseCommand):
    help = (
        "Restore a backup made by `glasna backup` into this instance's (empty, migrated) database and empty "
        "blob store. Every checksum, the key and the manifest are checked, and both files decrypted, before "
        "anything is changed. Needs the same GLASNA_INSTANCE_KEY as the backed-up instance to open receipts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="source", type=Path, required=True, help="the backup folder")
        parser.add_argument("--key-file", type=Path, required=True, help="the backup private key file")
        parser.add_argument(
            "--force", action="store_true", help="replace a database and blob store that already hold data"
        )
        parser.add_argument("--check", action="store_true", help="only check the backup and the key; change nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            key = backup.read_private_key(options["key_file"])
            if options["check"]:
                manifest, _ = backup.check(options["source"], key)
                self.stdout.write(f"Backup intact and opens with this key: made {manifest['created_at']}.")
                return
            summary = backup.restore(options["source"], key, force=options["force"])
        except (backup.BackupError, DatabaseBackupError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored {summary.vendor} database and {summary.blobs} blobs from {summary.directory}.")
