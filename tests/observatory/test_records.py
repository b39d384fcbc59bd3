"""Statistical records: only with consent, coded by the caseworker, gone when the report is withdrawn."""

import pytest
from django.utils import timezone

from glasna.core.models import AuditEvent
from glasna.intake import receipts, services
from glasna.intake.models import Report
from glasna.observatory import records
from glasna.observatory.models import StatisticalRecord
from tests.factories import answers, make_organisation, signed_in_client, submit

pytestmark = pytest.mark.django_db

CODING = {
    "stage": "convicted",
    "offence": "blackmail",
    "motive": "financial",
    "sanction": "fine",
    "civil_outcome": "none",
    "perpetrator_gender": "man",
    "survivor_gender": "woman",
    "relationship": "partner",
}


def test_a_consenting_report_gets_a_coarse_record() -> None:
    make_organisation("mk", ["MK"])
    submit(consent_stats="yes", forms=["ibsa_shared", "doxing"], platforms=["telegram"], age_band="18_24")
    record = StatisticalRecord.objects.get()
    report = Report.objects.get()
    assert record.month == report.received_on.replace(day=1)
    assert (record.country, record.age_band, record.forms, record.platforms) == (
        "MK",
        "18_24",
        ["doxing", "ibsa_shared"],
        ["telegram"],
    )
    assert record.stage == "reported" and record.stage_month is None


def test_without_consent_nothing_is_recorded() -> None:
    make_organisation("mk", ["MK"])
    submit(consent_stats="no")
    assert not StatisticalRecord.objects.exists()


def test_answers_not_kept_in_clear_are_added_only_with_consent() -> None:
    make_organisation("mk", ["MK"])
    submit(consent_stats="yes")
    report = Report.objects.get()
    record = records.record_answers(report, answers(consent_stats="yes", gender="prefer_not", relationship="stranger"))
    assert record is not None and (record.survivor_gender, record.relationship) == ("unknown", "stranger")
    assert records.record_answers(report, answers(consent_stats="no")) is None


def test_withdrawing_the_report_deletes_the_record() -> None:
    make_organisation("mk", ["MK"])
    submitted = submit(consent_stats="yes")
    assert StatisticalRecord.objects.count() == 1
    services.withdraw(services.open_with_receipt(receipts.formatted(submitted.receipt)))
    assert not StatisticalRecord.objects.exists()


def test_the_caseworker_codes_the_case_in_its_panel() -> None:
    bundle = make_organisation("mk", ["MK"])
    submit(consent_stats="yes")
    report = Report.objects.get()
    client = signed_in_client(bundle.staff)
    page = client.get(f"/en/staff/reports/{report.pk}/")
    assert page.status_code == 200 and "Save statistics coding" in page.content.decode()
    response = client.post(f"/en/staff/observatory/cases/{report.case.pk}/statistics/", CODING)
    assert response.status_code == 302
    record = StatisticalRecord.objects.get()
    assert (record.stage, record.sanction, record.motive, record.offence) == (
        "convicted",
        "fine",
        "financial",
        "blackmail",
    )
    assert record.stage_month == timezone.localdate().replace(day=1)
    assert AuditEvent.objects.filter(action="statistics.coded").exists()


def test_a_bad_code_is_refused_and_nothing_changes() -> None:
    bundle = make_organisation("mk", ["MK"])
    submit(consent_stats="yes")
    report = Report.objects.get()
    client = signed_in_client(bundle.staff)
    response = client.post(f"/en/staff/observatory/cases/{report.case.pk}/statistics/", {**CODING, "stage": "hanged"})
    assert response.status_code == 302
    assert StatisticalRecord.objects.get().stage == "reported"


def test_another_organisation_cannot_code_the_case() -> None:
    make_organisation("mk", ["MK"])
    other = make_organisation("al", ["AL"])
    submit(consent_stats="yes")
    report = Report.objects.get()
    response = signed_in_client(other.staff).post(f"/en/staff/observatory/cases/{report.case.pk}/statistics/", CODING)
    assert response.status_code == 404
    assert StatisticalRecord.objects.get().stage == "reported"


def test_no_panel_form_without_consent() -> None:
    bundle = make_organisation("mk", ["MK"])
    submit(consent_stats="no")
    report = Report.objects.get()
    page = signed_in_client(bundle.staff).get(f"/en/staff/reports/{report.pk}/").content.decode()
    assert "did not agree to be counted" in page


def test_sanction_is_kept_only_with_a_conviction() -> None:
    make_organisation("mk", ["MK"])
    submit(consent_stats="yes")
    record = StatisticalRecord.objects.get()
    records.code_case(
        record, records.Coding(**{**CODING, "stage": "dismissed"}), "tester", record.report.organisation_id
    )
    assert record.sanction == "none"
    with pytest.raises(records.NotCoded):
        records.code_case(record, records.Coding(**{**CODING, "motive": "boredom"}), "tester", 1)
