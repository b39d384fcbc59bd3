"""Move appearance records between installations by file (docs/networks.md, "Records between
installations"): print this installation's signed records or its public key; receive a peer's."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from glasna.accounts.models import Organisation
from glasna.core import audit
from glasna.networks import federation, feed_choice
from glasna.networks.models import FeedShare


class Command(BaseCommand):
    help = "Export this installation's signed space appearances, print its public key, or receive a peer's."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        export = actions.add_parser("export", help="print the signed records (JSON)")
        export.add_argument("--organisation", help="one organisation's slug; all when absent")
        actions.add_parser("public-key", help="print the key a peer pins to verify our records")
        receive = actions.add_parser("receive", help="verify and store a peer's records")
        receive.add_argument("file", type=Path)
        receive.add_argument("--key", required=True, help="the peer's public key (base64)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "public-key":
            self.stdout.write(federation.public_key())
        elif options["action"] == "export":
            organisation = None
            if options.get("organisation"):
                organisation = Organisation.objects.filter(slug=options["organisation"]).first()
                if organisation is None:
                    raise CommandError(f"No organisation {options['organisation']!r}.")
            document = federation.export(organisation)
            if organisation is not None and feed_choice.share_of(organisation.pk) == FeedShare.NONE:
                self.stderr.write(f"{organisation.slug} chose that no record of it leaves for other installations.")
            audit.record("networks.appearances_exported", actor="command", target=f"records:{len(document['records'])}")
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=1))
        else:
            try:
                document = json.loads(options["file"].read_text(encoding="utf-8"))
                stored = federation.receive(document, options["key"])
            except (OSError, ValueError, AttributeError) as error:
                raise CommandError(f"Cannot read {options['file']}: {error}") from error
            except federation.FederationError as error:
                raise CommandError(str(error.message)) from error
            sender = str(document.get("installation", ""))[:100]
            audit.record("networks.appearances_received", actor="command", target=f"{sender}:{stored}")
            self.stdout.write(f"{stored} records from {sender}")
