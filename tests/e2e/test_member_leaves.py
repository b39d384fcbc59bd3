"""An administrator removes a colleague who has an open browser session and a platform token she
created: her next page load goes to sign-in and her token is refused by the platform API, at once.
On the way, axe-core on the organisation settings page, the step-up page with a token shown, the
password reset pages, the one-time codes page, the recovery-code page and the operator console."""

import base64
import json
import re
import time
import urllib.error
import urllib.request
from pathlib import Path

import pyotp
import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from glasna.accounts import keyring, totp
from glasna.accounts.models import Membership, Role, StaffMember
from glasna.evidence.verify_bundle import fingerprint
from glasna.matching import banks, tokens
from tests.e2e.conftest import DESKTOP, Site, keep_codes, staff_sign_in
from tests.factories import PASSWORD, make_organisation

pytestmark = pytest.mark.e2e

NEW_PASSWORD = "an invented new passphrase 2026"


def _api_status(site: Site, token: str) -> int:
    query = "signal_type=pdq&signal=" + "ab" * 32
    request = urllib.request.Request(  # noqa: S310 (the test's own live server)
        site.url(f"/api/matching/m/raw_lookup?{query}"), headers={"Authorization": f"Bearer {token}"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            json.load(response)
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def _step_up(page: Page, staff: StaffMember) -> None:
    expect(page).to_have_url(page.url)  # on the confirmation page
    code = pyotp.TOTP(totp.secret_of(StaffMember.objects.get(pk=staff.pk))).at(time.time() + 30)
    page.locator('input[name="code"]').fill(code)
    page.locator("main form button[type=submit]").click()


def test_a_removed_member_loses_her_session_and_her_token_at_once(site: Site, subtests: pytest.Subtests) -> None:
    home = make_organisation("home-mk", ["MK"], role=Role.ORG_ADMIN)
    tokens.issue("telegram", "Telegram", [banks.survivor_bank()])
    mira = keyring.create_staff(home.organisation, "mira", PASSWORD, Role.ORG_ADMIN, home.org_keys)

    member = site.new_page(**DESKTOP)
    staff_sign_in(member, site, "en", "mira", PASSWORD)
    member.locator('nav a[href="/en/staff/settings/"]').click()
    with subtests.test("en/staff-settings"):
        site.check_accessibility(member, "en/staff-settings")
    member.locator('input[name="label"]').fill("Telegram matching")
    member.locator('select[name="platform"]').select_option(label="Telegram")
    member.locator('input[name="banks"]').first.check()
    member.locator("main form[action$='/settings/tokens/'] button[type=submit]").click()
    expect(member.locator("h1")).to_have_text("Confirm it is you")
    with subtests.test("en/staff-step-up"):
        site.check_accessibility(member, "en/staff-step-up")
    _step_up(member, mira)
    expect(member).to_have_url(site.url("/en/staff/settings/"))
    # The form is not replayed after the code: she submits it again.
    member.locator('input[name="label"]').fill("Telegram matching")
    member.locator('select[name="platform"]').select_option(label="Telegram")
    member.locator('input[name="banks"]').first.check()
    member.locator("main form[action$='/settings/tokens/'] button[type=submit]").click()
    token = member.locator("#new-token").inner_text().strip()
    with subtests.test("en/staff-settings-new-token"):
        site.check_accessibility(member, "en/staff-settings-new-token")
    assert _api_status(site, token) == 200

    admin = site.new_page(**DESKTOP)
    staff_sign_in(admin, site, "en", home.staff.user.username, PASSWORD)
    admin.goto(site.url("/en/staff/console/"))
    admin.locator("#member-mira").locator('button[value="remove"]').click()
    # She held the organisation key: the console sends the administrator on to the key rotation,
    # behind a fresh code.
    expect(admin).to_have_url(re.compile(r"/en/staff/confirm/\?next=%2Fen%2Fstaff%2Fconsole%2Frotation%2F$"))
    admin.goto(site.url("/en/staff/console/"))
    expect(admin.locator("#member-mira")).to_contain_text("Left")

    member.reload()
    expect(member).to_have_url(site.url("/en/staff/login/"))
    assert _api_status(site, token) == 401
    assert StaffMember.objects.get(pk=mira.pk).membership == Membership.LEFT


def test_reset_pages_and_recovery_code_page(site: Site, subtests: pytest.Subtests) -> None:
    home = make_organisation("home-mk", ["MK"], role=Role.ORG_ADMIN)
    keyring.create_staff(home.organisation, "vesna", PASSWORD, Role.CASEWORKER, home.org_keys)
    admin = site.new_page(**DESKTOP)
    staff_sign_in(admin, site, "en", home.staff.user.username, PASSWORD)
    admin.goto(site.url("/en/staff/console/"))
    admin.locator("#member-vesna").locator('button[value="password"]').click()
    _step_up(admin, home.staff)
    expect(admin).to_have_url(site.url("/en/staff/console/"))
    admin.locator("#member-vesna").locator('button[value="password"]').click()
    link = admin.locator("#reset-link").inner_text().strip()
    with subtests.test("en/staff-reset-link"):
        site.check_accessibility(admin, "en/staff-reset-link")

    vesna = site.new_page(**DESKTOP)
    vesna.goto(link)
    with subtests.test("en/staff-reset"):
        site.check_accessibility(vesna, "en/staff-reset")
    vesna.locator('input[name="password"]').fill(NEW_PASSWORD)
    vesna.locator('input[name="again"]').fill(NEW_PASSWORD)
    vesna.locator("main form button[type=submit]").click()
    expect(vesna).to_have_url(site.url("/en/staff/login/set-up/"))
    secret = vesna.locator("#totp-secret").inner_text().strip()
    vesna.locator('input[name="code"]').fill(pyotp.TOTP(secret).now())
    vesna.locator("main form button[type=submit]").click()
    keep_codes(vesna)
    expect(vesna.locator("h1")).to_have_text("No access to reports")
    vesna.locator('nav a[href="/en/staff/one-time-codes/"]').click()
    expect(vesna.locator("h1")).to_have_text("One-time codes")
    with subtests.test("en/staff-one-time-codes"):
        site.check_accessibility(vesna, "en/staff-one-time-codes")

    stranger = site.new_page(**DESKTOP)
    stranger.goto(link)
    expect(stranger.locator("h1")).to_have_text("This link does not work")
    with subtests.test("en/staff-reset-invalid"):
        site.check_accessibility(stranger, "en/staff-reset-invalid")

    # A new organisation's first administrator, before anyone holds its key.
    fresh = make_organisation("fresh-mk", ["MK"], role=Role.ORG_ADMIN)
    fresh.staff.grants.all().delete()
    first = site.new_page(**DESKTOP)
    staff_sign_in(first, site, "en", fresh.staff.user.username, PASSWORD)
    first.goto(site.url("/en/staff/recovery-code/"))
    first.locator('input[name="code"]').fill("WRONG")
    first.locator("main form button[type=submit]").click()
    expect(first.locator("#code-error")).to_be_visible()
    with subtests.test("en/staff-recovery-code-error"):
        site.check_accessibility(first, "en/staff-recovery-code-error")


def test_operator_console(site: Site, subtests: pytest.Subtests, tmp_path: Path) -> None:
    password_file = tmp_path / "pw"
    password_file.write_text(PASSWORD)
    call_command("create_operator", "olga", "--password-file", str(password_file))
    operator = site.new_page(**DESKTOP)
    staff_sign_in(operator, site, "en", "olga", PASSWORD)
    operator.locator('nav a[href="/en/staff/operator/"]').click()
    operator.locator('input[name="slug"]').fill("nova")
    operator.get_by_role("button", name="Create the organisation").click()  # missing fields: errors shown
    with subtests.test("en/staff-operator-errors"):
        site.check_accessibility(operator, "en/staff-operator-errors")
    operator.locator('input[name="name"]').fill("Nova (invented)")
    operator.locator('input[name="countries"][value="MK"]').check()
    operator.locator('input[name="admin_username"]').fill("nova-admin")
    operator.get_by_role("button", name="Create the organisation").click()
    expect(operator.locator("#recovery-code")).to_be_visible()
    with subtests.test("en/staff-operator-founded"):
        site.check_accessibility(operator, "en/staff-operator-founded")
    # Peer installations: a fingerprint that does not match the key is refused, the right one registers.
    operator.locator('main a[href="/en/staff/networks/peers/"]').click()
    key = base64.b64encode(bytes(range(32))).decode()
    operator.locator('input[name="name"]').fill("glasna.example.al")
    operator.locator('input[name="base_url"]').fill("https://glasna.example.al")
    operator.locator('input[name="public_key"]').fill(key)
    operator.locator('input[name="fingerprint"]').fill("0000 0000")
    operator.locator("main form:not([action]) button[type=submit]").click()
    expect(operator.locator("main")).to_contain_text("The fingerprint does not match the key")
    with subtests.test("en/staff-operator-peers-error"):
        site.check_accessibility(operator, "en/staff-operator-peers-error")
    operator.locator('input[name="fingerprint"]').fill(fingerprint(bytes(range(32))))
    operator.locator("main form:not([action]) button[type=submit]").click()
    expect(operator.locator("main table")).to_contain_text("glasna.example.al")
    with subtests.test("en/staff-operator-peers"):
        site.check_accessibility(operator, "en/staff-operator-peers")
