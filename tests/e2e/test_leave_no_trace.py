"""Leave no trace, in a real browser: a survivor walks every public page with a form in each of the
eight locales (the wizard with a mistake on the way, a wrong receipt, the right one and her portal,
the "know your rights" form and its answer, quick exit). Afterwards Chromium holds only session
cookies for the site, no response tried to set a lasting one, and nothing is in localStorage,
IndexedDB, Cache Storage or a service worker."""

from typing import Any

import pytest
from django.conf import settings as django_settings
from playwright.sync_api import Page, Response, expect

from glasna.intake import receipts
from tests.e2e.conftest import DESKTOP, Site, answer, continue_to, open_with_receipt, press, receipt_on
from tests.factories import make_organisation

pytestmark = pytest.mark.e2e

LOCALES = [code for code, _name in django_settings.LANGUAGES]

STORAGE_LEFT = """async () => ({
  localStorage: localStorage.length,
  sessionStorage: sessionStorage.length,
  indexedDB: (await indexedDB.databases()).map(db => db.name),
  caches: await caches.keys(),
  serviceWorkers: (await navigator.serviceWorker.getRegistrations()).length,
})"""
NOTHING_LEFT = {"localStorage": 0, "sessionStorage": 0, "indexedDB": [], "caches": [], "serviceWorkers": 0}


def _lasting_cookies(response: Response) -> list[str]:
    """Set-Cookie headers that would outlive the browser session (a deletion, Max-Age=0, is fine)."""
    lasting = []
    for header in response.headers_array():
        if header["name"].lower() != "set-cookie":
            continue
        attributes = {part.split("=", 1)[0].strip().lower(): part for part in header["value"].split(";")[1:]}
        if "max-age" in attributes and attributes["max-age"].split("=", 1)[1].strip() == "0":
            continue
        if "max-age" in attributes or "expires" in attributes:
            lasting.append(f"{response.url}: {header['value']}")
    return lasting


def _wizard_with_a_mistake(page: Page, site: Site, language: str) -> str:
    page.goto(site.url(f"/{language}/report/"))
    steps: list[dict[str, Any]] = [
        {"forms": ["ibsa_threatened"], "narrative": "Synthetic test: no trace."},
        {"platforms": ["instagram"]},
        {},
        {"country": "MK", "age_band": "25_34"},
        {},
    ]
    for index, answers in enumerate(steps):
        answer(page, answers)
        continue_to(page, index + 1)
    # Phone chosen, no number given: the step comes back with an error.
    answer(page, {"contact_method": "phone"})
    with page.expect_response(lambda response: response.request.method == "POST") as posted:
        press(page, 'main button[name="next"]')
    assert posted.value.status == 200
    expect(page.locator('input[name="step"]')).to_have_value("5")
    expect(page.locator(".errorlist, [role=alert]").first).to_be_visible()
    answer(page, {"contact_method": "portal"})
    continue_to(page, 6)
    press(page, 'main button[name="next"]')
    expect(page.locator("#receipt-code")).to_be_visible()
    return receipt_on(page)


def _wrong_receipt(page: Page, site: Site, language: str) -> None:
    page.goto(site.url(f"/{language}/return/"))
    page.locator('input[name="receipt"]').fill(receipts.formatted(receipts.new_receipt()))
    with page.expect_response(lambda response: response.request.method == "POST") as posted:
        press(page, "main form button[type=submit]")
    assert posted.value.status == 400


def _portal(page: Page, site: Site, language: str, receipt: str) -> None:
    open_with_receipt(page, site, language, receipt)
    for path in ("my-report/fingerprints/", "my-report/evidence/add/", "my-report/"):
        response = page.goto(site.url(f"/{language}/{path}"))
        assert response is not None and response.status == 200, path


def _rights(page: Page, site: Site, language: str) -> None:
    page.goto(site.url(f"/{language}/rights/"))
    page.locator('input[name="forms"][value="ibsa_shared"]').check()
    page.locator('input[name="country"][value="AL"]').check()
    page.locator('input[name="age_band"][value="25_34"]').check()
    page.locator("main form button[type=submit]").click()
    expect(page.locator("section.law-result")).to_contain_text("121")


def test_no_lasting_cookie_or_storage_on_any_survivor_page_in_any_locale(
    site: Site, exit_url: str, settings: Any
) -> None:
    settings.GLASNA_RECEIPT_ATTEMPTS_PER_HOUR = 100  # two receipts per locale, all from 127.0.0.1
    make_organisation("mk-cso", ["MK"])
    lasting: list[str] = []
    for language in LOCALES:
        context = site.new_context(**DESKTOP)
        context.on("response", lambda response: lasting.extend(_lasting_cookies(response)))
        page = context.new_page()
        page.goto(site.url(f"/{language}/"))
        receipt = _wizard_with_a_mistake(page, site, language)
        _wrong_receipt(page, site, language)
        _portal(page, site, language, receipt)
        _rights(page, site, language)

        cookies = context.cookies(site.base)
        names = {cookie["name"] for cookie in cookies}
        assert {settings.CSRF_COOKIE_NAME, "glasna_visit"} <= names, f"{language}: the walk met no cookies"
        assert [c["name"] for c in cookies if c["expires"] != -1] == [], f"{language}: lasting cookies {cookies}"
        assert page.evaluate(STORAGE_LEFT) == NOTHING_LEFT, language

        page.locator("#quick-exit").click()
        expect(page).to_have_url(exit_url)
        assert context.cookies(site.base) == [], language
        context.close()
    assert lasting == []
