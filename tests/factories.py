"""Synthetic organisations, staff and reports for tests. Invented data only."""

import io
import itertools
import secrets
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from glasna.accounts import keyring
from glasna.accounts.models import Organisation, OrganisationType, Role, StaffMember
from glasna.core.uploads import CheckedFile
from glasna.intake import services

PASSWORD = "correct horse battery staple 42"
# A counter makes default slugs unique within a run: a Hypothesis test creates
# dozens of organisations in one transaction, and random slugs alone once collided.
_SLUG_NUMBERS = itertools.count(1)


@dataclass
class OrgBundle:
    organisation: Organisation
    recovery_code: str
    org_keys: keyring.OrganisationKeys
    staff: StaffMember
    password: str


def make_organisation(
    slug: str | None = None, countries: list[str] | None = None, role: str = Role.CASEWORKER, **fields: Any
) -> OrgBundle:
    slug = slug or f"org-{next(_SLUG_NUMBERS)}-{secrets.token_hex(3)}"
    organisation = Organisation.objects.create(
        slug=slug,
        name=f"Test organisation {slug}",
        org_type=fields.pop("org_type", OrganisationType.WOMENS_RIGHTS),
        countries=countries if countries is not None else ["MK"],
        services=fields.pop("services", ["removal", "legal", "psychological", "safety", "record"]),
        **fields,
    )
    code, private = keyring.set_up_organisation_keys(organisation)
    org_keys = keyring.OrganisationKeys(organisation.pk, {1: private})
    staff = keyring.create_staff(organisation, f"staff-{slug}", PASSWORD, role, org_keys)
    return OrgBundle(organisation, code, org_keys, staff, PASSWORD)


def pattern_png(size: tuple[int, int] = (64, 48), seed: int = 1) -> bytes:
    """A generated picture: stripes and a circle. Never a real photograph."""
    image = Image.new("RGB", size, (seed * 40 % 255, 90, 160))
    draw = ImageDraw.Draw(image)
    for x in range(0, size[0], 8):
        draw.line([(x, 0), (x, size[1])], fill=(255, 255, 255), width=2)
    draw.ellipse([size[0] // 4, size[1] // 4, size[0] // 2, size[1] // 2], fill=(250, 200, 0))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def upload(name: str, data: bytes, content_type: str = "image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def answers(**overrides: Any) -> dict[str, Any]:
    base = {
        "forms": ["ibsa_shared"],
        "narrative": "Synthetic test narrative.",
        "platforms": ["telegram"],
        "links": "t.me/invented_group",
        "relationship": "partner",
        "perpetrator": "",
        "when": "week",
        "country": "MK",
        "age_band": "25_34",
        "gender": "woman",
        "help": ["removal"],
        "contact_method": "portal",
        "contact_value": "",
        "consent_stats": "no",
        "consent_police": "no",
        "language": "en",
    }
    base.update(overrides)
    return base


def submit(files: list[CheckedFile] | None = None, **overrides: Any) -> services.Submitted:
    return services.submit_report(answers(**overrides), files or [], secrets.token_hex(8))


def signed_in_client(staff: StaffMember) -> Any:
    """A test client past password and TOTP for this staff member."""
    import pyotp
    from django.test import Client

    from glasna.accounts import totp

    client = Client()
    secret = totp.new_secret(staff)
    client.post("/en/staff/login/", {"username": staff.user.username, "password": PASSWORD})
    assert finish_enrolment(client, pyotp.TOTP(secret).now()).status_code == 302
    return client


def fresh_step_up(client: Any) -> Any:
    """As if she had just entered a code on the confirmation page (accounts/step_up.py)."""
    import time

    from glasna.accounts import step_up

    session = client.session
    session[step_up.SESSION_FIELD] = time.time()
    session.save()
    return client


def finish_enrolment(client: Any, code: str, language: str = "en") -> Any:
    """Confirm the authenticator with `code` and, when the one-time codes are shown (a first
    enrolment), say they were kept: the answer that signs her in (or the refusal)."""
    response = client.post(f"/{language}/staff/login/set-up/", {"code": code})
    if response.status_code == 200 and b'id="one-time-codes"' in response.content:
        response = client.post(f"/{language}/staff/login/set-up/codes/", {"saved": "on"})
    return response
