"""Linkage across borders in a real browser: a caseworker in Tirana records that her client's
images are in a Telegram channel; a caseworker in Skopje records the same channel written another
way; each then sees that it is also reported in the other country, and nothing of the other case.
Tirana then proposes a joint takedown campaign from the space's page; Skopje finds the invitation
in its networks pages and joins, choosing to be named; neither sees the other's case. Last, Tirana
exports a dossier for the platform: a fresh code, the personal-data check, then the file, which
counts the other country's case without carrying it. Both survivors then name the same person in
the escrow and choose a joint complaint: Skopje opens it from the case's escrow page and joins,
named, and Tirana sees Skopje's name and contact, never its case."""

import json
import zipfile

import pytest
from playwright.sync_api import Page, expect

from glasna.cases.models import Case
from glasna.networks import escrow
from glasna.networks.models import MatchChoice, Space
from glasna.networks.perpetrators import normalise_perpetrator
from tests.e2e.conftest import DESKTOP, Site, confirm_code, staff_sign_in
from tests.factories import PASSWORD, make_organisation, submit

pytestmark = pytest.mark.e2e

TIRANA_STORY = "Synthetic: her former partner posted the photos in a channel."
SKOPJE_STORY = "Synthetic: a classmate sent her the channel link."


def _record_on_the_case(page: Page, site: Site, case: Case, link: str, platform: str = "") -> None:
    page.goto(site.url(f"/en/staff/reports/{case.report_id}/"))
    form = page.locator('form[action$="/spaces/"]')
    form.locator('input[name="space-link"]').fill(link)
    if platform:
        form.locator('select[name="space-platform"]').select_option(platform)
    form.locator("button").click()
    expect(page.locator("h1")).to_contain_text("t.me/publicroom_demo")


