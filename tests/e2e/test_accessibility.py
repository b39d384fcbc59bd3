"""axe-core on every survivor page (in English and in a Cyrillic locale) and on the staff pages:
no serious or critical violation anywhere. Each page, in each state worth checking (errors shown,
messages present), is checked under its own name: a parametrized test where the page can be reached
on its own, a named subtest where it lies on a walk (the wizard's steps, staff sign-in).

Lesser findings (impact moderate or minor) do not fail the run."""

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyotp
import pytest
from playwright.sync_api import Page, expect

from glasna.accounts import totp
from glasna.accounts.models import StaffMember
from glasna.core.uploads import check_upload
from glasna.intake import receipts, staff_access
from glasna.intake.models import Report
from tests.e2e.conftest import (
    DESKTOP,
    STEP_COUNT,
    Site,
    answer,
    continue_to,
    keep_codes,
    open_with_receipt,
    walk_wizard,
)
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
    """An organisation and a report to it with a file and an answer from the organisation;
    returns the receipt."""
    bundle = make_organisation("mk-cso", ["MK"])
    picture = check_upload(upload("screenshot.png", pattern_png()))
    submitted = submit(files=[picture], narrative="Synthetic narrative for the accessibility check.")
    report = Report.objects.get()
    staff_access.reply(bundle.staff, bundle.org_keys, report.pk, "We read your report. Synthetic reply.", None)
    return bundle, receipts.formatted(submitted.receipt)


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


LANGUAGES = ["en", "mk"]  # English and a Cyrillic locale
CYRILLIC = "mk"

# Pages reached independently: one test each, in each language.
SURVIVOR_PAGES: dict[str, Callable[[Visit], None]] = {
    "home": lambda v: v.go("/"),
    "safety": lambda v: v.go("/safety/"),
    "return": lambda v: v.go("/return/"),
    "return-wrong-receipt": _return_error,
    "my-report": _my_report,
    "withdraw-confirmation": _withdraw,
    "withdrawn": _withdrawn,
    "not-found": _not_found,
}
# Further states, checked in the Cyrillic locale only (their markup does not depend on language).
MORE_STATES: dict[str, Callable[[Visit], None]] = {
    "return-malformed-receipt": _return_malformed,
    "my-report-message-sent": _my_report_sent,
    "my-report-error": _my_report_error,
}


@pytest.mark.parametrize(
    ("language", "name"),
    [pytest.param(language, name, id=f"{language}/{name}") for language in LANGUAGES for name in SURVIVOR_PAGES]
    + [pytest.param(CYRILLIC, name, id=f"{CYRILLIC}/{name}") for name in MORE_STATES],
)
def test_survivor_page(site: Site, tmp_path: Path, language: str, name: str) -> None:
    page = site.new_page(**DESKTOP)
    (SURVIVOR_PAGES | MORE_STATES)[name](Visit(site, page, language, tmp_path))
    expect(page.locator("html")).to_have_attribute("lang", language)
    site.check_accessibility(page, f"{language}/{name}")


@pytest.mark.parametrize("language", LANGUAGES)
def test_report_wizard_pages(
    site: Site, subtests: pytest.Subtests, fake_png_file: Path, png_file: Path, language: str
) -> None:
    """The seven steps, the files step refusing a file, and the receipt: one walk (each step
    needs the ones before), each page checked in a subtest named after it."""
    make_organisation("mk-cso", ["MK"])
    page = site.new_page(**DESKTOP)
    page.goto(site.url(f"/{language}/report/"))
    for index in range(STEP_COUNT):
        expect(page.locator('input[name="step"]')).to_have_value(str(index))
        expect(page.locator("html")).to_have_attribute("lang", language)
        with subtests.test(f"{language}/wizard-step-{index + 1}"):
            site.check_accessibility(page, f"{language}/wizard-step-{index + 1}")
        if index < STEP_COUNT - 1:
            answer(page, ANSWERS[index])
            continue_to(page, index + 1)
    page.locator('input[name="files"]').set_input_files(fake_png_file)
    page.locator('main button[name="next"]').click()
    expect(page.locator("#form-errors")).to_be_visible()
    expect(page.locator(".errorlist")).to_contain_text(fake_png_file.name)
    with subtests.test(f"{language}/wizard-files-error"):
        site.check_accessibility(page, f"{language}/wizard-files-error")
    page.locator('input[name="files"]').set_input_files(png_file)
    page.locator('main button[name="next"]').click()
    expect(page.locator("#receipt-code")).to_be_visible()
    with subtests.test(f"{language}/receipt"):
        site.check_accessibility(page, f"{language}/receipt")


