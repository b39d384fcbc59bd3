"""`glasna log_keys`: the custody log's public keys and fingerprints, as the organisations publish them."""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from glasna.evidence import published_keys


class Command(BaseCommand):
    help = (
        "Print the evidence custody log's public key and fingerprint (what organisations publish so that "
        "verifiers can pin it), every earlier key with the dates it signed, and the organisations using it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="the document served at /evidence/keys.json")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["json"]:
            self.stdout.write(json.dumps(published_keys.published(), indent=1, ensure_ascii=False))
            return
        for key in published_keys.key_history():
            self.stdout.write(f"{'current key' if key.current else 'earlier key'}")
            self.stdout.write(f"  fingerprint  {key.fingerprint}")
            self.stdout.write(f"  public key   {key.hex}")
            self.stdout.write(f"               {key.base64} (base64)")
            first = key.first_signed.isoformat() if key.first_signed else "not used yet"
            until = "in use" if key.current else (key.last_signed.isoformat() if key.last_signed else "?")
            self.stdout.write(f"  signing      from {first} until {until}")
        names = ", ".join(org.name for org in published_keys.organisations()) or "none yet"
        self.stdout.write(f"organisations  {names}")
        for each in published_keys.witnesses():
            self.stdout.write(f"witness        {each.name or 'this installation (for other installations)'}")
            self.stdout.write(f"  fingerprint  {each.fingerprint}")
            self.stdout.write(f"  public key   {each.hex}")
        self.stdout.write(f"published at   {published_keys.page_url()} and /evidence/keys.json")
