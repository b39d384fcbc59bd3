"""Register a platform (or re-key one) and print its API token once."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from glasna.matching import banks, tokens
from glasna.matching.models import HashBank


class Command(BaseCommand):
    help = "Register a platform for the matching API and print its token (shown once; stored only as a digest)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("key", help="short key, e.g. telegram (the intake platform key where there is one)")
        parser.add_argument("--name", required=True, help="display name shown to survivors")
        parser.add_argument(
            "--bank",
            action="append",
            default=[],
            help=f"bank the platform may see (repeatable; default {banks.SURVIVOR_BANK})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        names = options["bank"] or [banks.SURVIVOR_BANK]
        chosen = [HashBank.objects.get_or_create(name=name)[0] for name in names]
        platform, token = tokens.issue(options["key"], options["name"], chosen)
        self.stdout.write(f"platform {platform.key}: banks {', '.join(names)}\ntoken: {token}")
