"""Staff sign-in's two steps: the password, without an oracle, and the TOTP code, throttled.

Whether the username exists, the account is deactivated, has no staff record, or is throttled,
the answer is the same refusal, and every attempt that is not throttled costs the same work: one
password-hash verification (against a dummy hash of the current algorithm when there is no real
one) and one Argon2id unwrap of a staff key (a dummy blob at the current cost when there is no
real one). Only then is the outcome decided. Failed attempts are counted per account and per
client address, so neither one address trying many accounts nor many addresses trying one
account get more than GLASNA_LOGIN_ATTEMPTS_PER_HOUR guesses an hour.

Throttled attempts skip the work: throttling treats unknown and known usernames alike, so a fast
refusal says nothing about the account, and it keeps a flood from costing 64 MiB of Argon2 each.
"""

import functools
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import AbstractBaseUser

from glasna.accounts import totp
from glasna.accounts.keyring import unlock_staff_private_key
from glasna.accounts.models import StaffMember
from glasna.core import ratelimit
from glasna.core.crypto import passphrase

_ACCOUNT, _ADDRESS = "login-account", "login-address"
_CODE_ACCOUNT, _CODE_ADDRESS = "login-code-account", "login-code-address"


class SignInRefused(Exception):
    """Wrong username or password, deactivated, or throttled: deliberately one failure."""


@dataclass(frozen=True)
class SignedIn:
    staff: StaffMember
    staff_private: bytes


@functools.lru_cache(maxsize=4)
def _dummy_password_hash(hashers: tuple[str, ...]) -> str:
    """A hash of a random password with the current default hasher and its parameters, so that
    verifying against it costs what verifying a real one does."""
    return make_password(secrets.token_urlsafe(32))


@functools.lru_cache(maxsize=4)
def _dummy_wrapped_key(cost: passphrase.Argon2Cost) -> bytes:
    """One decoy per Argon2id cost (the cache key), so it always costs what a new wrap would."""
    return passphrase.decoy()


def _verify_password(user: AbstractBaseUser | None, password: str) -> bool:
    if user is not None and user.has_usable_password():
        return user.check_password(password)
    check_password(password, _dummy_password_hash(tuple(settings.PASSWORD_HASHERS)))
    return False


def _unwrap_staff_key(staff: StaffMember | None, password: str) -> bytes | None:
    try:
        if staff is not None:
            return unlock_staff_private_key(staff, password)
        passphrase.unwrap(_dummy_wrapped_key(passphrase.Argon2Cost.from_settings()), password)
    except passphrase.WrongPassphrase:
        pass
    return None


def _find(username: str) -> tuple[AbstractBaseUser | None, StaffMember | None]:
    user_model = get_user_model()
    try:
        user = user_model._default_manager.get_by_natural_key(username)
    except user_model.DoesNotExist:
        return None, None
    return user, StaffMember.objects.filter(user_id=user.pk).first()


def check(username: str, password: str, address: str) -> SignedIn:
    """The staff member and their unlocked private key, or SignInRefused."""
    limit = settings.GLASNA_LOGIN_ATTEMPTS_PER_HOUR
    account = username.strip().lower()
    # Both counters move on every attempt (atomically, so parallel guesses cannot slip past);
    # a successful sign-in is taken back off below.
    account_ok = ratelimit.allow(_ACCOUNT, account, limit)
    address_ok = ratelimit.allow(_ADDRESS, address, limit)
    if not (account_ok and address_ok):
        raise SignInRefused
    user, staff = _find(username)
    password_ok = _verify_password(user, password)
    staff_private = _unwrap_staff_key(staff, password)
    if (
        user is None
        or staff is None
        or staff_private is None
        or not password_ok
        or not getattr(user, "is_active", False)
    ):
        raise SignInRefused
    ratelimit.forgive(_ACCOUNT, account)
    ratelimit.forgive(_ADDRESS, address)
    return SignedIn(staff, staff_private)


def check_code(staff: StaffMember, code: str, address: str) -> bool:
    """The second step. Someone who has the password could otherwise try all million six-digit
    codes, so codes are limited like passwords, per account and per address; a throttled attempt
    is answered as a wrong code."""
    limit = settings.GLASNA_LOGIN_ATTEMPTS_PER_HOUR
    account = staff.user.get_username().lower()
    account_ok = ratelimit.allow(_CODE_ACCOUNT, account, limit)
    address_ok = ratelimit.allow(_CODE_ADDRESS, address, limit)
    if not (account_ok and address_ok) or not totp.verify(staff, code):
        return False
    ratelimit.forgive(_CODE_ACCOUNT, account)
    ratelimit.forgive(_CODE_ADDRESS, address)
    return True
