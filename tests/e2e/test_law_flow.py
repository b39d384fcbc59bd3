"""The legal navigator in a real browser: a survivor in Skopje whose ex-partner threatens to publish
her photos reads her rights in Macedonian on her report page (Art. 152, a private lawsuit whose
deadline our sources do not state, free legal aid near her); her lawyer opens the legal guidance
from the case and downloads a filled draft criminal complaint. The public "know your rights" page
works with JavaScript switched off."""

import io
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import expect

from glasna.accounts.models import OrganisationType
from glasna.core.models import AuditEvent
from tests.e2e.conftest import DESKTOP, PHONE, Site, open_with_receipt, receipt_on, staff_sign_in, walk_wizard
from tests.factories import PASSWORD, make_organisation

pytestmark = pytest.mark.e2e

NARRATIVE = "Синтетички тест: поранешниот партнер се заканува дека ќе ги објави фотографиите."


def test_skopje_survivor_reads_her_rights_and_her_lawyer_downloads_a_filled_complaint(
    site: Site, tmp_path: Path
) -> None:
    skopje = make_organisation("iskra-mk", ["MK"])
    make_organisation(
        "pravna-pomosh-mk",
        ["MK"],
        org_type=OrganisationType.LEGAL_AID,
        services=["legal"],
        accepts_reports=False,
        municipalities=["Скопје"],
        phone="+389 2 000 0000",
    )

    survivor = site.new_page(**PHONE)
    walk_wizard(
        survivor,
        site,
        "mk",
        [
            {"forms": ["ibsa_threatened", "ibsa_recorded"], "narrative": NARRATIVE},
            {"platforms": ["instagram"]},
            {"relationship": "partner", "perpetrator": "invented_ex_partner_88"},
            {"when": "month", "country": "MK", "age_band": "25_34"},
            {"help": ["legal"]},
        ],
    )
    receipt = receipt_on(survivor)
    open_with_receipt(survivor, site, "mk", receipt)
    rights = survivor.locator("section.law-portal")
    expect(rights).to_be_visible()
    expect(rights.locator("#law-mk")).to_be_visible()
    expect(rights.locator("ul.law-provisions")).to_contain_text("152")
    expect(rights.locator("ul.law-routes .deadline").first).to_be_visible()
    expect(rights.locator("section.legal-aid")).to_contain_text("Test organisation pravna-pomosh-mk")
    expect(rights.locator("section.legal-aid")).to_contain_text("Скопје")
    site.check_accessibility(survivor, "survivor report page with her rights")
    survivor.context.close()

    lawyer = site.new_page(**DESKTOP, accept_downloads=True)
    staff_sign_in(lawyer, site, "mk", skopje.staff.user.username, PASSWORD)
    lawyer.locator("table.inbox tbody tr a").first.click()
    lawyer.locator("section.law-panel a").click()
    expect(lawyer.locator("section.law-jurisdiction:has(#law-mk)")).to_contain_text("Art. 152")
    site.check_accessibility(lawyer, "lawyer's legal guidance page")
    with lawyer.expect_download() as info:
        lawyer.locator('ul.law-drafts a[href*="/MK/criminal_complaint.docx"]').click()
    saved = tmp_path / "complaint.docx"
    info.value.save_as(saved)
    text = "\n".join(p.text for p in Document(io.BytesIO(saved.read_bytes())).paragraphs)
    assert "КРИВИЧНА ПРИЈАВА" in text and "НАЦРТ" in text and "DRAFT" in text
    assert NARRATIVE in text and "invented_ex_partner_88" in text and "член 152" in text
    assert AuditEvent.objects.filter(action="law.draft_downloaded").count() == 1


def test_know_your_rights_without_javascript(site: Site) -> None:
    page = site.new_context(java_script_enabled=False, **DESKTOP).new_page()
    page.goto(site.url("/mk/rights/"))
    page.locator('input[name="forms"][value="ibsa_shared"]').check()
    page.locator('input[name="country"][value="AL"]').check()
    page.locator('input[name="age_band"][value="25_34"]').check()
    page.locator('input[name="happened_on"]').fill("2026-03-15")
    page.locator("main form button[type=submit]").click()
    result = page.locator("section.law-result")
    expect(result).to_contain_text("121")
    expect(result.locator(".deadline").last).to_be_visible()
    page.context.close()

    # axe-core needs scripts, so the same pages are checked for accessibility in a normal browser.
    checked = site.new_page(**DESKTOP)
    checked.goto(site.url("/mk/rights/"))
    checked.locator('input[name="forms"][value="ibsa_shared"]').check()
    checked.locator('input[name="country"][value="AL"]').check()
    checked.locator('input[name="age_band"][value="25_34"]').check()
    checked.locator("main form button[type=submit]").click()
    expect(checked.locator("section.law-result")).to_contain_text("121")
    site.check_accessibility(checked, "know your rights, with a result")
    checked.goto(site.url("/mk/rights/coverage/"))
    expect(checked.locator("table.coverage-matrix caption")).to_be_visible()
    site.check_accessibility(checked, "coverage matrix")
