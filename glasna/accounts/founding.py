"""Founding an organisation: its record, its keys and its first administrator. Called by
`glasna create_organisation` (first administrator with a password, on the server) and by the
operator console (first administrator by invitation). Either way the founder keeps nothing:
the organisation private key is forgotten once granted, and the recovery code is returned once
to be printed and handed to the organisation (docs/decisions/0006-operator-console.md)."""

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from glasna.accounts import invitations, keyring
from glasna.accounts.models import Organisation, Role

DEFAULT_SERVICES = ["removal", "legal", "psychological", "safety", "record"]


class FoundingRefused(Exception):
    """The organisation cannot be created as asked; the message says why."""


@dataclass(frozen=True)
class Founded:
    organisation: Organisation
    recovery_code: str
    invitation_token: str | None  # when the first administrator joins by invitation


@transaction.atomic
def found(
    fields: dict[str, Any],
    admin_username: str,
    admin_email: str = "",
    admin_password: str | None = None,
    actor: str = "system",
    role: str = Role.ORG_ADMIN,
) -> Founded:
    """`fields` are Organisation fields (slug, name, org_type, countries, ...). With a password the
    administrator is created holding the key; without, she is invited and, once joined, approves
    herself with the recovery code (recovery_views.recovery_code_view). `role` is the operator's
    for the installation's own operator account (commands/create_operator.py)."""
    if Organisation.objects.filter(slug=fields["slug"]).exists():
        raise FoundingRefused(_("An organisation with this short name exists already."))
    organisation = Organisation.objects.create(**{"services": DEFAULT_SERVICES, **fields})
    code, private = keyring.set_up_organisation_keys(organisation)
    token = None
    if admin_password is not None:
        keys = keyring.OrganisationKeys(organisation.pk, {1: private})
        keyring.create_staff(organisation, admin_username, admin_password, role, keys, email=admin_email)
    else:
        try:
            token = invitations.invite(organisation, admin_username, admin_email, Role.ORG_ADMIN, actor)
        except invitations.InvitationRefused as refusal:
            raise FoundingRefused(str(refusal)) from refusal
    return Founded(organisation, code, token)
