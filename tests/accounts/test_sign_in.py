"""Staff sign-in without an oracle: unknown, wrong, deactivated and throttled look the same and
(except throttled, which spends nothing) cost the same work. Timing itself is measured in
bench/bench_sign_in.py, not asserted here."""

import re
import time
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pyotp
import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.contrib.auth.models import User
from django.test import Client

from glasna.accounts import sign_in, totp
from glasna.core.crypto import passphrase
from tests.factories import PASSWORD, make_organisation

pytestmark = pytest.mark.django_db

WORK: Counter[str] = Counter()


class CountingHasher(MD5PasswordHasher):
    """The test suite's cheap hasher, counting verifications (same algorithm name, so the
    factories' hashes are verified by it)."""

    def verify(self, password: str, encoded: str) -> bool:
        WORK["password hash verified"] += 1
        return super().verify(password, encoded)


@pytest.fixture
def counted(settings: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    settings.PASSWORD_HASHERS = ["tests.accounts.test_sign_in.CountingHasher"]
    real: Callable[..., bytes] = passphrase.derive_key

    def derive_key(*args: Any) -> bytes:
        WORK["argon2id key derived"] += 1
        return real(*args)

    monkeypatch.setattr(passphrase, "derive_key", derive_key)
    WORK.clear()
    yield WORK
    WORK.clear()


def _post(username: str, password: str, address: str = "203.0.113.1") -> Any:
    return Client(REMOTE_ADDR=address).post("/en/staff/login/", {"username": username, "password": password})


def _page(response: Any, username: str) -> str:
    """The page with what legitimately differs taken out: the per-response CSRF token and the
    username typed back into the field."""
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken"', html)
    return html.replace(f'value="{username}"', 'value="USERNAME"')


def _deactivated() -> str:
    bundle = make_organisation("left-org")
    User.objects.filter(pk=bundle.staff.user_id).update(is_active=False)
    return bundle.staff.user.username


def test_every_refusal_is_the_same_page(settings: Any) -> None:
    settings.GLASNA_LOGIN_ATTEMPTS_PER_HOUR = 3
    known = make_organisation().staff.user.username
    gone = _deactivated()
    User.objects.create_user("not-staff", password=PASSWORD)
    throttled = make_organisation("busy-org").staff.user.username
    for _ in range(3):
        _post(throttled, "guess", address=f"198.51.100.{_}")
    attempts = {
        "unknown user": ("nobody-here", PASSWORD),
        "wrong password": (known, "wrong password"),
        "deactivated, right password": (gone, PASSWORD),
        "no staff record, right password": ("not-staff", PASSWORD),
        "throttled, right password": (throttled, PASSWORD),
    }
    pages = {}
    for name, (username, password) in attempts.items():
        response = _post(username, password)
        assert response.status_code == 400, name
        assert not {"glasna_key", "glasna_session"} & set(response.cookies), name
        pages[name] = _page(response, username)
    assert "Wrong username or password, or too many attempts" in pages["unknown user"]
    assert len(set(pages.values())) == 1, {name: len(page) for name, page in pages.items()}


def test_unknown_and_known_usernames_cost_the_same_work(counted: Counter[str]) -> None:
    bundle = make_organisation()
    gone = _deactivated()
    User.objects.create_user("no-usable-password")  # no password at all: still the full work
    work = {}
    for name, username, password in [
        ("unknown", "nobody-here", PASSWORD),
        ("known, wrong password", bundle.staff.user.username, "wrong password"),
        ("known, right password", bundle.staff.user.username, PASSWORD),
        ("deactivated", gone, PASSWORD),
        ("unusable password", "no-usable-password", PASSWORD),
    ]:
        counted.clear()
        _post(username, password, address=f"198.51.100.{len(work)}")
        work[name] = dict(counted)
    assert work["unknown"] == {"password hash verified": 1, "argon2id key derived": 1}
    assert all(spent == work["unknown"] for spent in work.values()), work


def test_the_decoy_key_costs_what_a_real_one_does(counted: Counter[str]) -> None:
    blob = passphrase.decoy()
    with pytest.raises(passphrase.WrongPassphrase):
        passphrase.unwrap(blob, PASSWORD)
    assert len(blob) == len(passphrase.wrap(bytes(32), PASSWORD))
    assert blob[:10] == passphrase.wrap(bytes(32), PASSWORD)[:10]  # version and the same cost
    assert counted["argon2id key derived"] == 3


def test_one_account_is_throttled_across_addresses(settings: Any) -> None:
    settings.GLASNA_LOGIN_ATTEMPTS_PER_HOUR = 3
    bundle = make_organisation()
    username = bundle.staff.user.username
    for n in range(3):
        assert _post(username, "guess", address=f"198.51.100.{n}").status_code == 400
    # The right password from a fresh address: still refused, in the same words.
    assert _post(username, PASSWORD, address="192.0.2.44").status_code == 400
    with pytest.raises(sign_in.SignInRefused):
        sign_in.check(username, PASSWORD, "192.0.2.45")


def test_one_address_is_throttled_across_accounts(settings: Any) -> None:
    settings.GLASNA_LOGIN_ATTEMPTS_PER_HOUR = 3
    bundle = make_organisation()
    for n in range(3):
        _post(f"guess-{n}", "guess", address="198.51.100.7")
    assert _post(bundle.staff.user.username, PASSWORD, address="198.51.100.7").status_code == 400
    assert _post(bundle.staff.user.username, PASSWORD, address="198.51.100.8").status_code == 302


def test_signing_in_uses_up_no_allowance(settings: Any) -> None:
    settings.GLASNA_LOGIN_ATTEMPTS_PER_HOUR = 2
    bundle = make_organisation()
    for _ in range(4):
        found = sign_in.check(bundle.staff.user.username, PASSWORD, "198.51.100.9")
        assert found.staff == bundle.staff and found.staff_private


def test_codes_are_throttled_like_passwords(settings: Any) -> None:
    """With the password in hand, the million six-digit codes must not be open to trial."""
    settings.GLASNA_LOGIN_ATTEMPTS_PER_HOUR = 3
    bundle = make_organisation()
    secret = totp.new_secret(bundle.staff)
    right = pyotp.TOTP(secret).now()
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    client = Client(REMOTE_ADDR="198.51.100.20")
    assert _post(bundle.staff.user.username, PASSWORD, address="198.51.100.20").status_code == 302
    assert (
        client.post("/en/staff/login/", {"username": bundle.staff.user.username, "password": PASSWORD}).status_code
        == 302
    )
    for _ in range(3):
        assert client.post("/en/staff/login/set-up/", {"code": wrong}).status_code == 400
    # The right code is now answered as a wrong one, from this address and from any other.
    refused = client.post("/en/staff/login/set-up/", {"code": right})
    assert refused.status_code == 400 and "This code is not valid" in refused.content.decode()
    assert not sign_in.check_code(bundle.staff, right, "192.0.2.99")
    bundle.staff.refresh_from_db()
    assert not bundle.staff.totp_confirmed


def test_a_right_code_uses_up_no_allowance(settings: Any) -> None:
    settings.GLASNA_LOGIN_ATTEMPTS_PER_HOUR = 1
    bundle = make_organisation()
    secret = totp.new_secret(bundle.staff)
    now = time.time()
    # Two sign-ins with this step's code and the next one (both within the accepted drift):
    # the second is only let through because the first was taken back off the count.
    for drift in (0, 1):
        bundle.staff.refresh_from_db()
        assert sign_in.check_code(bundle.staff, pyotp.TOTP(secret).at(now + drift * 30), "198.51.100.21"), drift
