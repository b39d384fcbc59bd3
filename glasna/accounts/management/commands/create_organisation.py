import getpass
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from glasna.accounts import founding
from glasna.accounts.models import COUNTRIES, Organisation, OrganisationType


class Command(BaseCommand):
    help = (
        "Create an organisation with its keys and its first administrator; prints the recovery code once. "
        "The administrator's password is asked for (or read from --password-file)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug")
        parser.add_argument("--name", required=True)
        parser.add_argument("--type", choices=OrganisationType.values, default=OrganisationType.WOMENS_RIGHTS)
        parser.add_argument("--country", action="append", choices=[code for code, _ in COUNTRIES], required=True)
        parser.add_argument("--service", action="append", default=[], help="help offered (removal, legal, ...)")
        parser.add_argument("--serves-children", action="store_true")
        parser.add_argument("--regional-default", action="store_true")
        parser.add_argument("--notify-email", default="")
        parser.add_argument("--language", default="en")
        parser.add_argument("--admin", required=True, help="username of the first administrator")
        parser.add_argument("--admin-email", default="")
        parser.add_argument("--password-file", help="read the administrator's password from this file")

    def handle(self, *args: Any, **options: Any) -> None:
        if Organisation.objects.filter(slug=options["slug"]).exists():
            raise CommandError(f"an organisation {options['slug']!r} exists already")
        if options["password_file"]:
            with open(options["password_file"], encoding="utf-8") as handle:
                password = handle.read().strip()
        else:
            password = getpass.getpass("Administrator's password: ")
        if len(password) < 12:
            raise CommandError("the password must have at least 12 characters")
        fields = {
            "slug": options["slug"],
            "name": options["name"],
            "org_type": options["type"],
            "countries": options["country"],
            "serves_children": options["serves_children"],
            "is_regional_default": options["regional_default"],
            "notify_email": options["notify_email"],
            "language": options["language"],
        }
        if options["service"]:
            fields["services"] = options["service"]
        try:
            founded = founding.found(fields, options["admin"], options["admin_email"], password)
        except founding.FoundingRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        organisation, code = founded.organisation, founded.recovery_code
        self.stdout.write(
            f"Organisation {organisation.name} created; administrator {options['admin']} enrols TOTP at first sign-in."
        )
        self.stdout.write("RECOVERY CODE (shown once; print it and keep it offline, it opens every report):")
        self.stdout.write(code)
