"""The public observatory in a real Chromium, in English and Albanian: axe-core finds no serious
or critical violation, the page asks nothing of third parties, and a journalist finds Albania's
stalking funnel 2021–2023 and downloads it as CSV."""

import csv
import datetime as dt
import io

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from glasna.observatory import aggregates
from glasna.observatory.models import StatisticalRecord
from tests.e2e.conftest import DESKTOP, PHONE, Site
from tests.factories import make_organisation, submit

pytestmark = pytest.mark.e2e
FUNNEL = "#funnel-dcaf-al-table3alstalkingprosecution"


def _published_cases() -> None:
    make_organisation("al", ["AL"])
    for index in range(6):
        submit(consent_stats="yes", country="AL", platforms=["telegram" if index else "viber"])
    last_month = (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    StatisticalRecord.objects.update(month=last_month)
    aggregates.rebuild()  # update() bypasses the signals that keep the counts


@pytest.mark.parametrize("language", ["en", "sq"])
def test_dashboard_is_accessible(site: Site, language: str) -> None:
    _published_cases()
    for viewport in (DESKTOP, PHONE):
        page = site.new_page(**viewport)
        page.goto(site.url(f"/{language}/observatory/"))
        expect(page.locator("h1")).to_be_visible()
        site.check_accessibility(page, f"observatory dashboard ({language})")
        page.goto(site.url(f"/{language}/observatory/?country=AL"))
        site.check_accessibility(page, f"observatory dashboard, Albania ({language})")


def test_journalist_reads_the_albanian_stalking_funnel_and_downloads_it(site: Site) -> None:
    page = site.new_page(**DESKTOP, accept_downloads=True, java_script_enabled=False)
    page.goto(site.url("/sq/observatory/"))
    page.locator("select#country").select_option("AL")
    page.locator("form.filter button[type=submit]").click()
    expect(page).to_have_url(site.url("/sq/observatory/?country=AL"))
    funnel = page.locator(FUNNEL)
    expect(funnel.locator("figcaption")).to_contain_text("2021-01 – 2023-12")
    numbers = funnel.locator("tbody tr.funnel td.num:nth-child(3)").all_inner_texts()
    assert numbers == ["469", "230", "177"]
    assert funnel.locator("svg[aria-hidden=true]").count() == 1
    with page.expect_download() as download_info:
        funnel.locator("a[download]").first.click()
    content = open(download_info.value.path(), encoding="utf-8").read()  # noqa: PTH123
    rows = list(csv.DictReader(io.StringIO(content)))
    assert [(r["stage"], r["count"]) for r in rows if r["kind"] == "funnel"] == [
        ("registered", "469"),
        ("sent_to_court", "230"),
        ("convicted", "177"),
    ]


def test_staff_code_a_case_and_track_an_foi_request_accessibly(site: Site) -> None:
    from glasna.intake.models import Report
    from tests.e2e.conftest import staff_sign_in
    from tests.factories import PASSWORD

    bundle = make_organisation("al-staff", ["AL"])
    submit(consent_stats="yes", country="AL")
    report = Report.objects.get()
    page = site.new_page(**DESKTOP)
    staff_sign_in(page, site, "en", bundle.staff.user.username, PASSWORD)
    page.goto(site.url(f"/en/staff/reports/{report.pk}/"))
    panel = page.locator("section[aria-labelledby=observatory-panel-title]")
    panel.locator("select[name=stage]").select_option("registered")
    panel.locator("select[name=offence]").select_option("blackmail")
    site.check_accessibility(page, "case page with the statistics panel")
    panel.locator("button[type=submit]").click()
    expect(page.locator("p.alert")).to_contain_text("Statistics coding saved")
    assert StatisticalRecord.objects.get().offence == "blackmail"
    page.locator("a", has_text="FOI requests").first.click()
    site.check_accessibility(page, "FOI requests")
    page.locator("select[name=country]").select_option("AL")
    page.locator("select[name=institution_type]").select_option("prosecution")
    page.locator("input[name=institution]").fill("Prosecution Office of Durrës (invented)")
    page.locator("input[name=period_start]").fill("2024-01")
    page.locator("input[name=period_end]").fill("2024-12")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_contain_text("Durrës")
    site.check_accessibility(page, "FOI request")
