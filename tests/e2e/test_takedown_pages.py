"""The takedown pages in a real browser: drafting from the case page, the notice page, Notices
due, the figures, campaigns and the public campaign page — working, CSP-clean and without serious
axe-core violations."""

import pytest
from playwright.sync_api import expect

from glasna.cases.models import Case
from glasna.takedown import campaigns, directory
from tests.e2e.conftest import DESKTOP, Site, staff_sign_in
from tests.factories import PASSWORD, make_organisation, submit

pytestmark = pytest.mark.e2e


def test_takedown_pages(site: Site, subtests: pytest.Subtests) -> None:
    bundle = make_organisation("me-e2e", ["ME"], public_email="takedown@me-e2e.example")
    directory.sync()
    submit(country="ME", links="https://t.me/invented_group/17 https://www.instagram.com/p/SYNTHETIC1/")
    case = Case.objects.get()
    page = site.new_page(**DESKTOP)
    staff_sign_in(page, site, "en", bundle.staff.user.username, PASSWORD)

    page.goto(site.url(f"/en/staff/reports/{case.report_id}/"))
    boxes = page.locator('.case-takedown input[name="items"]')
    expect(boxes).to_have_count(2)
    for index in range(2):
        boxes.nth(index).check()
    page.locator(".case-takedown button[type=submit]").click()
    expect(page.locator("h1")).to_contain_text("Notice #")
    with subtests.test("notice"):
        site.check_accessibility(page, "takedown notice")

    page.goto(site.url("/en/staff/takedown/notices/due/"))
    with subtests.test("due"):
        site.check_accessibility(page, "notices due")
    page.goto(site.url("/en/staff/takedown/platform-figures/"))
    with subtests.test("figures"):
        site.check_accessibility(page, "platform figures")
    page.goto(site.url("/en/staff/takedown/campaigns/"))
    with subtests.test("campaigns"):
        site.check_accessibility(page, "campaigns")

    campaign = campaigns.open_campaign(
        bundle.staff,
        "telegram",
        "Close the group",
        "t.me/invented_group",
        {"en": "Please close it."},
        [],
        keys=bundle.org_keys,
    )
    public = site.new_page(**DESKTOP)
    public.goto(site.url(f"/en/campaigns/{campaign.token}/"))
    public.locator("main form button[type=submit]").click()
    expect(public.locator("[role=status]")).to_be_visible()
    assert public.context.cookies() == []
    with subtests.test("public campaign"):
        site.check_accessibility(public, "public campaign")
