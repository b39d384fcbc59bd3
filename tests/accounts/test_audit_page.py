"""The audit log page: organisation administrators only, own organisation only, filters, CSV
export (itself audited) and the state of the hash chain."""

import csv
import io
from datetime import UTC, datetime
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone

from glasna.accounts import keyring
from glasna.accounts.models import Role
from glasna.core import audit, tasks
from glasna.core.models import AuditEvent
from tests.factories import PASSWORD, OrgBundle, fresh_step_up, make_organisation, signed_in_client

pytestmark = pytest.mark.django_db

URL = "/en/staff/audit/"


@pytest.fixture
def home() -> OrgBundle:
    home = make_organisation("home", ["MK"], role=Role.ORG_ADMIN)
    away = make_organisation("away", ["RS"])
    with mock.patch.object(timezone, "now", return_value=datetime(2026, 3, 1, 9, tzinfo=UTC)):
        audit.record("report.viewed", actor="ana", target="report:11", organisation_id=home.organisation.pk)
    with mock.patch.object(timezone, "now", return_value=datetime(2026, 3, 5, 9, tzinfo=UTC)):
        audit.record("case.assigned", actor="bojan", target="case:12", organisation_id=home.organisation.pk)
    audit.record("report.viewed", actor="intruder-elsewhere", target="report:99", organisation_id=away.organisation.pk)
    return home


def _rows(page: str) -> list[str]:
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in page else ""
    return body.split("<tr>")[1:]


def test_admin_sees_only_own_organisations_events(home: OrgBundle) -> None:
    client = signed_in_client(home.staff)
    response = client.get(URL)
    page = response.content.decode()
    assert response.status_code == 200
    # Setting up the organisation recorded its key and first staff member, and her enrolment her
    # one-time codes; leave those aside.
    aside = ("keys.organisation_created", "staff.created", "staff.second_factor_codes")
    rows = [row for row in _rows(page) if not any(action in row for action in aside)]
    assert len(rows) == 3  # the two events above and this administrator's sign-in
    assert "ana" in rows[-1] and "report:11" in rows[-1] and "bojan" in rows[-2] and "case:12" in rows[-2]
    assert "staff.login" in rows[0] and "127.0.0.1" in rows[0]
    assert "intruder-elsewhere" not in page and "report:99" not in page
    assert f'href="{URL}"' in page  # the nav link, shown to administrators
    assert "Intact" in page


def test_filters(home: OrgBundle) -> None:
    client = signed_in_client(home.staff)
    by_actor = client.get(URL, {"actor": "ana"}).content.decode()
    assert len(_rows(by_actor)) == 1 and "report:11" in by_actor and "case:12" not in by_actor
    by_action = client.get(URL, {"action": "case.assigned"}).content.decode()
    assert len(_rows(by_action)) == 1 and "case:12" in by_action
    by_dates = client.get(URL, {"since": "2026-03-01", "until": "2026-03-02"}).content.decode()
    assert len(_rows(by_dates)) == 1 and "report:11" in by_dates
    # Only actors seen in this organisation can be chosen; the other organisation's are refused.
    assert client.get(URL, {"actor": "intruder-elsewhere"}).status_code == 400
    assert client.get(URL, {"since": "2026-03-05", "until": "2026-03-01"}).status_code == 400


def test_pages_of_fifty(home: OrgBundle) -> None:
    for index in range(60):
        audit.record("report.viewed", actor="ana", target=f"report:{index}", organisation_id=home.organisation.pk)
    client = signed_in_client(home.staff)
    first = client.get(URL, {"actor": "ana"}).content.decode()
    assert len(_rows(first)) == 50 and "Page 1 of 2" in first and "actor=ana&amp;page=2" in first
    assert len(_rows(client.get(URL, {"actor": "ana", "page": "2"}).content.decode())) == 11


def test_csv_export_is_filtered_and_audited(home: OrgBundle) -> None:
    client = signed_in_client(home.staff)
    asked = client.get(URL, {"format": "csv", "action": "report.viewed"})
    assert asked.status_code == 302 and "/staff/confirm/" in asked.url  # a fresh code first
    assert not AuditEvent.objects.filter(action="audit.exported").exists()
    response = fresh_step_up(client).get(URL, {"format": "csv", "action": "report.viewed"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == ["time", "actor", "action", "target", "source", "entry_hash"]
    assert [(row[1], row[2], row[3]) for row in rows[1:]] == [("ana", "report.viewed", "report:11")]
    exported = AuditEvent.objects.get(action="audit.exported")
    assert exported.actor == home.staff.user.username
    assert exported.organisation_id == home.organisation.pk
    assert "action=report.viewed" in exported.target and exported.source == "127.0.0.1"


def test_csv_neutralises_formula_cells(home: OrgBundle) -> None:
    audit.record("report.viewed", actor="=HYPERLINK(1)", organisation_id=home.organisation.pk)
    content = b"".join(
        fresh_step_up(signed_in_client(home.staff)).get(URL, {"format": "csv"}).streaming_content
    ).decode()
    assert "'=HYPERLINK(1)" in content


@pytest.mark.parametrize("role", [Role.INTAKE_OFFICER, Role.CASEWORKER, Role.LAWYER, Role.ANALYST, Role.PLATFORM_ADMIN])
def test_other_roles_get_not_found(home: OrgBundle, role: Role) -> None:
    staff = keyring.create_staff(home.organisation, f"someone-{role}", PASSWORD, role, home.org_keys)
    client = signed_in_client(staff)
    assert client.get(URL).status_code == 404
    assert client.get(URL, {"format": "csv"}).status_code == 404
    assert not AuditEvent.objects.filter(action="audit.exported").exists()
    assert f'href="{URL}"' not in client.get("/en/staff/directory/").content.decode()  # no nav link


def test_signed_out_is_sent_to_sign_in() -> None:
    assert Client().get(URL)["Location"] == "/en/staff/login/"


def test_tampered_chain_is_shown(home: OrgBundle) -> None:
    client = signed_in_client(home.staff)
    edited = AuditEvent.objects.get(actor="bojan")
    AuditEvent.objects.filter(pk=edited.pk).update(target="case:1")
    page = client.get(URL).content.decode()
    assert f"entry {edited.pk}: content does not match its hash (edited)" in page
    assert "hash chain is broken" in page and "Intact" not in page


def test_an_old_edit_found_by_the_nightly_check_is_shown(home: OrgBundle) -> None:
    client = signed_in_client(home.staff)
    first = client.get(URL).content.decode()
    assert "Intact" in first and "the server also checks the whole log every night" in first
    old = AuditEvent.objects.get(actor="ana")
    AuditEvent.objects.filter(pk=old.pk).update(target="report:1")
    assert "Intact" in client.get(URL).content.decode()  # behind the checkpoint
    tasks.verify_audit_chain.call_local()
    page = client.get(URL).content.decode()
    assert f"entry {old.pk}: content does not match its hash (edited)" in page
    assert "hash chain is broken" in page and "the whole log was last checked on" in page
