"""The fingerprint page in a real browser with JavaScript off: the survivor picks a photo, presses
send, and no byte of the photo leaves the browser; the page says why nothing was sent."""

from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from glasna.intake import receipts
from glasna.matching.models import HashEntry
from tests.e2e.conftest import PHONE, Site, open_with_receipt
from tests.factories import make_organisation, submit


def test_without_javascript_no_media_is_sent(site: Site, png_file: Path) -> None:
    make_organisation("rs-cso", ["MK"])
    receipt = receipts.formatted(submit().receipt)
    page = site.new_page(**PHONE, java_script_enabled=False)
    bodies: list[bytes] = []

    def keep_body(request: Any) -> None:
        if request.method == "POST":
            bodies.append(request.post_data_buffer or b"")

    page.on("request", keep_body)
    open_with_receipt(page, site, "en", receipt)
    page.goto(site.url("/en/my-report/fingerprints/"))
    expect(page.locator("noscript, p.alert").first).to_be_attached()
    page.locator("input[data-pdq-input]").set_input_files(str(png_file))
    page.locator('input[name="platforms"][value="*"]').check()
    page.locator("form[data-pdq-form] button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Nothing was sent")
    photo = png_file.read_bytes()
    posted = bodies[-1]
    assert photo[:64] not in posted and b"Content-Disposition: form-data" not in posted
    assert HashEntry.objects.count() == 0


def test_fingerprint_page_is_accessible(site: Site) -> None:
    make_organisation("rs-cso", ["MK"])
    receipt = receipts.formatted(submit().receipt)
    page = site.new_page(**PHONE)
    open_with_receipt(page, site, "en", receipt)
    page.goto(site.url("/en/my-report/fingerprints/"))
    site.check_accessibility(page, "fingerprints page")