def test_the_same_channel_reported_in_two_countries(site: Site) -> None:
    tirana, skopje = make_organisation("e2e-al", ["AL"]), make_organisation("e2e-mk", ["MK"])
    submit(country="AL", narrative=TIRANA_STORY, links="")
    submit(country="MK", narrative=SKOPJE_STORY, links="")
    al_case = Case.objects.get(organisation=tirana.organisation)
    mk_case = Case.objects.get(organisation=skopje.organisation)

    albania = site.new_page(**DESKTOP)
    staff_sign_in(albania, site, "en", tirana.staff.user.username, PASSWORD)
    _record_on_the_case(albania, site, al_case, "https://t.me/publicroom_demo")
    expect(albania.locator("main")).to_contain_text("Not reported at any other organisation.")

    macedonia = site.new_page(**DESKTOP)
    staff_sign_in(macedonia, site, "en", skopje.staff.user.username, PASSWORD)
    _record_on_the_case(macedonia, site, mk_case, "@PublicRoom_demo", "telegram")
    expect(macedonia.locator(".networks-elsewhere")).to_contain_text("Also reported at 1 other organisation, in AL")
    site.check_accessibility(macedonia, "en/networks-space")
    macedonia.goto(site.url(f"/en/staff/reports/{mk_case.report_id}/"))
    panel = macedonia.locator("section.case-networks")
    expect(panel).to_contain_text("t.me/publicroom_demo")
    expect(panel).to_contain_text("Also reported at 1 other organisation, in AL, since")
    expect(macedonia.locator("main")).not_to_contain_text(TIRANA_STORY)

    albania.reload()
    expect(albania.locator(".networks-elsewhere")).to_contain_text("Also reported at 1 other organisation, in MK")
    albania.goto(site.url("/en/staff/networks/elsewhere/"))
    expect(albania.locator("main")).to_contain_text("t.me/publicroom_demo")
    site.check_accessibility(albania, "en/networks-elsewhere")
    expect(albania.locator("main")).not_to_contain_text(SKOPJE_STORY)
    expect(albania.locator("main")).not_to_contain_text(skopje.organisation.name)

    # A joint takedown campaign, proposed from the space's page and answered in the other country.
    albania.locator("main a", has_text="t.me/publicroom_demo").first.click()
    proposal = albania.locator('form[action$="/joint/"]')
    proposal.locator('input[name="joint-title"]').fill("Public Room: joint takedown")
    proposal.locator('textarea[name="joint-note"]').fill("Synthetic: let us report it together.")
    proposal.locator("button").click()
    expect(albania.locator("h1")).to_contain_text("Public Room: joint takedown")
    site.check_accessibility(albania, "en/networks-joint")

    macedonia.goto(site.url("/en/staff/networks/"))
    invitations = macedonia.locator(".networks-joints")
    expect(invitations).to_contain_text("You are invited: answer the invitation.")
    invitations.locator("a").click()
    main = macedonia.locator("main")
    expect(main).to_contain_text("Synthetic: let us report it together.")
    expect(main).to_contain_text("Organisation 1")
    expect(main).not_to_contain_text(tirana.organisation.name)
    expect(main).not_to_contain_text(TIRANA_STORY)
    macedonia.locator('input[name="share_name"]').check()
    macedonia.locator('button[value="join"]').click()
    expect(macedonia.locator('button[value="leave"]')).to_be_visible()

    albania.reload()
    members = albania.locator("table.networks-joint-members")
    expect(members).to_contain_text(skopje.organisation.name)
    expect(members).to_contain_text("Joined")
    expect(albania.locator("main")).not_to_contain_text(SKOPJE_STORY)

    # The dossier for the platform: step-up, then the personal-data check, then the file.
    space = Space.objects.get(organisation=tirana.organisation)
    albania.goto(site.url(f"/en/staff/networks/spaces/{space.pk}/"))
    albania.locator('form[action$="/dossier/"] button').click()
    confirm_code(albania, tirana.staff)
    albania.locator('form[action$="/dossier/"] button').click()
    expect(albania.locator("h1")).to_have_text("Personal data in the dossier")
    albania.locator('button[value="confirm"]').click()
    expect(albania.locator("main [role=status]")).to_contain_text("Checked")
    site.check_accessibility(albania, "en/networks-dossier-check")
    with albania.expect_download() as download:
        albania.locator('main form[action$="/dossier/"] button').click()
    with zipfile.ZipFile(download.value.path()) as archive:
        names = archive.namelist()
        data = json.loads(archive.read(next(name for name in names if name.endswith("dossier.json"))))
        everything = b"".join(archive.read(name) for name in names)
    assert any(name.endswith("dossier.pdf") for name in names), names
    assert data["elsewhere"]["other_organisations"] == 1
    assert TIRANA_STORY.encode() not in everything and SKOPJE_STORY.encode() not in everything

    # The same person named in the escrow by both survivors, each choosing a joint complaint.
    perpetrator = normalise_perpetrator("phone", "070 777 888", "MK")
    escrow.add_entry(tirana.staff, al_case, perpetrator, MatchChoice.JOINT_COMPLAINT, consent=True)
    escrow.add_entry(skopje.staff, mk_case, perpetrator, MatchChoice.JOINT_COMPLAINT, consent=True)
    macedonia.goto(site.url(f"/en/staff/networks/cases/{mk_case.pk}/escrow/"))
    macedonia.locator("main a", has_text="Joint complaint").click()
    main = macedonia.locator("main")
    expect(macedonia.locator("h1")).to_have_text("Joint complaint")
    expect(main).to_contain_text("Organisation 1")
    expect(main).not_to_contain_text(tirana.organisation.name)
    site.check_accessibility(macedonia, "en/networks-complaint")
    macedonia.locator('input[name="share_name"]').check()
    macedonia.locator('input[name="contact"]').fill("lawyer@e2e-mk.invented.example")
    macedonia.locator('button[value="join"]').click()
    expect(macedonia.locator('button[value="leave"]')).to_be_visible()
    albania.goto(site.url(f"/en/staff/networks/cases/{al_case.pk}/escrow/"))
    albania.locator("main a", has_text="Joint complaint").click()
    members = albania.locator("table.networks-complaint-members")
    expect(members).to_contain_text(skopje.organisation.name)
    expect(members).to_contain_text("lawyer@e2e-mk.invented.example")
    expect(albania.locator("main")).not_to_contain_text(SKOPJE_STORY)
