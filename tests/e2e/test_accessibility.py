"""axe-core on every survivor page (in English and in a Cyrillic locale) and on the staff pages:
no serious or critical violation anywhere. Each page, in each state worth checking (errors shown,
messages present), is its own test, so a failure names the page."""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from glasna.core.uploads import check_upload
from glasna.intake import receipts, staff_access
from glasna.intake.models import Report
from tests.e2e.conftest import DESKTOP, STEP_COUNT, Site, open_with_receipt, staff_sign_in, walk_wizard
from tests.factories import OrgBundle, make_organisation, pattern_png, submit, upload

pytestmark = pytest.mark.e2e

ANSWERS = [
    {"forms": ["ibsa_shared", "doxing"], "narrative": "Synthetic: my address was posted in a group."},
    {"platforms": ["telegram"], "links": "t.me/invented_room"},
    {"relationship": "stranger", "perpetrator": "invented_user_7"},
    {"when": "ongoing", "country": "MK", "age_band": "25_34", "gender": "prefer_not"},
    {"help": ["removal", "safety"]},
    {"contact_method": "portal", "consent_stats": "yes", "consent_police": "no"},
]
CHILD_ANSWERS = [{}, {}, {}, {"country": "MK", "age_band": "under_18"}]


@dataclass
class Visit:
    site: Site
    page: Page
    language: str
    tmp_path: Path

    def go(self, path: str) -> None:
        self.page.goto(self.site.url(f"/{self.language}{path}"))


def _organisation_with_a_report() -> tuple[OrgBundle, str]:
    """An organisation and a report to it with a file, an answer from the organisation and a
    message from the survivor; returns the receipt."""
    bundle = make_organisation("mk-cso", ["MK"])
    picture = check_upload(upload("screenshot.png", pattern_png()))
    submitted = submit(files=[picture], narrative="Synthetic narrative for the accessibility check.")
    report = Report.objects.get()
    staff_access.reply(bundle.staff, bundle.org_keys, report.pk, "We read your report. Synthetic reply.", None)
    return bundle, receipts.formatted(submitted.receipt)


def _wizard_step(number: int) -> Callable[[Visit], None]:
    def visit(v: Visit) -> None:
        make_organisation("mk-cso", ["MK"])
        walk_wizard(v.page, v.site, v.language, ANSWERS, stop_at=number - 1)
        expect(v.page.locator('input[name="step"]')).to_have_value(str(number - 1))

    return visit


def _wizard_child_help(v: Visit) -> None:
    walk_wizard(v.page, v.site, v.language, CHILD_ANSWERS, stop_at=4)
    expect(v.page.locator("aside.child-help")).to_be_visible()


def _wizard_contact_error(v: Visit) -> None:
    walk_wizard(v.page, v.site, v.language, [], stop_at=5)
    v.page.locator('input[name="contact_method"][value="phone"]').check()
    v.page.locator('main button[name="next"]').click()
    expect(v.page.locator("#form-errors")).to_be_visible()


def _wizard_files_error(v: Visit) -> None:
    make_organisation("mk-cso", ["MK"])
    fake = v.tmp_path / "not-really-a-picture.png"
    fake.write_text("These are notes, not a picture.\n", encoding="utf-8")
    walk_wizard(v.page, v.site, v.language, ANSWERS, stop_at=STEP_COUNT - 1)
    v.page.locator('input[name="files"]').set_input_files(fake)
    v.page.locator('main button[name="next"]').click()
    expect(v.page.locator("#form-errors")).to_be_visible()
    expect(v.page.locator(".errorlist")).to_contain_text(fake.name)


def _receipt(v: Visit) -> None:
    make_organisation("mk-cso", ["MK"])
    walk_wizard(v.page, v.site, v.language, ANSWERS)


def _receipt_child(v: Visit) -> None:
    make_organisation("mk-cso", ["MK"])
    walk_wizard(v.page, v.site, v.language, CHILD_ANSWERS)
    expect(v.page.locator("aside.child-help")).to_be_visible()


def _return_error(v: Visit) -> None:
    v.go("/return/")
    v.page.locator('input[name="receipt"]').fill(receipts.formatted(receipts.new_receipt()))
    v.page.locator("main form button[type=submit]").click()
    expect(v.page.locator(".errorlist")).to_be_visible()


def _return_malformed(v: Visit) -> None:
    v.go("/return/")
    v.page.locator('input[name="receipt"]').fill("1234 5678")
    v.page.locator("main form button[type=submit]").click()
    expect(v.page.locator(".errorlist")).to_be_visible()


def _my_report(v: Visit) -> None:
    _bundle, receipt = _organisation_with_a_report()
    open_with_receipt(v.page, v.site, v.language, receipt)
    expect(v.page.locator("ol.thread li")).to_have_count(1)


