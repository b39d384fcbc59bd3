"""`glasna verify BUNDLE.zip`: check an evidence bundle, with the same code as the bundle's verify.py."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from glasna.evidence import log_key, verify_bundle
from glasna.evidence.verify_bundle import render


class Command(BaseCommand):
    help = (
        "Verify an evidence bundle (ZIP or unpacked folder): every file against the manifest, every "
        "custody proof against the signed tree head, the signatures and the time-stamps, reported in the "
        "bundle's language (or --lang). By default the "
        "bundle must be signed by this instance's custody log key. Exit status: 0 verified, 1 altered or "
        "signed by another key, 2 usage error, 3 consistent but signer not checked (--any-key)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("bundle", type=Path)
        parser.add_argument(
            "--key",
            help="the log key to require: its fingerprint (as `glasna log_keys` prints it) or the public key "
            "(hex or base64); default: this instance's",
        )
        parser.add_argument(
            "--any-key",
            action="store_true",
            help="check the bundle against the key it names (another instance); says who to compare with",
        )
        parser.add_argument("--tsa-ca", type=Path, help="the time-stamping authority's CA certificate (PEM)")
        parser.add_argument(
            "--witness-key",
            action="append",
            help="a witness to count: its published fingerprint or public key (repeat); default: every witness",
        )
        parser.add_argument(
            "--lang",
            help="the language of the report: sq, mk, sr, sr-latn, bs, hr, cnr or en; default: the bundle's",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        key = options["key"] or (None if options["any_key"] else log_key.public_key().hex())
        result = verify_bundle.verify(
            options["bundle"], key, options["tsa_ca"], options["witness_key"], options["lang"]
        )
        if result.usage:
            raise CommandError(render(result.usage, result.language), returncode=verify_bundle.EXIT_USAGE)
        self.stdout.write(result.text())
        if result.exit_code != verify_bundle.EXIT_VERIFIED:
            # The last line, like the report, in the bundle's language (or --lang): verify.py's own table.
            message = {"other_key": "command_other_key", "unpinned": "command_unpinned"}.get(
                result.status, "command_failed"
            )
            raise CommandError(result.t(message), returncode=result.exit_code)
