import getpass
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from glasna.accounts import founding
from glasna.accounts.models import Role, StaffMember

OPERATOR_SLUG = "operator"


class Command(BaseCommand):
    help = (
        "Create the installation operator's account for the operator console (/staff/operator/): "
        "password and two-step sign-in like staff, no organisation key, no case data. "
        "The password is read from --password-file or asked for."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument("--password-file")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["password_file"]:
            with open(options["password_file"], encoding="utf-8") as handle:
                password = handle.read().strip()
        else:
            password = getpass.getpass("Operator's password: ")
        if len(password) < 12:
            raise CommandError("the password must have at least 12 characters")
        if StaffMember.objects.filter(role=Role.PLATFORM_ADMIN).exists():
            raise CommandError("an operator exists already")
        fields = {
            "slug": OPERATOR_SLUG,
            "name": "Installation operator",
            "org_type": "regional_desk",
            "countries": [],
            "accepts_reports": False,
            "accepts_referrals": False,
        }
        try:
            founding.found(fields, options["username"], options["email"], password, role=Role.PLATFORM_ADMIN)
        except founding.FoundingRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        # The operator's own "organisation" holds no reports; its recovery code is not needed and not shown.
        self.stdout.write(f"Operator {options['username']} created; two-step sign-in is set up at first sign-in.")
