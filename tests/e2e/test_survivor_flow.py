"""The survivor's journey in a real browser: report, receipt, the organisation's answer, writing
back; the same without JavaScript; quick exit; and a wrong receipt. Synthetic data only."""

import re
from pathlib import Path

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from glasna.intake import receipts, services
from tests.e2e.conftest import (
    DESKTOP,
    PHONE,
    STEP_COUNT,
    Site,
    answer,
    continue_to,
    open_with_receipt,
    press,
    receipt_on,
    staff_sign_in,
    walk_wizard,
)
from tests.factories import make_organisation

pytestmark = pytest.mark.e2e

NARRATIVE_MK = "Синтетички тест: некој ги сподели моите фотографии во Telegram група без дозвола."
REPLY_MK = "Здраво, ја прочитавме вашата пријава. Ќе ви помогнеме да се отстранат фотографиите."
WRITE_BACK_MK = "Ви благодарам. Групата сè уште е активна."

FULL_ANSWERS = [
    {"forms": ["ibsa_shared", "sextortion"], "narrative": NARRATIVE_MK},
    {"platforms": ["telegram", "instagram"], "links": "t.me/izmisleno_mesto"},
    {"relationship": "partner", "perpetrator": "invented_user_1"},
    {"when": "week", "country": "MK", "age_band": "25_34", "gender": "woman"},
    {"help": ["removal", "legal"]},
    {"contact_method": "portal", "consent_stats": "yes", "consent_police": "ask_first"},
    {},
]


def translated(language: str, message: str) -> str:
    with translation.override(language):
        return translation.gettext(message)


def assert_fits_the_screen(page: Page, where: str) -> None:
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{where}: the page is {overflow}px wider than the phone's screen"


def test_whole_flow_in_macedonian_on_a_phone(site: Site, png_file: Path) -> None:
    bundle = make_organisation("mk-cso", ["MK"])

    # The survivor, on a phone.
    survivor = site.new_page(**PHONE, locale="mk-MK")
    survivor.goto(site.url("/mk/"))
    expect(survivor.locator("html")).to_have_attribute("lang", "mk")
    assert_fits_the_screen(survivor, "home")
    press(survivor, "main a.button.primary", touch=True)
    expect(survivor).to_have_url(site.url("/mk/report/"))
    for index in range(STEP_COUNT - 1):
        expect(survivor.locator('input[name="step"]')).to_have_value(str(index))
        assert_fits_the_screen(survivor, f"wizard step {index + 1}")
        answer(survivor, FULL_ANSWERS[index])
        continue_to(survivor, index + 1, touch=True)
    summary = survivor.locator("section.summary")
    expect(summary).to_contain_text(NARRATIVE_MK)
    expect(summary).to_contain_text("t.me/izmisleno_mesto")
    assert_fits_the_screen(survivor, "wizard step 7")
    survivor.locator('input[name="files"]').set_input_files(png_file)
    press(survivor, 'main button[name="next"]', touch=True)
    expect(survivor.locator("#receipt-code")).to_be_visible()
    receipt = receipt_on(survivor)
    expect(survivor.locator("main")).to_contain_text(bundle.organisation.name)
    assert_fits_the_screen(survivor, "receipt")
    survivor.context.close()

    # The caseworker, at a desk.
    caseworker = site.new_page(**DESKTOP)
    staff_sign_in(caseworker, site, "mk", bundle.staff.user.username, bundle.password)
    rows = caseworker.locator("table.inbox tbody tr")
    expect(rows).to_have_count(1)
    rows.first.locator("a").click()
    expect(caseworker).to_have_url(re.compile(r"/mk/staff/reports/[0-9a-f-]{36}/$"))
    report_url = caseworker.url
    answers = caseworker.locator("dl.answers")
    expect(answers).to_contain_text(NARRATIVE_MK)
    expect(answers).to_contain_text("t.me/izmisleno_mesto")
    expect(answers).to_contain_text("invented_user_1")
    expect(caseworker.locator("main")).to_contain_text(png_file.name)
    caseworker.locator('textarea[name="text"]').fill(REPLY_MK)
    caseworker.locator("main form button.primary").click()
    expect(caseworker).to_have_url(report_url)
    expect(caseworker.locator("ol.thread")).to_contain_text(REPLY_MK)

    # The survivor comes back in a fresh browser with only the receipt.
    survivor = site.new_page(**PHONE, locale="mk-MK")
    open_with_receipt(survivor, site, "mk", receipt, touch=True)
    expect(survivor.locator("html")).to_have_attribute("lang", "mk")
    expect(survivor.locator("#report-status")).to_have_text(
        translated("mk", "In progress: an organisation is working on it")
    )
    expect(survivor.locator("ol.thread li.organisation")).to_contain_text(REPLY_MK)
    expect(survivor.locator("ol.thread li.organisation.unread")).to_have_count(1)
    expect(survivor.locator("main")).to_contain_text(png_file.name)
    assert_fits_the_screen(survivor, "my report")
    survivor.locator('textarea[name="text"]').fill(WRITE_BACK_MK)
    press(survivor, 'section[aria-labelledby="reply-title"] button[type=submit]', touch=True)
    expect(survivor.locator("p.success[role=status]")).to_have_text(translated("mk", "Your message was sent."))
    expect(survivor.locator("ol.thread li.survivor")).to_contain_text(WRITE_BACK_MK)

    # And the caseworker sees the answer.
    caseworker.reload()
    expect(caseworker.locator("ol.thread li.survivor")).to_contain_text(WRITE_BACK_MK)


