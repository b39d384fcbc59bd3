"""`glasna observatory import FILE` and `glasna observatory check`."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from glasna.observatory import codebook, official


class Command(BaseCommand):
    help = "Observatory data: import official statistics (CSV or JSON, all or nothing) or check the shipped data."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        importing = sub.add_parser("import", help="Import an official-statistics file (docs/observatory.md).")
        importing.add_argument("file", type=Path)
        sub.add_parser("check", help="Check the codebook and the shipped datasets.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "check":
            problems = codebook.problems()
            figures: tuple[official.Figure, ...] = ()
            try:
                figures = official.shipped()
            except official.InvalidFile as exc:
                problems += [str(e) for e in exc.errors]
            count = len(figures)
            if problems:
                raise CommandError("\n".join(problems))
            for dataset, end in official.aged_datasets(figures):
                self.stdout.write(f"warning: {dataset}: the latest period ends {end}; ask for newer figures (FOI)")
            self.stdout.write(f"codebook and {count} shipped figures are valid")
            return
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            count = official.import_file(path.read_bytes(), path.name)
        except official.InvalidFile as exc:
            raise CommandError(f"{path}: nothing imported\n" + "\n".join(str(e) for e in exc.errors)) from exc
        self.stdout.write(f"{path}: {count} figures imported")
