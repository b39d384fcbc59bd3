from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from glasna.core import audit_shipping
from glasna.core.audit_checkpoint import verify_full


class Command(BaseCommand):
    help = (
        "Check the whole audit log's hash chain (the worker also does nightly); fails when an entry was "
        "edited or removed. When intact, page views verify only entries newer than this check."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--against",
            metavar="FILE",
            help="also compare with the copy shipped off the server: a process log holding glasna.audit lines",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify_full()
        if result.problems:
            raise CommandError("audit chain broken:\n" + "\n".join(result.problems))
        self.stdout.write(f"audit chain intact ({result.checked} entries)")
        if options["against"]:
            with open(options["against"], encoding="utf-8", errors="replace") as copy:
                problems = audit_shipping.compare(copy)
            if problems:
                raise CommandError("audit log differs from its shipped copy:\n" + "\n".join(problems))
            self.stdout.write("audit log agrees with its shipped copy")
