"""A staff member changes her own password (the key opens with the new one only), sees her
sessions and ends the others; wrong current passwords are refused and throttled."""

import time

import pyotp
import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.test import Client

from glasna.accounts import keyring, session_limits, totp
from glasna.accounts.models import Role, StaffMember
from glasna.core.crypto.passphrase import WrongPassphrase
from glasna.core.models import AuditEvent
from tests.factories import PASSWORD, OrgBundle, fresh_step_up, make_organisation, signed_in_client

pytestmark = pytest.mark.django_db

ACCOUNT = "/en/staff/account/"
NEW = "seven orange kites over Ohrid"


@pytest.fixture
def home() -> OrgBundle:
    return make_organisation("home", ["MK"], role=Role.CASEWORKER)


def _second_browser(staff: StaffMember) -> Client:
    other = Client()
    other.post("/en/staff/login/", {"username": staff.user.username, "password": PASSWORD})
    code = pyotp.TOTP(totp.secret_of(staff)).at(time.time() + 30)  # the first browser used this step's code
    assert other.post("/en/staff/login/code/", {"code": code}).status_code == 302
    return other


def test_changing_the_password_keeps_the_key_and_ends_the_other_sessions(home: OrgBundle) -> None:
    first = signed_in_client(home.staff)
    second = _second_browser(home.staff)
    page = first.get(ACCOUNT).content.decode()
    assert page.count("<tr><td><code") == 2 and "this browser" in page
    response = first.post(ACCOUNT, {"current": PASSWORD, "password": NEW, "again": NEW})
    assert response.status_code == 302
    staff = StaffMember.objects.get(pk=home.staff.pk)
    assert keyring.unlock_organisation_keys(staff, keyring.unlock_staff_private_key(staff, NEW)) is not None
    with pytest.raises(WrongPassphrase):
        keyring.unlock_staff_private_key(staff, PASSWORD)
    assert first.get("/en/staff/").status_code == 200  # this browser goes on
    assert second.get("/en/staff/").status_code == 302  # the other one is signed out
    assert AuditEvent.objects.filter(action="staff.password_changed").exists()
    assert AuditEvent.objects.filter(action="staff.other_sessions_ended", target="sessions:1").exists()


def test_a_wrong_current_password_changes_nothing_and_is_throttled(home: OrgBundle, settings) -> None:  # type: ignore[no-untyped-def]
    settings.GLASNA_LOGIN_ATTEMPTS_PER_HOUR = 2
    client = signed_in_client(home.staff)
    for _ in range(2):
        response = client.post(ACCOUNT, {"current": "not it at all, no", "password": NEW, "again": NEW})
        assert response.status_code == 400 and "not your current password" in response.content.decode()
    # Throttled: even the right password is refused now.
    assert client.post(ACCOUNT, {"current": PASSWORD, "password": NEW, "again": NEW}).status_code == 400
    staff = StaffMember.objects.get(pk=home.staff.pk)
    assert keyring.unlock_staff_private_key(staff, PASSWORD)
    assert AuditEvent.objects.filter(action="staff.password_change_failed").count() == 3


def test_a_weak_new_password_is_refused_with_the_reason(home: OrgBundle) -> None:
    client = signed_in_client(home.staff)
    response = client.post(ACCOUNT, {"current": PASSWORD, "password": "Glasna2026!", "again": "Glasna2026!"})
    assert response.status_code == 400 and "built around a word" in response.content.decode()


def test_ending_the_other_sessions_needs_a_fresh_code(home: OrgBundle) -> None:
    first = signed_in_client(home.staff)
    second = _second_browser(home.staff)
    response = first.post(f"{ACCOUNT}sessions/end/")
    assert response.status_code == 302 and "/staff/confirm/" in response.url
    assert second.get("/en/staff/").status_code == 200  # nothing ended without the code
    # Both browsers have used up the codes of this minute; confirm as the code page would.
    fresh_step_up(first)
    assert first.post(f"{ACCOUNT}sessions/end/").status_code == 302
    assert second.get("/en/staff/").status_code == 302
    assert first.get("/en/staff/").status_code == 200


def test_signed_out_visitors_are_sent_to_sign_in() -> None:
    response = Client().get(ACCOUNT)
    assert response.status_code == 302 and "/staff/login/" in response.url


def _other_device(client: Client, seconds_ago: float) -> str:
    """A copy of a signed-in session, last used `seconds_ago`: another device of hers."""
    store = SessionStore()
    store.update(client.session.load())
    store[session_limits.SIGNED_IN_AT] = store[session_limits.SEEN_AT] = time.time() - seconds_ago
    store.create()
    assert store.session_key is not None
    return store.session_key


def _alive(key: str) -> bool:
    return Session.objects.filter(session_key=key).exists()


