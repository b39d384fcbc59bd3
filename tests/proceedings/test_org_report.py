"""The organisation's anonymised timeline report: codes and months only, small groups left out,
consenting cases only, administrators and analysts only, behind step-up and audited."""

import datetime as dt
from typing import Any

from glasna.accounts import keyring
from glasna.accounts.models import Role
from glasna.core.audit import AuditEvent
from glasna.intake.models import Report
from glasna.proceedings import org_report
from glasna.proceedings.models import Proceeding, Step
from tests.factories import PASSWORD, fresh_step_up, signed_in_client
from tests.proceedings.conftest import Skopje


def _proceeding(skopje: Skopje, kind: str, filed: dt.date, warnings: list[str] | None = None) -> Proceeding:
    p = Proceeding.objects.create(
        case=skopje.case,
        kind=kind,
        institution_type="prosecutor",
        institution_name=b"",
        jurisdiction="MK",
        warnings=warnings or [],
    )
    Step.objects.create(proceeding=p, kind="filed", on=filed)
    return p


def test_small_groups_are_left_out_and_dates_are_months(skopje: Skopje) -> None:
    Report.objects.filter(pk=skopje.case.report_id).update(stats_consent=True)
    filed = dt.date.today() - dt.timedelta(days=40)
    for _n in range(3):
        _proceeding(skopje, "criminal_complaint", filed, ["out_of_order"])
    _proceeding(skopje, "civil_claim", filed)  # alone of its kind: left out
    report = org_report.build(skopje.bundle.organisation.pk, 3)
    assert report.some_withheld and len(report.lines) == 3
    assert {line.steps for line in report.lines} == {(("filed", filed.strftime("%Y-%m")),)}
    assert {line.warnings for line in report.lines} == {("out_of_order",)}
    Report.objects.filter(pk=skopje.case.report_id).update(stats_consent=False)
    assert org_report.build(skopje.bundle.organisation.pk, 3).lines == ()


def test_only_administrators_and_analysts_get_it_after_step_up(skopje: Skopje, settings: Any) -> None:
    settings.GLASNA_DISCLOSURE_THRESHOLD = 3
    Report.objects.filter(pk=skopje.case.report_id).update(stats_consent=True)
    for _n in range(3):
        _proceeding(skopje, "criminal_complaint", dt.date.today() - dt.timedelta(days=40), ["out_of_order"])
    org, keys = skopje.bundle.organisation, skopje.bundle.org_keys
    analyst = keyring.create_staff(org, "analyst-r", PASSWORD, Role.ANALYST, keys)
    caseworker = skopje.bundle.staff  # a caseworker
    assert fresh_step_up(signed_in_client(caseworker)).get("/en/staff/proceedings/report/").status_code == 404
    client = signed_in_client(analyst)
    assert "/staff/confirm/" in client.get("/en/staff/proceedings/report/").url
    page = fresh_step_up(client).get("/en/staff/proceedings/report/")
    assert page.status_code == 200 and "A step is dated before" in page.content.decode()
    csv = client.get("/en/staff/proceedings/report/?format=csv").content.decode()
    assert csv.count("Criminal complaint") == 3 and str(skopje.case.report_id) not in csv
    assert csv.splitlines()[0] == "row,jurisdiction,institution_type,kind,outcome,steps,warnings"  # no case column
    assert AuditEvent.objects.filter(action="proceedings.organisation_report").count() == 2
