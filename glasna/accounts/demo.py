"""Synthetic demo organisations and staff for `make demo`. Invented names only."""

import secrets
from dataclasses import dataclass
from pathlib import Path

import pyotp
from django.conf import settings
from django.db import transaction

from glasna.accounts import keyring, totp
from glasna.accounts.models import Organisation, OrganisationType, Role, StaffMember
from glasna.core.crypto.primitives import encrypt
from glasna.core.crypto.server_keys import purpose_key

ALL_HELP = ["removal", "legal", "psychological", "safety", "record", "dont_know"]

# (slug, name, type, countries, services, serves_children, regional default, language)
DEMO_ORGANISATIONS = [
    ("drita-al", "Qendra Drita (demo)", OrganisationType.WOMENS_RIGHTS, ["AL"], ALL_HELP, False, False, "sq"),
    ("femijet-al", "Shtëpia e Fëmijëve (demo)", OrganisationType.CHILD_PROTECTION, ["AL"], ALL_HELP, True, False, "sq"),
    ("zana-xk", "Rrjeti Zana (demo)", OrganisationType.WOMENS_RIGHTS, ["XK"], ALL_HELP, True, False, "sq"),
    ("luna-me", "Ženski centar Luna (demo)", OrganisationType.WOMENS_RIGHTS, ["ME"], ALL_HELP, True, False, "cnr"),
    ("iskra-mk", "Центар Искра (демо)", OrganisationType.WOMENS_RIGHTS, ["MK"], ALL_HELP, False, False, "mk"),
    ("pravo-mk", "Правна помош Право (демо)", OrganisationType.LEGAL_AID, ["MK"], ["legal"], False, False, "mk"),
    ("detstvo-mk", "Детство без страв (демо)", OrganisationType.CHILD_PROTECTION, ["MK"], ALL_HELP, True, False, "mk"),
    (
        "sigurna-rs",
        "Сигурна кућа Светионик (демо)",
        OrganisationType.WOMENS_RIGHTS,
        ["RS"],
        ALL_HELP,
        True,
        False,
        "sr",
    ),
    ("glas-ba", "Udruženje Glas žena (demo)", OrganisationType.WOMENS_RIGHTS, ["BA"], ALL_HELP, True, False, "bs"),
    (
        "desk",
        "Glasna regional desk (demo)",
        OrganisationType.REGIONAL_DESK,
        ["AL", "XK", "ME", "MK", "RS", "BA"],
        ALL_HELP,
        True,
        True,
        "en",
    ),
]


@dataclass
class DemoLogin:
    organisation: str
    username: str
    password: str
    role: str
    totp_secret: str


def credentials_file() -> Path:
    return Path(settings.DATA_DIR) / "demo-credentials.txt"


@transaction.atomic
def create_demo_organisations() -> list[DemoLogin]:
    """Idempotent: organisations that exist are left alone."""
    logins: list[DemoLogin] = []
    for slug, name, org_type, countries, services, children, default, language in DEMO_ORGANISATIONS:
        if Organisation.objects.filter(slug=slug).exists():
            continue
        organisation = Organisation.objects.create(
            slug=slug,
            name=name,
            org_type=org_type,
            countries=countries,
            services=services,
            serves_children=children,
            is_regional_default=default,
            language=language,
            is_demo=True,
            notify_email=f"inbox@{slug}.demo.invalid",
        )
        _code, org_private = keyring.set_up_organisation_keys(organisation)
        org_keys = keyring.OrganisationKeys(organisation.pk, {1: org_private})
        roles = [("caseworker", Role.CASEWORKER), ("admin", Role.ORG_ADMIN)]
        if org_type == OrganisationType.LEGAL_AID:
            roles = [("lawyer", Role.LAWYER), ("admin", Role.ORG_ADMIN)]
        for prefix, role in roles:
            username = f"{prefix}.{slug}"
            password = "-".join(secrets.token_hex(3) for _ in range(4))
            staff = keyring.create_staff(organisation, username, password, role, org_keys)
            secret = pyotp.random_base32()
            staff.totp_secret_sealed = encrypt(purpose_key("totp"), secret.encode(), f"totp:{staff.user_id}".encode())
            staff.totp_confirmed = True
            staff.save()
            logins.append(DemoLogin(name, username, password, role, secret))
    return logins


def demo_totp_code(username: str) -> str:
    staff = StaffMember.objects.select_related("organisation").get(user__username=username)
    if not staff.organisation.is_demo:
        raise PermissionError("codes are printed for demo organisations only")
    return pyotp.TOTP(totp.secret_of(staff)).now()
