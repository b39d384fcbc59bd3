"""The organisation settings page: retention within the installation's bounds, the directory
entry, the Reply-To of takedown notices, platform tokens behind step-up; administrators only."""

import re

import pytest
from django.core import mail
from django.test import override_settings

from glasna.accounts import keyring, org_settings
from glasna.accounts.models import Organisation, Role
from glasna.core import outbox
from glasna.core.models import AuditEvent
from glasna.matching import banks
from glasna.matching.models import PlatformToken
from glasna.takedown import notice_builder
from tests.accounts.test_recovery import stepped_up
from tests.factories import PASSWORD, OrgBundle, make_organisation, signed_in_client
from tests.matching.helpers import platform

pytestmark = pytest.mark.django_db

SETTINGS = "/en/staff/settings/"


@pytest.fixture
def home() -> OrgBundle:
    return make_organisation("home", ["MK"], role=Role.ORG_ADMIN, public_email="info@home.example")


@override_settings(GLASNA_RETENTION_MIN_DAYS=90, GLASNA_RETENTION_MAX_DAYS=730)
def test_retention_within_bounds(home: OrgBundle) -> None:
    admin = signed_in_client(home.staff)
    assert "between 90 and 730 days" in admin.get(SETTINGS).content.decode()
    for refused in ("30", "731", "many"):
        assert admin.post(f"{SETTINGS}retention/", {"retention_days": refused}).status_code == 400
    assert Organisation.objects.get(pk=home.organisation.pk).retention_days == 365
    assert admin.post(f"{SETTINGS}retention/", {"retention_days": "180"}).status_code == 302
    assert Organisation.objects.get(pk=home.organisation.pk).retention_days == 180
    assert AuditEvent.objects.filter(action="organisation.retention_changed", actor="staff-home").count() == 1
    with pytest.raises(org_settings.SettingRefused):
        org_settings.set_retention(home.organisation, 89, "staff-home")


def test_directory_entry_and_notice_reply_to(home: OrgBundle) -> None:
    admin = signed_in_client(home.staff)
    entry = {
        "description": "Invented help desk.",
        "municipalities": "Bitola\n\n Ohrid ",
        "languages": ["mk", "sq"],
        "phone": "+389 2 000 000",
        "public_email": "desk@home.example",
        "address": "Invented street 1",
        "website": "https://home.example/",
        "accepts_referrals": "on",
    }
    assert admin.post(f"{SETTINGS}directory/", {**entry, "website": "not a site"}).status_code == 400
    assert admin.post(f"{SETTINGS}directory/", entry).status_code == 302
    organisation = Organisation.objects.get(pk=home.organisation.pk)
    assert organisation.municipalities == ["Bitola", "Ohrid"] and organisation.languages == ["mk", "sq"]
    assert notice_builder.notifier(organisation)[1] == "desk@home.example"
    assert admin.post(f"{SETTINGS}mail/", {"notice_reply_to": "takedown@home.example"}).status_code == 302
    organisation.refresh_from_db()
    assert notice_builder.notifier(organisation)[1] == "takedown@home.example"
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"organisation.directory_changed", "organisation.mail_identity_changed"} <= actions


def test_tokens_need_step_up_are_shown_once_and_revocable(home: OrgBundle) -> None:
    home.staff.user.email = "admin@home.example"
    home.staff.user.save()
    telegram, _own = platform()
    form = {"label": "Telegram matching", "platform": telegram.pk, "banks": [banks.survivor_bank().pk]}
    plain = signed_in_client(home.staff)
    response = plain.post(f"{SETTINGS}tokens/", form)
    assert response.status_code == 302 and "/staff/confirm/" in response.url
    assert not PlatformToken.objects.exists()
    admin = stepped_up(home.staff, plain)
    page = admin.post(f"{SETTINGS}tokens/", form).content.decode()
    token = re.search(r'<code id="new-token" dir="ltr">([^<]+)</code>', page)
    assert token is not None and token.group(1).startswith("glasna_pt_")
    assert token.group(1) not in admin.get(SETTINGS).content.decode()  # shown once
    record = PlatformToken.objects.get()
    assert record.created_by == home.staff
    assert "Never" in admin.get(SETTINGS).content.decode()
    assert admin.post(f"{SETTINGS}tokens/{record.pk}/revoke/").status_code == 302
    record.refresh_from_db()
    assert record.revoked_at is not None
    outbox.relay()  # the worker's relay: the test's transaction never commits
    assert len(mail.outbox) == 2 and mail.outbox[0].to == ["admin@home.example"]
    # Another organisation's token is not found.
    other = make_organisation("other", ["MK"], role=Role.ORG_ADMIN)
    assert stepped_up(other.staff).post(f"{SETTINGS}tokens/{record.pk}/revoke/").status_code == 404


@pytest.mark.parametrize("role", [Role.INTAKE_OFFICER, Role.CASEWORKER, Role.LAWYER, Role.ANALYST])
def test_non_administrators_get_404_on_every_new_page(home: OrgBundle, role: str) -> None:
    colleague = keyring.create_staff(home.organisation, "ana", PASSWORD, role, home.org_keys)
    client = stepped_up(colleague)
    assert client.get(SETTINGS).status_code == 404
    for section in ("retention", "directory", "mail"):
        assert client.post(f"{SETTINGS}{section}/", {}).status_code == 404
    assert client.post(f"{SETTINGS}tokens/", {}).status_code == 404
    assert client.post(f"{SETTINGS}tokens/1/revoke/").status_code == 404
    assert client.get("/en/staff/operator/").status_code == 404
    assert (
        client.post(f"/en/staff/console/members/{home.staff.pk}/recovery/", {"action": "password"}).status_code == 404
    )
    assert client.get("/en/staff/recovery-code/").status_code == 404
