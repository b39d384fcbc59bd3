"""`glasna backup_key --out FILE`: make the key pair that backups are encrypted to."""

import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from glasna.core import backup


class Command(BaseCommand):
    help = (
        "Make a backup key pair: writes the private key to FILE (mode 0600; print it or copy it to another "
        "medium, then delete it from this server) and prints the public key for GLASNA_BACKUP_PUBLIC_KEY."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", type=Path, required=True, help="where to write the private key (must not exist)")

    def handle(self, *args: Any, **options: Any) -> None:
        private_text, public = backup.new_backup_key()
        try:
            fd = os.open(options["out"], os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except OSError as exc:
            raise CommandError(f"cannot create {options['out']}: {exc.strerror}") from exc
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(private_text)
        self.stdout.write(f"Private key written to {options['out']}: keep it away from this server and the backups.")
        self.stdout.write(f"Public key (set GLASNA_BACKUP_PUBLIC_KEY to it):\n{public}")
