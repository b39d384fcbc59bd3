"""Staff sign in with password + TOTP, read a report decrypted, and answer the survivor."""

import re

import pyotp
import pytest
from django.test import Client

from glasna.accounts import totp
from glasna.core.models import AuditEvent
from glasna.intake import services
from glasna.intake.models import Report
from tests.factories import PASSWORD, finish_enrolment, make_organisation, submit

pytestmark = pytest.mark.django_db


def _sign_in(client: Client, bundle, language: str = "en") -> None:  # type: ignore[no-untyped-def]
    response = client.post(f"/{language}/staff/login/", {"username": bundle.staff.user.username, "password": PASSWORD})
    assert response.status_code == 302 and response["Location"].endswith("/staff/login/set-up/")
    page = client.get(f"/{language}/staff/login/set-up/").content.decode()
    secret = re.search(r'id="totp-secret"[^>]*>([A-Z2-7]+)<', page).group(1)  # type: ignore[union-attr]
    response = finish_enrolment(client, pyotp.TOTP(secret).now(), language)
    assert response.status_code == 302 and response["Location"] == f"/{language}/staff/"


def test_caseworker_signs_in_with_totp_reads_and_replies() -> None:
    bundle = make_organisation("mk-cso", ["MK"])
    submitted = submit(narrative="The synthetic story to read.")
    client = Client()
    _sign_in(client, bundle, "mk")
    inbox = client.get("/mk/staff/")
    assert inbox.status_code == 200
    report = Report.objects.get()
    assert f"/mk/staff/reports/{report.pk}/" in inbox.content.decode()
    page = client.get(f"/mk/staff/reports/{report.pk}/")
    assert "The synthetic story to read." in page.content.decode()
    client.post(f"/mk/staff/reports/{report.pk}/", {"action": "reply", "text": "Здраво, ја прочитавме вашата пријава."})
    thread = services.survivor_view(services.open_with_receipt(submitted.receipt))["thread"]
    assert thread[0].text == "Здраво, ја прочитавме вашата пријава."
    assert AuditEvent.objects.filter(action="report.viewed", actor=bundle.staff.user.username).exists()


def test_password_alone_is_not_enough() -> None:
    bundle = make_organisation()
    client = Client()
    client.post("/en/staff/login/", {"username": bundle.staff.user.username, "password": PASSWORD})
    assert client.get("/en/staff/")["Location"] == "/en/staff/login/"


def test_wrong_password_and_wrong_code_are_refused() -> None:
    bundle = make_organisation()
    client = Client()
    response = client.post("/en/staff/login/", {"username": bundle.staff.user.username, "password": "nope"})
    assert response.status_code == 400 and "Wrong username or password" in response.content.decode()
    client.post("/en/staff/login/", {"username": bundle.staff.user.username, "password": PASSWORD})
    response = client.post("/en/staff/login/set-up/", {"code": "000000"})
    assert response.status_code == 400


def test_totp_code_cannot_be_replayed() -> None:
    bundle = make_organisation()
    secret = totp.new_secret(bundle.staff)
    code = pyotp.TOTP(secret).now()
    assert totp.verify(bundle.staff, code)
    bundle.staff.refresh_from_db()
    assert not totp.verify(bundle.staff, code)


def test_session_table_alone_cannot_open_reports() -> None:
    """Without the browser's key cookie, a stolen session (from the database) opens nothing."""
    bundle = make_organisation()
    client = Client()
    _sign_in(client, bundle)
    del client.cookies["glasna_key"]
    assert client.get("/en/staff/")["Location"] == "/en/staff/login/"


def test_other_organisations_reports_are_invisible() -> None:
    mine = make_organisation("mine", ["MK"])
    make_organisation("theirs", ["RS"])
    submit(country="RS")
    other_report = Report.objects.get()
    client = Client()
    _sign_in(client, mine)
    assert client.get(f"/en/staff/reports/{other_report.pk}/").status_code == 404
    assert str(other_report.pk) not in client.get("/en/staff/").content.decode()


def test_login_attempts_are_rate_limited(settings) -> None:  # type: ignore[no-untyped-def]
    settings.GLASNA_LOGIN_ATTEMPTS_PER_HOUR = 2
    bundle = make_organisation()
    client = Client()
    for _ in range(2):
        client.post("/en/staff/login/", {"username": bundle.staff.user.username, "password": "wrong"})
    response = client.post("/en/staff/login/", {"username": bundle.staff.user.username, "password": PASSWORD})
    # Refused like a wrong password (tests/accounts/test_sign_in.py): no page says "throttled".
    assert response.status_code == 400 and "too many attempts" in response.content.decode()
    assert "glasna_key" not in response.cookies
