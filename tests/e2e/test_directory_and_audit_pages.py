"""axe-core on the organisation directory and the audit log (an administrator's pages), in
English and in a Cyrillic locale: no serious or critical violation."""

import pytest
from playwright.sync_api import expect

from glasna.accounts.demo import create_demo_organisations
from glasna.accounts.models import Role
from glasna.core import audit
from tests.e2e.conftest import DESKTOP, Site, staff_sign_in
from tests.factories import PASSWORD, make_organisation

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("language", ["en", "mk"])
def test_directory_and_audit_pages(site: Site, subtests: pytest.Subtests, language: str) -> None:
    create_demo_organisations()
    admin = make_organisation("home-mk", ["MK"], role=Role.ORG_ADMIN)
    for index in range(55):  # enough for a second page
        audit.record("report.viewed", actor="ana", target=f"report:{index}", organisation_id=admin.organisation.pk)
    page = site.new_page(**DESKTOP)
    staff_sign_in(page, site, language, admin.staff.user.username, PASSWORD)

    page.locator(f'nav a[href="/{language}/staff/directory/"]').click()
    expect(page.locator("table.directory tbody tr").first).to_be_visible()
    with subtests.test(f"{language}/staff-directory"):
        site.check_accessibility(page, f"{language}/staff-directory")
    page.locator('select[name="country"]').select_option("RS")
    page.locator('select[name="accepts_referrals"]').select_option("yes")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("table.directory")).to_contain_text("(демо)")
    with subtests.test(f"{language}/staff-directory-filtered"):
        site.check_accessibility(page, f"{language}/staff-directory-filtered")

    page.locator(f'nav a[href="/{language}/staff/audit/"]').click()
    expect(page.locator("table.audit tbody tr")).to_have_count(50)
    expect(page.locator("p.success")).to_be_visible()
    with subtests.test(f"{language}/staff-audit"):
        site.check_accessibility(page, f"{language}/staff-audit")
    page.locator('input[name="since"]').fill("2030-01-02")
    page.locator('input[name="until"]').fill("2030-01-01")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".errorlist")).to_be_visible()
    with subtests.test(f"{language}/staff-audit-error"):
        site.check_accessibility(page, f"{language}/staff-audit-error")
