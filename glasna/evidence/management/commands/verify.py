"""`glasna verify BUNDLE.zip`: check an evidence bundle, with the same code as the bundle's verify.py."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from glasna.evidence import log_key, verify_bundle


class Command(BaseCommand):
    help = (
        "Verify an evidence bundle (ZIP or unpacked folder): every file against the manifest, every "
        "custody proof against the signed tree head, the signatures and the time-stamps. By default the "
        "bundle must be signed by this instance's custody log key."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("bundle", type=Path)
        parser.add_argument("--key", help="the log public key to require (64 hex digits); default: this instance's")
        parser.add_argument(
            "--any-key", action="store_true", help="accept the key named in the bundle (another instance)"
        )
        parser.add_argument("--tsa-ca", type=Path, help="the time-stamping authority's CA certificate (PEM)")

    def handle(self, *args: Any, **options: Any) -> None:
        key = options["key"] or (None if options["any_key"] else log_key.public_key().hex())
        result = verify_bundle.verify(options["bundle"], key, options["tsa_ca"])
        self.stdout.write(result.text())
        if not result.ok:
            raise CommandError("the bundle did not verify")
