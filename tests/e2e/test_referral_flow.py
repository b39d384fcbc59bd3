"""A referral in a real browser: a caseworker in Skopje triages the morning's reports by urgency,
refers the legal part to a legal-aid organisation in Kosovo; the survivor is asked in her portal
thread and agrees; the lawyer there sees exactly what was shared and nothing more."""

import pytest
from playwright.sync_api import expect

from glasna.accounts import keyring
from glasna.accounts.models import OrganisationType, Role
from glasna.cases.models import Case
from tests.e2e.conftest import DESKTOP, PHONE, Site, open_with_receipt, receipt_on, staff_sign_in, walk_wizard
from tests.factories import PASSWORD, make_organisation

pytestmark = pytest.mark.e2e

NARRATIVE = "Синтетички тест: поранешниот партнер се заканува дека ќе ги објави фотографиите."
SECRET_IDENTIFIER = "invented_ex_partner_77"


def test_referral_with_consent_in_the_portal(site: Site) -> None:
    skopje = make_organisation("iskra-mk", ["MK"])
    kosovo = make_organisation(
        "ligj-xk", ["XK"], role=Role.LAWYER, org_type=OrganisationType.LEGAL_AID, services=["legal"]
    )
    keyring.create_staff(kosovo.organisation, "ligj-admin", PASSWORD, Role.ORG_ADMIN, kosovo.org_keys)

    # Two reports arrive; the second carries a threat of physical harm.
    survivor = site.new_page(**PHONE)
    walk_wizard(survivor, site, "mk", [{"forms": ["doxing"]}, {}, {}, {"country": "MK"}])
    walk_wizard(
        survivor,
        site,
        "mk",
        [
            {"forms": ["ibsa_threatened"], "narrative": NARRATIVE},
            {"platforms": ["telegram"]},
            {"relationship": "partner", "perpetrator": SECRET_IDENTIFIER},
            {"country": "MK", "age_band": "25_34"},
            {"help": ["legal"]},
        ],
    )
    receipt = receipt_on(survivor)
    survivor.context.close()

    caseworker = site.new_page(**DESKTOP)
    staff_sign_in(caseworker, site, "mk", skopje.staff.user.username, PASSWORD)
    # Triage lists the oldest first at equal urgency: open the newer report, assess its risk, and
    # it rises to the top of the queue.
    caseworker.locator("table.inbox tbody tr a").last.click()
    expect(caseworker.locator("dl.answers")).to_contain_text(NARRATIVE)
    caseworker.locator('input[name="flags"][value="physical_threat"]').check()
    caseworker.get_by_role("button", name="Зачувај ја проценката на ризикот").or_(
        caseworker.locator('form:has(input[name="action"][value="risk"]) button')
    ).first.click()
    caseworker.goto(site.url("/mk/staff/?queue=triage"))
    expect(caseworker.locator("table.inbox tbody tr").first.locator(".flag")).to_be_visible()
    caseworker.locator("table.inbox tbody tr a").first.click()
    expect(caseworker.locator("dl.answers")).to_contain_text(NARRATIVE)

    # Refer the legal part only: what happened, not who did it.
    caseworker.locator("details.refer summary").click()
    caseworker.locator('select[name="referral-to_org"]').select_option(str(kosovo.organisation.pk))
    caseworker.locator('select[name="referral-service"]').select_option("legal")
    caseworker.locator('input[name="referral-parts"][value="incident"]').check()
    caseworker.locator('textarea[name="referral-note"]').fill("Synthetic: please draft a criminal complaint.")
    caseworker.locator('input[name="referral-consent_channel"][value="portal"]').check()
    caseworker.locator('form[action$="/referrals/"] button').click()
    expect(caseworker.locator(".referrals")).to_contain_text(kosovo.organisation.name)
    case = Case.objects.get(report__isnull=False, risk_flags=["physical_threat"])
    assert case.referrals.get().status == "awaiting_consent"

    # The survivor is asked in her thread, and agrees.
    survivor = site.new_page(**PHONE)
    open_with_receipt(survivor, site, "mk", receipt, touch=True)
    request = survivor.locator(".consent-request")
    expect(request).to_contain_text(kosovo.organisation.name)
    expect(request).to_contain_text("Synthetic: please draft a criminal complaint.")
    expect(survivor.locator("ol.thread")).to_contain_text(kosovo.organisation.name)
    request.locator('input[value="yes"] + button, form:has(input[value="yes"]) button').first.tap()
    expect(survivor.locator(".consent-request")).to_have_count(0)
    survivor.context.close()

    # The Kosovo admin accepts and assigns it to their lawyer.
    admin = site.new_page(**DESKTOP)
    staff_sign_in(admin, site, "sq", "ligj-admin", PASSWORD)
    admin.goto(site.url("/sq/staff/referrals/"))
    admin.locator("table.inbox tbody tr a").first.click()
    admin.locator('select[name="action"]').select_option("accept")
    admin.locator('select[name="assignee"]').select_option(str(kosovo.staff.pk))
    admin.locator("main form button.primary").click()
    admin.context.close()

    lawyer = site.new_page(**DESKTOP)
    staff_sign_in(lawyer, site, "sq", kosovo.staff.user.username, PASSWORD)
    lawyer.goto(site.url("/sq/staff/referrals/"))
    lawyer.locator("table.inbox tbody tr a").first.click()
    main = lawyer.locator("main")
    expect(main).to_contain_text(NARRATIVE)
    expect(main).to_contain_text("Synthetic: please draft a criminal complaint.")
    assert SECRET_IDENTIFIER not in main.inner_text()  # not shared, so not there
    # ...and the lawyer cannot open the Skopje case itself.
    response = lawyer.goto(site.url(f"/sq/staff/reports/{case.report_id}/"))
    assert response is not None and response.status == 404
    site.check_accessibility(lawyer, "sq/referral")
