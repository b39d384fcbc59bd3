"""Proceedings in a real browser: a caseworker in Skopje records that her client's complaint went to
the Basic Public Prosecutor's Office with three evidence items, that a protection order was granted
and then breached, and finally the prosecutor's decision; and, for a complaint left unanswered, the follow-up letter on
day 60. No JavaScript is needed for any of it."""

import datetime as dt

import pytest
from django.utils import timezone
from docx import Document
from playwright.sync_api import Page, expect

from glasna.cases.models import Case
from glasna.core.audit import AuditEvent
from glasna.evidence import custody_log
from glasna.evidence import services as evidence
from glasna.evidence.capture import Capture
from glasna.proceedings import clock, reminders
from glasna.proceedings.models import Proceeding
from tests.e2e.conftest import DESKTOP, Site, staff_sign_in
from tests.factories import PASSWORD, make_organisation, submit

pytestmark = pytest.mark.e2e


def _day(days_ago: int) -> str:
    # Relative to the clock, never a literal: the forms refuse dates in the future.
    return (timezone.localdate() - dt.timedelta(days=days_ago)).isoformat()


def _record(page: Page, kind: str, institution_type: str, name: str) -> None:
    page.locator('select[name="proceeding-kind"]').select_option(kind)
    page.locator('select[name="proceeding-institution_type"]').select_option(institution_type)
    page.locator('input[name="proceeding-institution_name"]').fill(name)
    page.locator('select[name="proceeding-jurisdiction"]').select_option("MK")
    page.locator('form[action*="/staff/proceedings/cases/"] button[type="submit"]').click()
    expect(page.locator("h1")).to_be_visible()


def _step(page: Page, kind: str, days_ago: int) -> None:
    page.locator('select[name="step-kind"]').select_option(kind)
    page.locator('input[name="step-on"]').fill(_day(days_ago))
    page.locator('form[action$="/steps/"] button[type="submit"]').click()


def test_from_a_complaint_to_a_decision_with_a_breach_in_between(site: Site) -> None:
    skopje = make_organisation("iskra-mk", ["MK"], language="mk")
    submit(country="MK")
    case = Case.objects.get(organisation=skopje.organisation)
    items = [
        evidence.add_record(
            skopje.staff,
            skopje.org_keys,
            case.pk,
            "url",
            f"synthetic post {n}",
            Capture(url=f"https://t.me/invented/{n}"),
        )
        for n in range(3)
    ]
    page = site.new_page(**DESKTOP)
    staff_sign_in(page, site, "en", skopje.staff.user.username, PASSWORD)
    case_url = site.url(f"/en/staff/reports/{case.report_id}/")

    # The complaint goes to the prosecutor with three evidence items.
    page.goto(case_url)
    _record(page, "criminal_complaint", "prosecutor", "Basic Public Prosecutor's Office Skopje (synthetic)")
    complaint_url = page.url
    _step(page, "filed", 20)
    for item in items:
        page.locator(f'input[name="give-items"][value="{item.pk}"]').check()
    page.locator('input[name="give-given_on"]').fill(_day(20))
    page.locator('form[action$="/given/"] button[type="submit"]').click()
    expect(page.locator("ul.given li")).to_have_count(3)
    site.check_accessibility(page, "the proceeding page")

    # A protection order is granted, then breached.
    page.goto(case_url)
    _record(page, "protection_order", "court", "Basic Court Skopje (synthetic)")
    _step(page, "decision", 10)  # recorded without its filing: accepted, with a warning
    expect(page.locator(".proceeding-warnings")).to_contain_text("no filing")
    page.locator('input[name="breach-on"]').fill(_day(5))
    page.locator('textarea[name="breach-description"], input[name="breach-description"]').first.fill(
        "Synthetic: he wrote to her again."
    )
    page.locator(f'input[name="breach-items"][value="{items[0].pk}"]').check()
    page.locator('form[action$="/breaches/"] button[type="submit"]').click()
    expect(page.locator(".breach-count")).to_have_text("1")

    # The prosecutor decides.
    page.goto(complaint_url)
    _step(page, "decision", 1)
    expect(page.locator("ol.steps li")).to_have_count(2)
    expect(page.locator("ol.steps")).to_contain_text("Decision")

    page.goto(case_url)
    panel = page.locator(".case-proceedings")
    expect(panel.locator("ul.proceedings li")).to_have_count(2)
    expect(panel).to_contain_text("1 breach of the order")
    site.check_accessibility(page, "the case page with its proceedings panel")

    complaint = Proceeding.objects.get(kind="criminal_complaint")
    assert [s.kind for s in complaint.steps.all()] == ["filed", "decision"]
    assert complaint.given.count() == 3
    given = custody_log.CustodyEntry.objects.filter(item_id__in=[i.pk for i in items], action=custody_log.Action.USED)
    assert given.count() == 3


def test_on_day_60_the_silent_prosecutor_gets_a_follow_up_letter(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    """Filed 59 days ago; the clock moves one day (as the reminder tests move it) and the reminder
    and the proceeding page offer the urgency letter, downloaded as a DOCX in Macedonian."""
    skopje = make_organisation("iskra-mk-60", ["MK"], language="mk")
    submit(country="MK")
    case = Case.objects.get(organisation=skopje.organisation)
    page = site.new_page(**DESKTOP)
    staff_sign_in(page, site, "en", skopje.staff.user.username, PASSWORD)
    page.goto(site.url(f"/en/staff/reports/{case.report_id}/"))
    _record(page, "criminal_complaint", "prosecutor", "Basic Public Prosecutor's Office Skopje (synthetic)")
    _step(page, "filed", 59)
    expect(page.locator(".followup-letters")).to_have_count(0)

    day_60 = timezone.localdate() + dt.timedelta(days=1)
    monkeypatch.setattr(clock, "today", lambda: day_60)
    reminders.run()
    page.reload()
    expect(page.locator("ul.reminders li")).to_have_count(1)
    letters = page.locator(".followup-letters")
    expect(letters).to_be_visible()
    site.check_accessibility(page, "the proceeding page with the follow-up letters")
    with page.expect_download() as download:
        letters.locator('a[href$="followup_urgency.docx"]').click()
    path = download.value.path()
    text = "\n".join(p.text for p in Document(str(path)).paragraphs)
    assert download.value.suggested_filename == "glasna-draft-mk-followup-urgency.docx"
    assert "УРГЕНЦИЈА" in text and "НАЦРТ" in text and " 60 " in text
    assert "Basic Public Prosecutor's Office Skopje (synthetic)" in text
    assert AuditEvent.objects.filter(action="proceedings.letter_downloaded").count() == 1

    # The public accountability page (empty here: the complaint is younger than the cohort) passes axe.
    page.goto(site.url("/en/observatory/institutions/"))
    expect(page.locator("h1")).to_have_text("Institutional accountability")
    site.check_accessibility(page, "the institutional accountability page")
