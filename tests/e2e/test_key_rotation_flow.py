"""An administrator removes a colleague who held the organisation key: the console requires a key
rotation, she confirms it with a fresh authenticator code, watches it reach done, and every old
case still opens while the key the leaver held opens none; then she changes a member's role.
axe-core on the rotation, code and role pages."""

import re
import time

import pyotp
import pytest
from playwright.sync_api import expect

from glasna.accounts import keyring, rotation, sealed_records, tasks, totp
from glasna.accounts.models import OrganisationKey, Role, StaffMember
from glasna.cases.models import Case
from glasna.core.crypto.primitives import DecryptionError, unseal
from tests.e2e.conftest import DESKTOP, Site, staff_sign_in
from tests.factories import PASSWORD, make_organisation, submit

pytestmark = pytest.mark.e2e


def test_remove_a_key_holder_rotate_and_open_every_old_case(
    site: Site, subtests: pytest.Subtests, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The worker: the queued job is kept here and run by the test once the page shows it running
    # (the live server runs in this process, so the patch reaches its views).
    queued: list[tuple[int, bytes]] = []

    def enqueue(job_id: int, job_key: bytes) -> bool:
        queued.append((job_id, job_key))
        return True  # the broker took it

    monkeypatch.setattr(tasks, "enqueue", enqueue)
    home = make_organisation("home-mk", ["MK"], role=Role.ORG_ADMIN)
    leaver = keyring.create_staff(home.organisation, "leaver", PASSWORD, Role.LAWYER, home.org_keys)
    # The copy of the organisation key a leaver could have kept before her grant was destroyed.
    kept = keyring.unlock_organisation_keys(leaver, keyring.unlock_staff_private_key(leaver, PASSWORD)).for_version(1)
    keyring.create_staff(home.organisation, "colleague", PASSWORD, Role.CASEWORKER, home.org_keys)
    for number in range(3):
        submit(country="MK", narrative=f"Synthetic narrative number {number}.")
    admin = site.new_page(**DESKTOP)
    staff_sign_in(admin, site, "en", home.staff.user.username, PASSWORD)

    admin.goto(site.url("/en/staff/console/"))
    admin.locator('#member-leaver button[value="remove"]').click()
    # Required: straight on to the rotation, which first asks for a fresh code.
    expect(admin).to_have_url(re.compile(r"/en/staff/confirm/\?next=%2Fen%2Fstaff%2Fconsole%2Frotation%2F$"))
    with subtests.test("en/staff-confirm"):
        site.check_accessibility(admin, "en/staff-confirm")
    secret = totp.secret_of(StaffMember.objects.get(pk=home.staff.pk))
    # The sign-in used the current time step; replay protection refuses it again.
    admin.locator('input[name="code"]').fill(pyotp.TOTP(secret).at(time.time() + 30))
    admin.locator("main form button[type=submit]").click()
    expect(admin).to_have_url(site.url("/en/staff/console/rotation/"))
    expect(admin.locator("#rotation-required")).to_be_visible()
    # The console says so too, and leads back here.
    admin.goto(site.url("/en/staff/console/"))
    expect(admin.locator("#rotation-required")).to_be_visible()
    with subtests.test("en/staff-console-rotation-required"):
        site.check_accessibility(admin, "en/staff-console-rotation-required")
    admin.locator("#rotation-required a").click()
    expect(admin).to_have_url(site.url("/en/staff/console/rotation/"))
    expect(admin.locator("main")).to_contain_text("6 records will be sealed to the new key.")
    with subtests.test("en/staff-rotation"):
        site.check_accessibility(admin, "en/staff-rotation")
    admin.locator("#start-rotation").click()
    expect(admin.locator("#rotation-state")).to_have_text("Running")
    expect(admin.locator("#rotation-done")).to_have_text("0")
    [(job_id, job_key)] = queued
    assert rotation.run(job_id, job_key, batch_size=2)
    # The page's script follows the progress to the end without a reload.
    expect(admin.locator("#rotation-state")).to_have_text("Done")
    expect(admin.locator("#rotation-done")).to_have_text("6")
    expect(admin.locator("#rotation-resume")).to_be_hidden()
    admin.reload()
    expect(admin.locator("#rotation-required")).to_have_count(0)
    with subtests.test("en/staff-rotation-done"):
        site.check_accessibility(admin, "en/staff-rotation-done")
    assert OrganisationKey.objects.get(organisation=home.organisation, version=1).retired_at is not None

    for number, case in enumerate(Case.objects.filter(organisation=home.organisation).order_by("pk")):
        admin.goto(site.url(f"/en/staff/reports/{case.report_id}/"))
        expect(admin.locator("dl.answers")).to_contain_text("Synthetic narrative number")
        assert number < 3
    # ...while the key she held opens none of them.
    sealed = [
        bytes(getattr(row, kind.sealed))
        for kind in sealed_records.KINDS
        for row in kind.queryset().filter(**{f"{kind.owner}_id": home.organisation.pk, f"{kind.sealed}__isnull": False})
    ]
    assert len(sealed) == 6
    for record_key in sealed:
        with pytest.raises(DecryptionError):
            unseal(kept, record_key)

    # A role change, within the same five minutes: no second code.
    admin.goto(site.url("/en/staff/console/"))
    admin.locator("#member-colleague a", has_text="Change role").click()
    with subtests.test("en/staff-role"):
        site.check_accessibility(admin, "en/staff-role")
    admin.locator('select[name="role"]').select_option(Role.LAWYER)
    admin.locator("main form button[type=submit]").click()
    expect(admin).to_have_url(site.url("/en/staff/console/"))
    expect(admin.locator("#member-colleague")).to_contain_text("Lawyer")
