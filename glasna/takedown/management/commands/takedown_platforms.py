"""`glasna takedown_platforms`: check the platform directory data and load it into the database."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from glasna.takedown import directory


class Command(BaseCommand):
    help = "Check glasna/takedown/data/platforms.yaml (--check) or load it (entries edited in Glasna are kept)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="only validate the data file")

    def handle(self, *args: Any, **options: Any) -> None:
        entries = directory.read()
        problems = directory.problems(entries)
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} problem(s) in the platform directory")
        for warning in directory.aged(entries):
            self.stdout.write(f"warning: {warning}")
        if options["check"]:
            self.stdout.write(f"{len(entries)} platforms, no problems")
            return
        written, kept = directory.sync()
        self.stdout.write(f"{written} platforms loaded, {kept} kept as edited in Glasna")
