"""The last administrator is locked out: with the organisation's recovery code, give the
organisation an administrator again without losing anything sealed (accounts/recovery.py)."""

import getpass
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse
from django.utils import translation

from glasna.accounts import invitations, keyring, membership, recovery
from glasna.accounts.models import Membership, Organisation, Role, StaffMember
from glasna.core import audit
from glasna.core.crypto.passphrase import WrongPassphrase

ACTOR = "operator:recover_admin"


class Command(BaseCommand):
    help = (
        "Recover an organisation whose administrators are all locked out, with its recovery code. "
        "Step 1 prints a single-use link: a password reset for an existing member (she becomes "
        "administrator) or an invitation for a new administrator. Step 2, after she has used the link "
        "and set up two-step sign-in, --approve seals the organisation key to her. The recovery code "
        "is asked for (or read from --code-file); whoever runs this gets no key."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("organisation", help="the organisation's slug")
        parser.add_argument("--username", required=True)
        parser.add_argument("--email", default="", help="for a new administrator's invitation")
        parser.add_argument("--approve", action="store_true", help="step 2: give her the organisation key")
        parser.add_argument("--code-file", help="read the recovery code from this file")
        parser.add_argument("--base-url", default="", help="e.g. https://glasna.example.org, to print a full link")

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"no organisation {options['organisation']!r}")
        code = self._code(options["code_file"])
        try:
            # Checked before anything is written: without the code, nothing happens.
            keyring.unlock_with_recovery_code(organisation, code, actor=ACTOR)
        except WrongPassphrase as exc:
            raise CommandError("this recovery code does not open this organisation's key") from exc
        member = StaffMember.objects.filter(
            organisation=organisation, user__username__iexact=options["username"]
        ).first()
        if options["approve"]:
            self._approve(member, code)
        else:
            self._link(organisation, member, options)

    def _code(self, path: str | None) -> str:
        if path:
            with open(path, encoding="utf-8") as handle:
                return handle.read().strip()
        return getpass.getpass("Recovery code: ")

    def _approve(self, member: StaffMember | None, code: str) -> None:
        if member is None:
            raise CommandError("no such member: run step 1 first and let her use the link")
        if not member.totp_confirmed:
            raise CommandError("she has not finished: she must use the link and set up two-step sign-in first")
        try:
            recovery.approve_with_recovery_code(member, code, ACTOR)
        except membership.MembershipRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        self.stdout.write(f"{member.user.get_username()} now holds the organisation key and is administrator.")

    def _link(self, organisation: Organisation, member: StaffMember | None, options: dict[str, Any]) -> None:
        with translation.override(settings.LANGUAGE_CODE):
            if member is None:
                try:
                    token = invitations.invite(
                        organisation, options["username"], options["email"], Role.ORG_ADMIN, ACTOR
                    )
                except invitations.InvitationRefused as refusal:
                    raise CommandError(str(refusal)) from refusal
                path = reverse("accounts:join", args=[token])
            else:
                if member.membership != Membership.ACTIVE:
                    raise CommandError("this member is suspended or has left; invite a new administrator instead")
                if member.role != Role.ORG_ADMIN:
                    make_administrator(member)
                try:
                    token = recovery.issue_reset(member, None, ACTOR)
                except recovery.RecoveryRefused as refusal:
                    raise CommandError(str(refusal)) from refusal
                path = reverse("accounts:reset", args=[token])
        self.stdout.write("Single-use link (shown once; give it to her by hand):")
        self.stdout.write(f"{options['base_url'].rstrip('/')}{path}")
        self.stdout.write(
            f"After she has set her password and two-step sign-in, run: glasna recover_admin "
            f"{organisation.slug} --username {options['username']} --approve"
        )


def make_administrator(member: StaffMember) -> None:
    """Recovery makes her administrator; recorded like any permission change."""
    previous = member.role
    member.role = Role.ORG_ADMIN
    member.save(update_fields=["role"])
    audit.record(
        "staff.role_changed",
        actor=ACTOR,
        target=f"staff:{member.user.get_username()} role:{previous}->{Role.ORG_ADMIN}",
        organisation_id=member.organisation_id,
    )