def test_signing_in_ends_the_least_recently_used_sessions_beyond_the_limit(home: OrgBundle, settings) -> None:  # type: ignore[no-untyped-def]
    settings.GLASNA_MAX_SESSIONS = 3
    first = signed_in_client(home.staff)
    oldest, older = _other_device(first, 3000), _other_device(first, 2000)
    recent = _other_device(first, 10)
    assert first.get("/en/staff/").status_code == 200  # its own use is now: the most recent
    second = _second_browser(home.staff)
    assert not _alive(oldest) and not _alive(older)
    assert _alive(recent) and first.get("/en/staff/").status_code == 200
    assert second.get("/en/staff/").status_code == 200
    assert AuditEvent.objects.filter(action="staff.sessions_ended_over_limit", target="2").count() == 1


def test_under_the_limit_nothing_ends_and_nothing_is_said(home: OrgBundle, settings) -> None:  # type: ignore[no-untyped-def]
    settings.GLASNA_MAX_SESSIONS = 3
    first = signed_in_client(home.staff)
    other = _other_device(first, 100)
    second = Client()
    second.post("/en/staff/login/", {"username": home.staff.user.username, "password": PASSWORD})
    code = pyotp.TOTP(totp.secret_of(home.staff)).at(time.time() + 30)
    page = second.post("/en/staff/login/code/", {"code": code}, follow=True).content.decode()
    assert "signed out" not in page
    assert _alive(other) and first.get("/en/staff/").status_code == 200
    assert not AuditEvent.objects.filter(action="staff.sessions_ended_over_limit").exists()


def test_the_notice_after_sign_in_says_what_ended_once(home: OrgBundle, settings) -> None:  # type: ignore[no-untyped-def]
    settings.GLASNA_MAX_SESSIONS = 1
    first = signed_in_client(home.staff)
    second = Client()
    second.post("/en/staff/login/", {"username": home.staff.user.username, "password": PASSWORD})
    code = pyotp.TOTP(totp.secret_of(home.staff)).at(time.time() + 30)
    response = second.post("/en/staff/login/code/", {"code": code}, follow=True)
    assert "1 session, the one you used least recently, was signed out" in response.content.decode()
    assert "signed out" not in second.get("/en/staff/").content.decode()  # said once
    assert first.get("/en/staff/").status_code == 302
    assert AuditEvent.objects.filter(action="staff.sessions_ended_over_limit", target="1").exists()


NEW_APP = f"{ACCOUNT}authenticator/"


def _shown_key(page: str) -> str:
    return page.split('id="totp-secret" dir="ltr">')[1].split("<")[0]


def test_a_new_authenticator_replaces_the_old_one_after_password_and_a_code(home: OrgBundle) -> None:
    first = signed_in_client(home.staff)
    second = _second_browser(home.staff)
    old_secret = totp.secret_of(home.staff)
    assert "/staff/confirm/" in first.get(NEW_APP).url  # a code from the old app first
    fresh_step_up(first)
    new_secret = _shown_key(first.get(NEW_APP).content.decode())
    assert _shown_key(first.get(NEW_APP).content.decode()) == new_secret  # a reload keeps the key she scanned
    code = pyotp.TOTP(new_secret).now()
    wrong_password = first.post(NEW_APP, {"current": "not my password at all", "code": code})
    assert wrong_password.status_code == 400 and "not your current password" in wrong_password.content.decode()
    wrong_code = first.post(NEW_APP, {"current": PASSWORD, "code": pyotp.TOTP(old_secret).now()})
    assert wrong_code.status_code == 400 and "This code is not valid" in wrong_code.content.decode()
    assert totp.secret_of(StaffMember.objects.get(pk=home.staff.pk)) == old_secret  # nothing changed yet
    response = first.post(NEW_APP, {"current": PASSWORD, "code": code}, follow=True)
    assert "the old one no longer works" in response.content.decode()
    staff = StaffMember.objects.get(pk=home.staff.pk)
    assert totp.secret_of(staff) == new_secret and staff.totp_confirmed
    assert not totp.verify(staff, code)  # the confirming code is spent
    later = time.time() + 60
    assert not totp.verify(staff, pyotp.TOTP(old_secret).at(later), now=later)  # the old app is refused
    assert totp.verify(staff, pyotp.TOTP(new_secret).at(later), now=later)
    assert second.get("/en/staff/").status_code == 302 and first.get("/en/staff/").status_code == 200
    assert AuditEvent.objects.filter(action="staff.second_factor_changed", target="sessions:1").exists()
    assert AuditEvent.objects.filter(action="staff.second_factor_change_failed").count() == 2
    assert "glasna_totp_candidate" not in first.session


def test_the_new_apps_key_is_not_kept_in_clear_in_the_session(home: OrgBundle) -> None:
    client = fresh_step_up(signed_in_client(home.staff))
    secret = _shown_key(client.get(NEW_APP).content.decode())
    stored = Session.objects.get(session_key=client.session.session_key)
    assert secret not in stored.session_data and secret not in str(stored.get_decoded())
