"""Synthetic demo organisations and staff for `make demo`. Invented names and contacts only;
the organisations themselves are data, in data/demo_organisations.yaml."""

import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyotp
import yaml
from django.conf import settings
from django.db import transaction

from glasna.accounts import keyring, totp
from glasna.accounts.models import Organisation, OrganisationType, Role, StaffMember
from glasna.core.crypto.primitives import encrypt
from glasna.core.crypto.server_keys import purpose_key

ALL_HELP = ["removal", "legal", "psychological", "safety", "record", "dont_know"]
_DATA = Path(__file__).parent / "data" / "demo_organisations.yaml"


@dataclass(frozen=True)
class DemoOrganisation:
    """One invented organisation from data/demo_organisations.yaml."""

    slug: str
    name: str
    type: str
    countries: list[str]
    services: list[str]
    municipalities: list[str]
    languages: list[str]
    phone: str
    address: str
    description: str
    serves_children: bool = False
    regional_default: bool = False
    language: str = "en"  # for notices sent to the organisation
    accepts_reports: bool = True
    accepts_referrals: bool = True

    def directory_fields(self) -> dict[str, Any]:
        return {
            "municipalities": self.municipalities,
            "languages": self.languages,
            "phone": self.phone,
            "public_email": f"contact@{self.slug}.demo.invalid",
            "website": f"https://{self.slug}.demo.invalid",
            "address": self.address,
            "description": self.description,
            "accepts_referrals": self.accepts_referrals,
        }


def _load() -> list[DemoOrganisation]:
    entries = yaml.safe_load(_DATA.read_text(encoding="utf-8"))["organisations"]
    return [
        DemoOrganisation(**{**entry, "services": ALL_HELP if entry["services"] == "all" else entry["services"]})
        for entry in entries
    ]


DEMO_ORGANISATIONS = _load()


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
    """Idempotent: organisations that exist keep their keys and staff; demo ones get their
    directory entry brought up to date."""
    logins: list[DemoLogin] = []
    for demo in DEMO_ORGANISATIONS:
        slug, name, org_type = demo.slug, demo.name, demo.type
        if Organisation.objects.filter(slug=slug).exists():
            Organisation.objects.filter(slug=slug, is_demo=True).update(**demo.directory_fields())
            continue
        organisation = Organisation.objects.create(
            slug=slug,
            name=name,
            org_type=org_type,
            countries=demo.countries,
            services=demo.services,
            serves_children=demo.serves_children,
            is_regional_default=demo.regional_default,
            accepts_reports=demo.accepts_reports,
            language=demo.language,
            is_demo=True,
            notify_email=f"inbox@{slug}.demo.invalid",
            **demo.directory_fields(),
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
