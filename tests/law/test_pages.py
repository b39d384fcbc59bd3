"""The law pages through HTTP: the public rights page (no JavaScript, nothing stored), the survivor's
section in Macedonian, the lawyer's page and audited draft downloads, the coverage matrix and CSV."""

import calendar
import csv
import datetime as dt
import io
import re

import pytest
from django.utils import formats, translation
from django.utils.html import escape

from glasna.accounts.models import OrganisationType
from glasna.core.models import AuditEvent
from glasna.intake.models import Report
from glasna.law import knowledge
from tests.factories import make_organisation, signed_in_client, submit

pytestmark = pytest.mark.django_db

SKOPJE_THREAT = {
    "forms": ["ibsa_threatened", "ibsa_recorded"],
    "country": "MK",
    "perpetrator_country": "MK",
    "age_band": "25_34",
    "relationship": "partner",
    "platforms": ["instagram"],
    "happened_on": "2026-10-01",
    "learnt_on": "2026-10-03",
}


def _legal_aid_org() -> None:
    make_organisation(
        "mk-legal-aid", ["MK"], org_type=OrganisationType.LEGAL_AID, services=["legal"], phone="+389 2 000 000"
    )


def test_public_rights_page_works_as_a_plain_form_and_stores_nothing(client) -> None:  # type: ignore[no-untyped-def]
    _legal_aid_org()
    page = client.get("/mk/rights/").content.decode()
    assert "<script" not in page.replace('<script src="/static/core/quick-exit.js" defer></script>', "")
    assert 'method="post"' in page and 'name="forms"' in page
    reports_before, audit_before = Report.objects.count(), AuditEvent.objects.count()
    response = client.post("/mk/rights/", SKOPJE_THREAT)
    assert response.status_code == 200
    page = response.content.decode()
    assert "152" in page and "Test organisation mk-legal-aid" in page
    assert (Report.objects.count(), AuditEvent.objects.count()) == (reports_before, audit_before)


def test_public_rights_page_explains_bad_input_with_400(client) -> None:  # type: ignore[no-untyped-def]
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    response = client.post("/en/rights/", {**SKOPJE_THREAT, "happened_on": future, "forms": ["nonsense"]})
    page = response.content.decode()
    assert response.status_code == 400
    assert "This date is in the future" in page and "Please choose one of the answers shown." in page
    assert client.post("/en/rights/", {**SKOPJE_THREAT, "learnt_on": "31/02/2026"}).status_code == 400


def test_albanian_civil_deadline_is_a_date_on_the_public_page(client) -> None:  # type: ignore[no-untyped-def]
    data = {**SKOPJE_THREAT, "forms": ["ibsa_shared"], "country": "AL", "perpetrator_country": "AL"}
    data.update({"happened_on": "2026-03-15", "learnt_on": "2026-04-01"})
    page = client.post("/en/rights/", data).content.decode()
    with translation.override("en"):
        shown = formats.date_format(dt.date(2027, 3, 15), "DATE_FORMAT")
    assert f"Claim by {shown} at the latest." in page


