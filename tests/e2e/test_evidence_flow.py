"""In a real browser: a survivor adds evidence from her report page; a caseworker keeps it, opens it,
and exports a bundle for a prosecutor, whose verify.py, given the fingerprint published on the key
page, says every item verified and that two other organisations' witnesses saw its head; a forgery
signed with another key fails, saying so. axe-core on each evidence page and on the custody log page."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from glasna.accounts import keyring
from glasna.accounts.models import Role
from glasna.intake import receipts
from tests.e2e.conftest import DESKTOP, Site, confirm_code, open_with_receipt, staff_sign_in
from tests.evidence.forgery import forge
from tests.factories import PASSWORD, make_organisation, submit

pytestmark = pytest.mark.e2e


def test_survivor_adds_evidence_and_a_caseworker_exports_a_verified_bundle(
    site: Site, png_file: Path, tmp_path: Path
) -> None:
    org = make_organisation("mk-cso", ["MK"])
    make_organisation("witness-one", ["MK"])  # two other organisations of the installation: witnesses
    make_organisation("witness-two", ["MK"])
    submitted = submit()
    page = site.new_page(**DESKTOP)

    page.goto(site.url("/sq/evidence/guidance/"))
    site.check_accessibility(page, "sq/evidence-guidance")

    open_with_receipt(page, site, "en", receipts.formatted(submitted.receipt))
    page.locator('a[href="/en/my-report/evidence/add/"]').click()
    site.check_accessibility(page, "en/evidence-add")
    page.locator('input[name="kind"][value="file"]').check()
    page.locator('main button[type="submit"]').click()
    expect(page.locator(".errorlist")).to_contain_text("Please choose the file.")
    site.check_accessibility(page, "en/evidence-add-error")
    page.locator('input[name="kind"][value="file"]').check()
    page.locator('input[name="file"]').set_input_files(png_file)
    page.locator('input[name="title"]').fill("Post in the invented group")
    page.locator('select[name="platform"]').select_option("telegram")
    page.locator('input[name="account"]').fill("Invented Group 7")
    page.locator('main button[type="submit"]').click()
    expect(page.locator("h1")).to_contain_text("Your evidence is kept safe")
    site.check_accessibility(page, "en/evidence-added")

    caseworker = keyring.create_staff(org.organisation, "caseworker-e2e", PASSWORD, Role.CASEWORKER, org.org_keys)
    staff_page = site.new_page(**DESKTOP)
    staff_sign_in(staff_page, site, "en", caseworker.user.username, PASSWORD)
    case = org.organisation.cases.get()
    staff_page.goto(site.url(f"/en/staff/reports/{case.report_id}/"))
    staff_page.locator(f'a[href="/en/staff/evidence/cases/{case.pk}/"]').click()
    expect(staff_page.locator("main table")).to_contain_text("Post in the invented group")
    site.check_accessibility(staff_page, "en/evidence-case")
    staff_page.locator("main table a").first.click()
    expect(staff_page.locator("main")).to_contain_text("Invented Group 7")
    site.check_accessibility(staff_page, "en/evidence-item")

    staff_page.goto(site.url(f"/en/staff/evidence/cases/{case.pk}/"))
    # An export asks for a fresh authenticator code first, then she exports again.
    staff_page.locator('section[aria-labelledby="export-title"] button[type="submit"]').click()
    confirm_code(staff_page, caseworker)
    expect(staff_page).to_have_url(site.url(f"/en/staff/evidence/cases/{case.pk}/"))
    staff_page.locator('select[name="language"]').select_option("sq")
    with staff_page.expect_download() as download:
        staff_page.locator('section[aria-labelledby="export-title"] button[type="submit"]').click()
    bundle = tmp_path / "bundle.zip"
    download.value.save_as(bundle)
    folder = tmp_path / "prosecutor"
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(folder)
    python = "/usr/bin/python3" if Path("/usr/bin/python3").exists() else sys.executable
    # The bundle is in Albanian, and so is its verifier's report; read it in English here (the
    # languages are tested in tests/evidence/test_verifier_language.py).
    alone = subprocess.run(
        [python, "-I", "verify.py", "--lang", "en"], cwd=folder, capture_output=True, text=True, timeout=120
    )
    assert alone.returncode == 3 and "INTERNALLY CONSISTENT" in alone.stdout, alone.stdout  # signer not checked

    # The prosecutor reads the organisation's published fingerprint, no login, and pins it.
    public = site.new_page(**DESKTOP)
    public.goto(site.url("/sq/evidence/keys/"))
    site.check_accessibility(public, "sq/evidence-keys")
    fingerprint = public.locator("main table tbody tr").first.locator("code").first.inner_text()
    assert public.context.cookies() == []
    done = subprocess.run(
        [python, "-I", "verify.py", "--key", fingerprint, "--lang", "en"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout
    assert "VERIFIED  item" in done.stdout and "RESULT: everything verified" in done.stdout
    assert "WITNESSES 2 independent witnesses saw a head containing these events" in done.stdout
    assert done.stdout.rstrip().endswith("seen by 2 independent witnesses")

    forged = tmp_path / "forged.zip"
    forge(bundle, forged, png_file.read_bytes()[:-1] + b"\x00")
    refused = subprocess.run(
        [python, "-I", "verify.py", str(forged), "--key", fingerprint, "--lang", "en"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert refused.returncode == 1
    assert "the bundle was signed by a different key than the one you gave" in refused.stdout

    # The staff page on the log shows who cosigned the export's head.
    staff_page.goto(site.url("/en/staff/evidence/log/"))
    expect(staff_page.locator("main table").first).to_contain_text("Test organisation witness-one")
    site.check_accessibility(staff_page, "en/evidence-log")
