"""Keys derived from the instance key (GLASNA_INSTANCE_KEY), one per purpose.

The instance key protects what the server must read without a person present: TOTP secrets,
the wizard's in-flight state in the survivor's own browser, and the survivor's visit cookie. It
never opens a report: those need an organisation key or the survivor's receipt."""

import base64
import hashlib
import hmac
import json
import time
from typing import Any

from django.conf import settings

from glasna.core.crypto.primitives import DecryptionError, decrypt, encrypt


class Expired(Exception):
    """A time-limited token is older than allowed."""


def purpose_key(purpose: str) -> bytes:
    instance_key = base64.b64decode(str(settings.GLASNA_INSTANCE_KEY))
    return hmac.new(instance_key, b"glasna/" + purpose.encode(), hashlib.sha256).digest()


def seal_token(purpose: str, payload: dict[str, Any]) -> str:
    """An encrypted, authenticated, timestamped token safe to hand to a browser."""
    body = json.dumps({"t": int(time.time()), "p": payload}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(encrypt(purpose_key(purpose), body, purpose.encode())).decode()


def open_token(purpose: str, token: str, max_age: int) -> dict[str, Any]:
    """Raise DecryptionError for a forged or damaged token, Expired for an old one."""
    try:
        raw = base64.urlsafe_b64decode(token.encode("ascii"))
    except (ValueError, UnicodeEncodeError) as exc:
        raise DecryptionError("malformed token") from exc
    body = json.loads(decrypt(purpose_key(purpose), raw, purpose.encode()))
    if time.time() - body["t"] > max_age:
        raise Expired
    payload: dict[str, Any] = body["p"]
    return payload


def tag(purpose: str, message: bytes) -> str:
    """An HMAC-SHA256 (hex) of `message` under the purpose's key: proves the server wrote it."""
    return hmac.new(purpose_key(purpose), message, hashlib.sha256).hexdigest()


def tag_matches(purpose: str, message: bytes, expected: str) -> bool:
    return hmac.compare_digest(tag(purpose, message), expected)


SEALED_PREFIX = "sealed1:"


def seal_value(context: bytes, plaintext: bytes) -> str:
    """A column value encrypted and authenticated under the instance's sealed-field key, bound to
    `context` (the table and column): a database dump does not show it, and it cannot be moved to
    another column unnoticed. For what jobs must read without a person present."""
    sealed = encrypt(purpose_key("sealed-field"), plaintext, context)
    return SEALED_PREFIX + base64.b64encode(sealed).decode("ascii")


def open_value(context: bytes, value: str) -> bytes:
    """Raise DecryptionError for a value altered, moved or sealed under another instance key."""
    try:
        raw = base64.b64decode(value.removeprefix(SEALED_PREFIX).encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError) as exc:
        raise DecryptionError("malformed sealed value") from exc
    return decrypt(purpose_key("sealed-field"), raw, context)


def keyed_pseudonym(purpose: str, value: str) -> str:
    """HMAC-SHA256 of `value` under the instance key's `purpose` key, as hex: equal values give
    equal pseudonyms on this instance; without the instance key the value cannot be tested for."""
    return hmac.new(purpose_key(purpose), value.encode("utf-8"), hashlib.sha256).hexdigest()
