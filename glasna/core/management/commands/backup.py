"""`glasna backup --to DIR`: an encrypted backup of the database and the blob store."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from glasna.core import backup
from glasna.core.backup_database import DatabaseBackupError


class Command(BaseCommand):
    help = (
        "Write an encrypted backup (database dump and blob store, with a manifest of SHA-256s) into a new "
        "folder, encrypted to the backup public key (GLASNA_BACKUP_PUBLIC_KEY or --public-key). The instance "
        "key and the backup private key are never included: keep them apart (docs/operations.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--to", type=Path, required=True, help="a new or empty folder")
        parser.add_argument("--public-key", help="the backup public key (base64); default GLASNA_BACKUP_PUBLIC_KEY")

    def handle(self, *args: Any, **options: Any) -> None:
        text = options["public_key"] or settings.GLASNA_BACKUP_PUBLIC_KEY
        if not text:
            raise CommandError("no backup public key: set GLASNA_BACKUP_PUBLIC_KEY (make one with `glasna backup_key`)")
        try:
            summary = backup.create(options["to"], backup.parse_public_key(text))
        except (backup.BackupError, DatabaseBackupError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Backup written to {summary.directory}: {summary.vendor} database, {summary.blobs} blobs.")
