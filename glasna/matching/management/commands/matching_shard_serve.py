"""Serve one shard of the matching index on its Unix socket (GLASNA_INDEX_SHARDS, docs/matching.md)."""

import signal
import sys
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser

from glasna.matching import shard_server


class Command(BaseCommand):
    help = (
        "Build (or map) shard I of K of the PDQ index from the database and serve it on "
        "GLASNA_INDEX_SHARD_SOCKETS/shard-I-of-K.sock until stopped; it re-reads new and withdrawn hashes "
        "every GLASNA_MATCH_REFRESH_SECONDS. Needs GLASNA_INDEX_SHARD_KEY. Run one per shard (docs/matching.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--shard", type=int, required=True, help="this shard's number, 0 to K-1")
        parser.add_argument(
            "--of", type=int, default=None, help="K, the number of shards (default GLASNA_INDEX_SHARDS)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        shards = options["of"] if options["of"] is not None else settings.GLASNA_INDEX_SHARDS
        if shards < 1:
            raise CommandError("give --of K or set GLASNA_INDEX_SHARDS")
        if settings.GLASNA_INDEX_SHARDS and shards != settings.GLASNA_INDEX_SHARDS:
            raise CommandError(f"--of {shards}, but GLASNA_INDEX_SHARDS is {settings.GLASNA_INDEX_SHARDS}")

        def started(address: str, count: int) -> None:
            self.stdout.write(f"shard {options['shard']} of {shards}: {count} hashes, listening on {address}")
            self.stdout.flush()

        # systemd stops with SIGTERM: leave through `finally`, which removes the socket.
        signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(0))
        try:
            shard_server.run(options["shard"], shards, started)
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
