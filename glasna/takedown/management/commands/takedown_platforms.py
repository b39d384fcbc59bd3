"""`glasna takedown_platforms`: check the platform directory data and load it into the database."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from glasna.core import platforms
from glasna.takedown import directory


def _one_list_problems(directory_keys: set[str]) -> list[str]:
    """The one platform list (glasna/core/data/platforms.yaml) is sound, and its takedown entries
    are exactly the directory's."""
    found = [f"core platforms: {problem}" for problem in platforms.problems(platforms.read())]
    listed = {p["key"] for p in platforms.read() if "takedown" in (p.get("rooms") or [])}
    for key in sorted(listed - directory_keys):
        found.append(f"core platforms: {key} is marked for takedown but has no directory entry")
    for key in sorted(directory_keys - listed):
        found.append(f"directory entry {key} is not marked for takedown in glasna/core/data/platforms.yaml")
    return found


class Command(BaseCommand):
    help = (
        "Check glasna/takedown/data/platforms.yaml and the one platform list glasna/core/data/platforms.yaml "
        "(--check) or load the directory (entries edited in Glasna are kept)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="only validate the data file")

    def handle(self, *args: Any, **options: Any) -> None:
        entries = directory.read()
        problems = directory.problems(entries) + _one_list_problems({str(e.get("key")) for e in entries})
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
