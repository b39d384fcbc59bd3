"""A new caseworker joins without anyone opening a shell: the administrator invites her on the
console, she opens the link, chooses a password and sets up two-step sign-in, reads nothing until
approved, then opens a case. axe-core on the console, the join page and the invalid-link page."""

import pyotp
import pytest
from playwright.sync_api import expect

from glasna.accounts.models import Role
from glasna.cases.models import Case
from tests.e2e.conftest import DESKTOP, Site, keep_codes, staff_sign_in
from tests.factories import PASSWORD, make_organisation, submit

pytestmark = pytest.mark.e2e

NEW_PASSWORD = "a long invented passphrase 7731"


def test_invite_enrol_approve_and_open_a_case(site: Site, subtests: pytest.Subtests) -> None:
    home = make_organisation("home-mk", ["MK"], role=Role.ORG_ADMIN)
    submit(country="MK")
    case = Case.objects.get(organisation=home.organisation)
    admin = site.new_page(**DESKTOP)
    staff_sign_in(admin, site, "en", home.staff.user.username, PASSWORD)

    admin.locator('nav a[href="/en/staff/console/"]').click()
    admin.locator('input[name="username"]').fill("nova")
    admin.locator('select[name="role"]').select_option(Role.CASEWORKER)
    admin.locator("main form[action$='/invite/'] button[type=submit]").click()
    link = admin.locator("#invitation-link").inner_text().strip()
    with subtests.test("en/staff-console"):
        site.check_accessibility(admin, "en/staff-console")

    newcomer = site.new_page(**DESKTOP)
    newcomer.goto(link)
    with subtests.test("en/staff-join"):
        site.check_accessibility(newcomer, "en/staff-join")
    newcomer.locator('input[name="password"]').fill(NEW_PASSWORD)
    newcomer.locator('input[name="again"]').fill(NEW_PASSWORD)
    newcomer.locator("main form button[type=submit]").click()
    expect(newcomer).to_have_url(site.url("/en/staff/login/set-up/"))
    secret = newcomer.locator("#totp-secret").inner_text().strip()
    newcomer.locator('input[name="code"]').fill(pyotp.TOTP(secret).now())
    newcomer.locator("main form button[type=submit]").click()
    # Her one-time codes, shown once right after the authenticator; she goes on once she kept them.
    expect(newcomer.locator("h1")).to_have_text("Keep your one-time codes")
    with subtests.test("en/staff-enrol-codes"):
        site.check_accessibility(newcomer, "en/staff-enrol-codes")
    newcomer.locator("main form button[type=submit]").click()  # unticked: new codes and an error
    expect(newcomer.locator("#saved-error")).to_be_visible()
    with subtests.test("en/staff-enrol-codes-unticked"):
        site.check_accessibility(newcomer, "en/staff-enrol-codes-unticked")
    codes = keep_codes(newcomer)
    assert len(set(codes)) == 10
    expect(newcomer.locator("h1")).to_have_text("No access to reports")

    admin.reload()
    row = admin.locator("#member-nova")
    expect(row).to_contain_text("Waiting for key")
    row.locator('button[value="approve"]').click()
    expect(admin.locator("#member-nova")).to_contain_text("Active")

    newcomer.goto(site.url(f"/en/staff/reports/{case.report_id}/"))
    expect(newcomer.locator("main")).to_contain_text("Synthetic test narrative.")

    # The used link now gets the one invalid-link page.
    stranger = site.new_page(**DESKTOP)
    stranger.goto(link)
    expect(stranger.locator("h1")).to_have_text("This invitation link does not work")
    with subtests.test("en/staff-join-invalid"):
        site.check_accessibility(stranger, "en/staff-join-invalid")