def test_survivor_sees_her_rights_in_macedonian_on_her_report_page(client) -> None:  # type: ignore[no-untyped-def]
    _legal_aid_org()
    make_organisation("mk-cso", ["MK"])
    submitted = submit(forms=["ibsa_threatened", "ibsa_recorded"], country="MK", when="month")
    client.post("/mk/return/", {"receipt": submitted.receipt})
    page = client.get("/mk/my-report/").content.decode()
    assert 'id="law-portal-title"' in page and 'id="law-mk"' in page
    assert "152" in page and "Test organisation mk-legal-aid" in page
    with translation.override("mk"):
        from django.utils.translation import gettext

        assert gettext("Free legal aid near you") in page
        # the private lawsuit's date: three months from the earliest day of "in the last month"
        assert "Ова е вообичаениот рок" in page
    earliest = dt.date.today() - dt.timedelta(days=31)
    month = earliest.month + 2
    due_day = dt.date(earliest.year + month // 12, month % 12 + 1, 1)
    with translation.override("mk"):
        shown = formats.date_format(
            due_day.replace(day=min(earliest.day, calendar.monthrange(due_day.year, due_day.month)[1])), "DATE_FORMAT"
        )
    assert f"Поднесете најдоцна до {shown}." in page


def test_lawyer_page_cites_sources_and_drafts_download_audited(client) -> None:  # type: ignore[no-untyped-def]
    bundle = make_organisation("mk-cso", ["MK"])
    submit(
        forms=["ibsa_threatened", "ibsa_recorded"], country="MK", narrative="Synthetic: he wrote to me on 3 October."
    )
    report = Report.objects.get()
    staff = signed_in_client(bundle.staff)
    case_page = staff.get(f"/en/staff/reports/{report.pk}/").content.decode()
    assert f"/en/staff/law/reports/{report.pk}/" in case_page and "/en/rights/coverage/" in case_page
    page = staff.get(f"/en/staff/law/reports/{report.pk}/").content.decode()
    assert "Criminal Code of North Macedonia, Art. 152" in page and "seed:003_8a045da9d2fb1327.txt" in page
    assert "Deadline not stated in our sources." in page
    url = f"/en/staff/law/reports/{report.pk}/drafts/MK/criminal_complaint.docx"
    assert url in page
    response = staff.get(url)
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    event = AuditEvent.objects.filter(action="law.draft_downloaded").get()
    assert event.target == f"report:{report.pk}:MK:criminal_complaint.docx"
    assert staff.get(url.replace("MK", "RS")).status_code == 404
    assert staff.get(url.replace("criminal_complaint", "nonsense")).status_code == 404
    assert client.get(url).status_code == 302  # not signed in: to the login page


def test_coverage_matrix_page_and_csv(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/en/rights/coverage/").content.decode()
    assert "<caption" in page and 'scope="col"' in page and 'scope="row"' in page
    for label in ("Albania", "North Macedonia", "Montenegro", "Serbia", "Kosovo", "Republika Srpska"):
        assert label in page
    response = client.get("/en/rights/coverage.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [r["jurisdiction"] for r in rows] == ["AL", "ME", "MK", "RS"]
    assert response.content.decode() == knowledge.coverage_csv()


def test_another_organisations_staff_cannot_open_the_guidance_or_a_draft() -> None:
    make_organisation("mk-cso", ["MK"])
    other = make_organisation("al-cso", ["AL"])
    submit(country="MK")
    report = Report.objects.get()
    staff = signed_in_client(other.staff)
    assert staff.get(f"/en/staff/law/reports/{report.pk}/").status_code == 404
    assert staff.get(f"/en/staff/law/reports/{report.pk}/drafts/MK/criminal_complaint.pdf").status_code == 404
    assert not AuditEvent.objects.filter(action="law.draft_downloaded").exists()


def test_a_pdf_draft_downloads_with_the_case_facts(client) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    bundle = make_organisation("mk-cso", ["MK"])
    submit(forms=["ibsa_shared"], country="MK", perpetrator="invented_ex_zq")
    report = Report.objects.get()
    staff = signed_in_client(bundle.staff)
    response = staff.get(f"/en/staff/law/reports/{report.pk}/drafts/MK/private_lawsuit.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "invented_ex_zq" in text and "ПРИВАТНА КРИВИЧНА ТУЖБА" in text and "152" in text


def test_matrix_page_carries_the_studys_rows_and_column_headings(client) -> None:  # type: ignore[no-untyped-def]
    from glasna.law.schema import COVERAGE_COLUMNS

    page = client.get("/mk/rights/coverage/").content.decode()
    assert '<html lang="mk"' in page
    for column in COVERAGE_COLUMNS:
        assert f'<th scope="col" lang="en">{column.study_label}</th>' in page
    assert page.count('<td class="not-stated">') == 40  # 4 rows × 10 cells, all empty in the study's text


def test_lawyer_page_reads_the_answers_only_and_leaves_messages_unread() -> None:
    from glasna.intake.models import Message

    bundle = make_organisation("mk-cso", ["MK"])
    submit(forms=["ibsa_threatened"], country="MK")
    report = Report.objects.get()
    Message.objects.create(report=report, author=Message.SURVIVOR, body=b"x", read_by_organisation=False)
    staff = signed_in_client(bundle.staff)
    assert staff.get(f"/en/staff/law/reports/{report.pk}/").status_code == 200
    assert Message.objects.filter(read_by_organisation=False).count() == 1
    assert AuditEvent.objects.filter(
        action="report.answers_read", target=f"report:{report.pk}:legal_navigator"
    ).exists()


BELGRADE = {
    "forms": ["ibsa_shared", "sexual_harassment"],
    "country": "RS",
    "perpetrator_country": "RS",
    "age_band": "25_34",
    "relationship": "partner",
    "platforms": [],
    "happened_on": "2026-10-01",
    "learnt_on": "2026-10-03",
}


def test_public_page_says_whose_knowledge_each_date_rests_on_and_what_may_change(client) -> None:  # type: ignore[no-untyped-def]
    from django.utils.translation import gettext

    from glasna.law import labels

    page = client.post("/sr-latn/rights/", BELGRADE).content.decode()
    with translation.override("sr-latn"):
        # Art. 145's private lawsuit: the three-month rule from a secondary source; Art. 182a's motion:
        # general knowledge, and its mode is not from the study, so the route says "not confirmed"
        assert str(labels.DEADLINE_BASIS["secondary_source"]) in page
        assert str(labels.DEADLINE_BASIS["general_knowledge"]) in page
        assert gettext("Not confirmed — ask a lawyer.") in page
        heading = gettext("This may change: ask a lawyer")
        assert heading != "This may change: ask a lawyer" and heading in page
        assert str(labels.PENDING_KINDS["announced"]) in page
        assert str(labels.PENDING_KINDS["transposition_deadline"]) in page  # the EU layer's Directive
    rs = knowledge.cached().jurisdictions["RS"]
    assert f'<span lang="en">{escape(rs.pending_changes[0].summary["en"])}</span>' in page


def test_survivor_page_never_shows_a_general_knowledge_date_without_saying_so(client) -> None:  # type: ignore[no-untyped-def]
    from glasna.law import labels

    page = client.post("/mk/rights/", SKOPJE_THREAT).content.decode()
    with translation.override("mk"):
        assert str(labels.DEADLINE_BASIS["general_knowledge"]) in page
        assert page.count('class="deadline"') >= 1
    data = {**SKOPJE_THREAT, "forms": ["ibsa_shared"], "country": "AL", "perpetrator_country": "AL"}
    page = client.post("/en/rights/", data).content.decode()
    assert "This date rests on a legal study we checked." in page  # Albania's civil claim, from the study


def test_lawyer_page_gives_each_dates_basis_and_the_pending_changes_with_their_sources() -> None:
    bundle = make_organisation("rs-cso", ["RS"])
    submit(forms=["ibsa_shared", "sexual_harassment"], country="RS", when="month")
    report = Report.objects.get()
    page = signed_in_client(bundle.staff).get(f"/en/staff/law/reports/{report.pk}/").content.decode()
    assert "This date rests on a secondary source" in page and "Art. 64" in page
    assert "This may change: ask a lawyer" in page
    assert "https://www.dalmacijadanas.hr/srbija-do-jeseni-uvodi-kazneno-djelo-osvetnicke-pornografije/" in page
    assert "Directive (EU) 2024/1385 of the European Parliament and of the Council of 14 May 2024, Art. 36" in page
    assert "general_knowledge)" not in page  # the basis is in words, not the data's code


def test_zagreb_survivor_sees_article_144a_on_her_motion_in_croatian(client) -> None:  # type: ignore[no-untyped-def]
    from glasna.law import labels

    happened = dt.date.today() - dt.timedelta(days=20)
    data = {**SKOPJE_THREAT, "forms": ["ibsa_shared"], "country": "HR", "perpetrator_country": "HR", "platforms": []}
    data.update({"happened_on": happened.isoformat(), "learnt_on": happened.isoformat()})
    response = client.post("/hr/rights/", data)
    assert response.status_code == 200
    page = response.content.decode()
    with translation.override("hr"):
        expected = [
            str(labels.JURISDICTIONS["HR"]),
            str(labels.PROSECUTION["on_motion"]),
            str(labels.ROLES["eu_law"]),
            str(labels.DEADLINE_BASIS["general_knowledge"]),
        ]
    assert "144.a" in page
    for text in expected:
        assert escape(text) in page, text
    assert not re.search(r"\d{4}\.\.", page)  # "1. veljače 2027." ends the sentence with one full stop


@pytest.mark.parametrize("language", ["sr", "sr-latn", "hr", "bs", "cnr", "mk", "sq", "en"])
def test_no_deadline_sentence_ends_in_two_full_stops(client, language: str) -> None:  # type: ignore[no-untyped-def]
    happened = dt.date.today() - dt.timedelta(days=20)
    for country in ("RS", "AL", "HR"):  # a general-rule date, a civil claim's date, a motion's date
        data = {**SKOPJE_THREAT, "forms": ["ibsa_shared"], "country": country, "perpetrator_country": country}
        data.update({"happened_on": happened.isoformat(), "learnt_on": happened.isoformat()})
        page = client.post(f"/{language}/rights/", data).content.decode()
        assert 'class="deadline"' in page, (language, country)
        assert not re.search(r"\d{4}\.\.", page), (language, country)


def test_ljubljana_survivor_gets_article_143_unconfirmed_in_english(client) -> None:  # type: ignore[no-untyped-def]
    data = {**SKOPJE_THREAT, "forms": ["ibsa_shared"], "country": "SI", "perpetrator_country": "SI", "platforms": []}
    page = client.post("/en/rights/", data).content.decode()
    assert "Slovenia" in page and "Article 143" in page
    assert "Our sources do not say how this is prosecuted. Not confirmed — ask a lawyer." in page
    assert "EU law, in force in EU member states" in page


def test_lawyer_page_marks_entries_whose_review_is_overdue(settings) -> None:  # type: ignore[no-untyped-def]
    bundle = make_organisation("mk-cso", ["MK"])
    submit(forms=["ibsa_threatened", "ibsa_recorded"], country="MK", narrative="Synthetic.")
    report = Report.objects.get()
    staff = signed_in_client(bundle.staff)
    overdue = "review overdue: check the law in force before relying on it"
    settings.GLASNA_LAW_REVIEW_DAYS = 100_000
    assert overdue not in staff.get(f"/en/staff/law/reports/{report.pk}/").content.decode()
    settings.GLASNA_LAW_REVIEW_DAYS = 0  # every entry reviewed before today is overdue: the data is still shown
    page = staff.get(f"/en/staff/law/reports/{report.pk}/").content.decode()
    assert overdue in page
    assert "Criminal Code of North Macedonia, Art. 152" in page