def test_report_wizard_for_a_child(site: Site, subtests: pytest.Subtests) -> None:
    """Under 18: the child-helpline box on the later steps and on the receipt; and a step with
    an error (a contact method chosen, no contact given)."""
    make_organisation("mk-cso", ["MK"])
    page = site.new_page(**DESKTOP)
    walk_wizard(page, site, CYRILLIC, CHILD_ANSWERS, stop_at=4)
    expect(page.locator("aside.child-help")).to_be_visible()
    with subtests.test(f"{CYRILLIC}/wizard-under-18-help"):
        site.check_accessibility(page, f"{CYRILLIC}/wizard-under-18-help")
    continue_to(page, 5)
    page.locator('input[name="contact_method"][value="phone"]').check()
    page.locator('main button[name="next"]').click()
    expect(page.locator("#form-errors")).to_be_visible()
    with subtests.test(f"{CYRILLIC}/wizard-contact-error"):
        site.check_accessibility(page, f"{CYRILLIC}/wizard-contact-error")
    page.locator('input[name="contact_method"][value="portal"]').check()
    continue_to(page, 6)
    page.locator('main button[name="next"]').click()
    expect(page.locator("#receipt-code")).to_be_visible()
    expect(page.locator("aside.child-help")).to_be_visible()
    with subtests.test(f"{CYRILLIC}/receipt-under-18"):
        site.check_accessibility(page, f"{CYRILLIC}/receipt-under-18")


def test_survivor_pages_on_a_phone(site: Site, subtests: pytest.Subtests) -> None:
    """Small screens reflow the header and the exit bar: check the busiest pages there too."""
    page = site.new_page(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    for path in ("/mk/", "/mk/report/", "/mk/return/"):
        page.goto(site.url(path))
        with subtests.test(f"phone {path}"):
            site.check_accessibility(page, f"phone {path}")


def test_staff_pages(site: Site, subtests: pytest.Subtests) -> None:
    """Sign-in (with an error, then the two-step set-up), the inbox and a report with a file and
    messages, in English."""
    bundle, _receipt = _organisation_with_a_report()
    page = site.new_page(**DESKTOP)
    page.goto(site.url("/en/staff/login/"))
    with subtests.test("en/staff-login"):
        site.check_accessibility(page, "en/staff-login")
    page.locator('input[name="username"]').fill(bundle.staff.user.username)
    page.locator('input[name="password"]').fill("not the password")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".errorlist")).to_be_visible()
    with subtests.test("en/staff-login-error"):
        site.check_accessibility(page, "en/staff-login-error")
    page.locator('input[name="password"]').fill(bundle.password)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#totp-secret")).to_be_visible()
    with subtests.test("en/staff-two-step-set-up"):
        site.check_accessibility(page, "en/staff-two-step-set-up")
    page.locator('input[name="code"]').fill(pyotp.TOTP(page.locator("#totp-secret").inner_text().strip()).now())
    page.locator("main form button[type=submit]").click()
    keep_codes(page)
    expect(page).to_have_url(site.url("/en/staff/"))
    expect(page.locator("table.inbox tbody tr")).to_have_count(1)
    with subtests.test("en/staff-inbox"):
        site.check_accessibility(page, "en/staff-inbox")
    page.locator("table.inbox tbody a").first.click()
    expect(page.locator("dl.answers")).to_be_visible()
    expect(page.locator("ol.thread li")).to_have_count(1)
    with subtests.test("en/staff-report"):
        site.check_accessibility(page, "en/staff-report")
    page.goto(site.url("/en/staff/account/"))
    expect(page.locator("#sessions")).to_be_visible()
    with subtests.test("en/staff-own-account"):
        site.check_accessibility(page, "en/staff-own-account")
    page.goto(site.url("/en/staff/confirm/?next=/en/staff/account/authenticator/"))
    with subtests.test("en/staff-step-up"):
        site.check_accessibility(page, "en/staff-step-up")
    # The enrolment used this step's code: the next step's, as a phone a little ahead would show.
    secret = totp.secret_of(StaffMember.objects.get(pk=bundle.staff.pk))
    page.locator('input[name="code"]').fill(pyotp.TOTP(secret).at(time.time() + 30))
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#totp-secret")).to_be_visible()
    with subtests.test("en/staff-new-authenticator"):
        site.check_accessibility(page, "en/staff-new-authenticator")
