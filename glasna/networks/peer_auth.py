"""Signed requests between installations (docs/networks.md, "Network transport").

A peer asking for this installation's feed signs, with its instance key, the method, the path, the
date, a fresh nonce and the public key of the installation it is asking (so a request made to one
installation cannot be replayed at another). The receiver checks the key is a registered peer's,
the date within SKEW of its own clock, the signature, and only then that the nonce is new (an
unsigned request cannot use up a peer's nonces). Pure functions: the peer lookup and the nonce
store are passed in, so the test's stand-in installation runs the same checks without a database."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import email.utils
import re
import secrets
from collections.abc import Callable, Mapping

from nacl.exceptions import BadSignatureError
from nacl.signing import SigningKey, VerifyKey

LABEL = b"glasna/peer-request/1\n"
SKEW = dt.timedelta(minutes=5)
KEY_HEADER = "X-Glasna-Key"
NONCE_HEADER = "X-Glasna-Nonce"
SIGNATURE_HEADER = "X-Glasna-Signature"
_NONCE = re.compile(r"[0-9a-f]{32,64}")


class RequestRefused(Exception):
    """Why a signed request was refused; `code` is stable (the feed's error answers carry it)."""

    def __init__(self, code: str, status: int = 401) -> None:
        super().__init__(code)
        self.code, self.status = code, status


def signature_input(method: str, path: str, date: str, nonce: str, audience: str) -> bytes:
    return LABEL + "\n".join([method.upper(), path, date, nonce, audience]).encode()


def signed_headers(key: SigningKey, method: str, path: str, audience: str, now: dt.datetime) -> dict[str, str]:
    """The headers of a request to the installation whose public key (base64) is `audience`."""
    date = email.utils.format_datetime(now.astimezone(dt.UTC), usegmt=True)
    nonce = secrets.token_hex(16)
    signature = key.sign(signature_input(method, path, date, nonce, audience)).signature
    return {
        "Date": date,
        KEY_HEADER: base64.b64encode(bytes(key.verify_key)).decode(),
        NONCE_HEADER: nonce,
        SIGNATURE_HEADER: base64.b64encode(signature).decode(),
    }


def verify_request[Peer](
    method: str,
    path: str,
    headers: Mapping[str, str],
    audience: str,
    now: dt.datetime,
    lookup: Callable[[str], Peer | None],
    remember_nonce: Callable[[Peer, str], bool],
) -> Peer:
    """The registered peer that signed this request, or RequestRefused. `lookup` finds a peer by
    its public key (base64); `remember_nonce` stores a nonce and says False when it was seen."""
    key, nonce, signature = (headers.get(h, "") for h in (KEY_HEADER, NONCE_HEADER, SIGNATURE_HEADER))
    date = headers.get("Date", "")
    if not (key and nonce and signature and date):
        raise RequestRefused("unsigned")
    try:
        sent = email.utils.parsedate_to_datetime(date)
    except (TypeError, ValueError):
        raise RequestRefused("bad_date") from None
    if sent.tzinfo is None:  # "-0000": a time in no known zone
        raise RequestRefused("bad_date")
    if abs(now - sent) > SKEW:
        raise RequestRefused("clock_skew")
    peer = lookup(key)
    if peer is None:
        raise RequestRefused("unknown_key", status=403)
    if not _NONCE.fullmatch(nonce):
        raise RequestRefused("bad_nonce")
    try:
        VerifyKey(base64.b64decode(key, validate=True)).verify(
            signature_input(method, path, date, nonce, audience), base64.b64decode(signature, validate=True)
        )
    except (BadSignatureError, binascii.Error, ValueError):
        raise RequestRefused("bad_signature") from None
    if not remember_nonce(peer, nonce):
        raise RequestRefused("replay")
    return peer