def test_short_flow_in_serbian_cyrillic(site: Site) -> None:
    bundle = make_organisation("rs-cso", ["RS"])
    make_organisation("mk-cso", ["MK"])  # a second organisation: the report must go to the Serbian one
    page = site.new_page(**DESKTOP, locale="sr-RS")
    page.goto(site.url("/sr/"))
    expect(page.locator("html")).to_have_attribute("lang", "sr")
    page.locator("main a.button.primary").click()
    expect(page).to_have_url(site.url("/sr/report/"))
    expect(page.locator("html")).to_have_attribute("lang", "sr")
    narrative = "Синтетички тест: неко је објавио моју адресу."
    walk_wizard(
        page,
        site,
        "sr",
        [
            {"forms": ["doxing"], "narrative": narrative},
            {},
            {},
            {"country": "RS", "age_band": "18_24"},
        ],
    )
    expect(page.locator("html")).to_have_attribute("lang", "sr")
    receipt = receipt_on(page)
    expect(page.locator("main")).to_contain_text(bundle.organisation.name)

    back = site.new_page(**DESKTOP, locale="sr-RS")
    open_with_receipt(back, site, "sr", receipt)
    expect(back.locator("html")).to_have_attribute("lang", "sr")
    expect(back.locator("#report-status")).to_have_text(translated("sr", "Received: an organisation will read it soon"))
    expect(back.locator("main")).to_contain_text(bundle.organisation.name)
    answers = services.survivor_view(services.open_with_receipt(receipt))["answers"]
    assert answers["narrative"] == narrative and answers["language"] == "sr"
    assert answers["contact_method"] == "portal" and answers["consent_police"] == "no"


def test_with_javascript_the_proof_of_work_is_solved_and_the_report_goes_at_once(  # type: ignore[no-untyped-def]
    site: Site, settings
) -> None:
    # A wait no test could sit through: only a solved challenge lets this report through.
    settings.GLASNA_REPORT_WAIT_SECONDS = 600
    settings.GLASNA_REPORT_POW_BITS = 12
    make_organisation("mk-cso", ["MK"])
    page = site.new_page(**DESKTOP, locale="en-GB")
    walk_wizard(page, site, "en", FULL_ANSWERS, stop_at=STEP_COUNT - 1)
    expect(page.locator('input[name="challenge_nonce"]')).not_to_have_value("", timeout=30_000)
    press(page, 'main button[name="next"]')
    expect(page.locator("#receipt-code")).to_be_visible()
    answers = services.survivor_view(services.open_with_receipt(receipt_on(page)))["answers"]
    assert answers["narrative"] == NARRATIVE_MK


def test_whole_wizard_without_javascript_in_albanian(site: Site, png_file: Path, exit_url: str) -> None:
    make_organisation("al-cso", ["AL"])
    page = site.new_page(**PHONE, java_script_enabled=False, locale="sq-AL")
    narrative = "Test sintetik: dikush më kërcënon se do të publikojë fotografi."
    steps = [
        {"forms": ["ibsa_threatened"], "narrative": narrative},
        {"platforms": ["facebook"], "links": "facebook.com/profil_i_shpikur"},
        {"relationship": "acquaintance"},
        {"when": "month", "country": "AL", "age_band": "18_24", "gender": "woman"},
        {"help": ["psychological"]},
        {"contact_method": "signal", "contact_value": "shpikur.42", "consent_stats": "no"},
    ]
    walk_wizard(page, site, "sq", steps, upload=png_file)
    expect(page.locator("html")).to_have_attribute("lang", "sq")
    receipt = receipt_on(page)
    answers = services.survivor_view(services.open_with_receipt(receipt))["answers"]
    assert answers["narrative"] == narrative and answers["language"] == "sq"
    assert answers["contact_method"] == "signal" and answers["contact_value"] == "shpikur.42"

    # Quick exit is a plain link: it works without JavaScript, and the server forgets the visit.
    assert page.context.cookies(site.base), "the wizard's form should have set a CSRF cookie"
    page.locator("#quick-exit").click()
    expect(page).to_have_url(exit_url)
    expect(page.locator("h1")).to_have_text("Weather")
    assert page.context.cookies(site.base) == []
    assert site.neutral.visits == [{"path": "/weather", "referer": ""}]


