"""Pull every registered peer's appearance feed now (docs/networks.md, "Network transport");
the scheduled job does the same for peers not tried for GLASNA_FEDERATION_SYNC_MINUTES."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from glasna.networks import peers
from glasna.networks.models import Peer


class Command(BaseCommand):
    help = "Pull the signed appearance feeds of registered peer installations; exit 1 when one fails."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--peer", help="one peer's name; every peer when absent")

    def handle(self, *args: Any, **options: Any) -> None:
        if options.get("peer"):
            peer = Peer.objects.filter(name=options["peer"]).first()
            if peer is None:
                raise CommandError(f"No peer {options['peer']!r}.")
            results = [peers.sync(peer)]
        else:
            results = peers.sync_all()
        for result in results:
            if result.ok:
                self.stdout.write(f"{result.peer.name}: {result.records} records")
            else:
                reason = peers.SYNC_ERRORS.get(result.code, result.code)
                self.stdout.write(f"{result.peer.name}: failed, {reason} {result.detail}".rstrip())
        if not all(result.ok for result in results):
            raise CommandError("a peer's feed could not be received")