def _my_report_sent(v: Visit) -> None:
    _my_report(v)
    v.page.locator('textarea[name="text"]').fill("Synthetic answer from the survivor.")
    v.page.locator('section[aria-labelledby="reply-title"] button[type=submit]').click()
    expect(v.page.locator("p.success")).to_be_visible()


def _my_report_error(v: Visit) -> None:
    _my_report(v)
    v.page.locator('section[aria-labelledby="reply-title"] button[type=submit]').click()
    expect(v.page.locator(".errorlist")).to_be_visible()


def _withdraw(v: Visit) -> None:
    _my_report(v)
    v.page.locator("main a.button.danger").click()
    expect(v.page).to_have_url(v.site.url(f"/{v.language}/my-report/withdraw/"))


def _withdrawn(v: Visit) -> None:
    _withdraw(v)
    v.page.locator("main button.danger").click()
    expect(v.page.locator("main a.button")).to_be_visible()
    assert not Report.objects.exists()


def _not_found(v: Visit) -> None:
    response = v.page.goto(v.site.url(f"/{v.language}/no-such-page/"))
    assert response is not None and response.status == 404


SURVIVOR_PAGES: dict[str, Callable[[Visit], None]] = {
    "home": lambda v: v.go("/"),
    "safety": lambda v: v.go("/safety/"),
    **{f"wizard-step-{n}": _wizard_step(n) for n in range(1, STEP_COUNT + 1)},
    "wizard-under-18-help": _wizard_child_help,
    "wizard-contact-error": _wizard_contact_error,
    "wizard-files-error": _wizard_files_error,
    "receipt": _receipt,
    "receipt-under-18": _receipt_child,
    "return": lambda v: v.go("/return/"),
    "return-wrong-receipt": _return_error,
    "return-malformed-receipt": _return_malformed,
    "my-report": _my_report,
    "my-report-message-sent": _my_report_sent,
    "my-report-error": _my_report_error,
    "withdraw-confirmation": _withdraw,
    "withdrawn": _withdrawn,
    "not-found": _not_found,
}
LANGUAGES = ["en", "mk"]


@pytest.mark.parametrize(
    ("language", "name"),
    [pytest.param(language, name, id=f"{language}/{name}") for language in LANGUAGES for name in SURVIVOR_PAGES],
)
def test_survivor_page(site: Site, tmp_path: Path, language: str, name: str) -> None:
    page = site.new_page(**DESKTOP)
    SURVIVOR_PAGES[name](Visit(site, page, language, tmp_path))
    expect(page.locator("html")).to_have_attribute("lang", language)
    site.check_accessibility(page, f"{language}/{name}")


def test_survivor_pages_on_a_phone(site: Site) -> None:
    """Small screens reflow the header and the exit bar: check the busiest pages there too."""
    page = site.new_page(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    for path in ("/mk/", "/mk/report/", "/mk/return/"):
        page.goto(site.url(path))
        site.check_accessibility(page, f"phone {path}")


def _staff_login(v: Visit, bundle: OrgBundle) -> None:
    v.go("/staff/login/")


def _staff_login_error(v: Visit, bundle: OrgBundle) -> None:
    v.go("/staff/login/")
    v.page.locator('input[name="username"]').fill(bundle.staff.user.username)
    v.page.locator('input[name="password"]').fill("not the password")
    v.page.locator("main form button[type=submit]").click()
    expect(v.page.locator(".errorlist")).to_be_visible()


def _staff_set_up(v: Visit, bundle: OrgBundle) -> None:
    v.go("/staff/login/")
    v.page.locator('input[name="username"]').fill(bundle.staff.user.username)
    v.page.locator('input[name="password"]').fill(bundle.password)
    v.page.locator("main form button[type=submit]").click()
    expect(v.page.locator("#totp-secret")).to_be_visible()


def _staff_inbox(v: Visit, bundle: OrgBundle) -> None:
    staff_sign_in(v.page, v.site, v.language, bundle.staff.user.username, bundle.password)
    expect(v.page.locator("table.inbox tbody tr")).to_have_count(1)


def _staff_report(v: Visit, bundle: OrgBundle) -> None:
    _staff_inbox(v, bundle)
    v.page.locator("table.inbox tbody a").first.click()
    expect(v.page.locator("dl.answers")).to_be_visible()
    expect(v.page.locator("ol.thread li")).to_have_count(1)


STAFF_PAGES: dict[str, Callable[[Visit, OrgBundle], None]] = {
    "staff-login": _staff_login,
    "staff-login-error": _staff_login_error,
    "staff-two-step-set-up": _staff_set_up,
    "staff-inbox": _staff_inbox,
    "staff-report": _staff_report,
}


@pytest.mark.parametrize("name", list(STAFF_PAGES))
def test_staff_page(site: Site, tmp_path: Path, name: str) -> None:
    bundle, _receipt = _organisation_with_a_report()
    page = site.new_page(**DESKTOP)
    STAFF_PAGES[name](Visit(site, page, "en", tmp_path), bundle)
    site.check_accessibility(page, f"en/{name}")
