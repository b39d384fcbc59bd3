from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from glasna.accounts.demo import demo_totp_code


class Command(BaseCommand):
    help = "Print the current two-step sign-in code of a demo staff member (demo organisations only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            self.stdout.write(demo_totp_code(options["username"]))
        except PermissionError as exc:
            raise CommandError(str(exc)) from exc
