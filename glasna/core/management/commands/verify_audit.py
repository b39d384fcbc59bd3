from typing import Any

from django.core.management.base import BaseCommand, CommandError

from glasna.core.audit import verify


class Command(BaseCommand):
    help = "Check the audit log's hash chain; fails when an entry was edited or removed."

    def handle(self, *args: Any, **options: Any) -> None:
        problems = verify()
        if problems:
            raise CommandError("audit chain broken:\n" + "\n".join(problems))
        self.stdout.write("audit chain intact")