def test_quick_exit_with_javascript_leaves_no_way_back(site: Site, exit_url: str) -> None:
    page = site.new_page(**DESKTOP)
    page.goto(site.url("/en/"))
    page.goto(site.url("/en/report/"))
    page.locator('input[name="forms"][value="cyberstalking"]').check()
    page.locator("#quick-exit").click()
    expect(page).to_have_url(exit_url)
    expect(page.locator("h1")).to_have_text("Weather")
    assert page.context.cookies(site.base) == []
    assert site.neutral.visits[-1]["referer"] == "", "the neutral site must not learn where the person came from"

    # location.replace() took the report page out of the history.
    page.go_back()
    page.wait_for_load_state()
    assert page.url != site.url("/en/report/"), "Back returned to the report page after a quick exit"
    assert page.url in (site.url("/en/"), "about:blank"), page.url
    expect(page.locator("form#wizard")).to_have_count(0)

    # Escape three times leaves too.
    page.goto(site.url("/en/safety/"))
    for _ in range(3):
        page.keyboard.press("Escape")
    expect(page).to_have_url(exit_url)


def test_escape_twice_stays(site: Site) -> None:
    page = site.new_page(**DESKTOP)
    page.goto(site.url("/en/safety/"))
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_timeout(300)
    assert page.url == site.url("/en/safety/")


def test_wrong_receipt_gives_the_generic_message_and_no_visit(site: Site) -> None:
    make_organisation("mk-cso", ["MK"])
    from tests.factories import submit

    real = submit().receipt
    wrong = receipts.new_receipt()
    assert wrong != real
    page = site.new_page(**DESKTOP)
    page.goto(site.url("/en/return/"))
    page.locator('input[name="receipt"]').fill(receipts.formatted(wrong))
    with page.expect_response(lambda response: response.request.method == "POST") as posted:
        page.locator("main form button[type=submit]").click()
    assert posted.value.status == 400
    expect(page).to_have_url(site.url("/en/return/"))
    expect(page.locator("main")).to_contain_text(
        "We could not open a report with this receipt. Please check it and try again."
    )
    assert "glasna_visit" not in {cookie["name"] for cookie in page.context.cookies()}
    page.goto(site.url("/en/my-report/"))
    expect(page).to_have_url(site.url("/en/return/"))


def test_forms_are_sent_with_this_sites_origin(site: Site) -> None:
    """Django's CSRF check compares the Origin header with the site. Under a "no-referrer"
    policy Chromium sends `Origin: null` with every form, and every form fails; "same-origin"
    sends the origin to this site only, and still nothing to any other."""
    page = site.new_page(**DESKTOP)
    page.goto(site.url("/en/report/"))
    with page.expect_request(lambda request: request.method == "POST") as posted:
        page.locator('main button[name="next"]').click()
    assert posted.value.header_value("origin") == site.base
    expect(page.locator('input[name="step"]')).to_have_value("1")


def test_switching_language_mid_report_keeps_the_answers(site: Site) -> None:
    """The language links become buttons of the wizard's form (form="wizard"): a real browser
    re-sends the answers to the same step in the new language."""
    page = site.new_page(**PHONE)
    walk_wizard(page, site, "mk", [{"forms": ["impersonation"], "narrative": NARRATIVE_MK}], stop_at=1)
    page.locator('input[name="platforms"][value="viber"]').check()
    page.locator('nav.languages button[lang="sq"]').click()
    expect(page.locator("html")).to_have_attribute("lang", "sq")
    expect(page).to_have_url(site.url("/sq/report/"))
    expect(page.locator('input[name="step"]')).to_have_value("1")
    expect(page.locator('input[name="platforms"][value="viber"]')).to_be_checked()
    page.locator('main button[name="back"]').click()
    expect(page.locator('input[name="step"]')).to_have_value("0")
    expect(page.locator('input[name="forms"][value="impersonation"]')).to_be_checked()
    expect(page.locator('textarea[name="narrative"]')).to_have_value(NARRATIVE_MK)
