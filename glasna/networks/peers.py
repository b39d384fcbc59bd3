"""Network transport of appearance records between installations (docs/networks.md, "Network
transport"): the operator registers a peer (its name, base URL and public key, the key's
fingerprint confirmed out of band); this installation pulls each peer's signed feed over HTTPS
through core.outbound (pinned, vetted addresses; no redirects) and serves its own feed to peers
whose signed requests verify. Every sync is audited and leaves its state on the peer's row; a
failed sync changes nothing already received."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import http.client
import json
import ssl
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from glasna.core import audit, outbound
from glasna.evidence.verify_bundle import fingerprint
from glasna.networks import federation, feed, peer_auth
from glasna.networks.models import Appearance, FeedSequence, Peer, PeerNonce

# Why a sync failed, as the operator console shows it; the code is what the peer's row keeps.
SYNC_ERRORS = {
    "unreachable": _("The peer could not be reached."),
    "refused_address": _("The peer's address is one this server may not reach (GLASNA_OUTBOUND_ALLOW)."),
    "http_status": _("The peer answered with an error."),
    "too_large": _("The peer's feed is larger than this installation accepts."),
    "malformed": _("The peer's feed is not in a format this installation reads."),
    "bad_signature": _("The signature of the peer's feed does not verify with its registered key."),
    "wrong_installation": _("The feed names another installation than the registered peer."),
    "wrong_audience": _("The feed was made for another installation."),
    "replay": _("The peer sent a feed already received (a replay)."),
    "rollback": _("The peer sent an older feed than one already received (a rollback)."),
    "stale": _("The feed's date is too far from this server's clock."),
}


class PeerError(Exception):
    """A registration refused; `message` is translated."""

    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class SyncResult:
    peer: Peer
    ok: bool
    records: int = 0
    code: str = ""
    detail: str = ""


def own_fingerprint() -> str:
    return fingerprint(base64.b64decode(federation.public_key()))


def key_fingerprint(public_key: str) -> str:
    """The fingerprint of a base64 Ed25519 public key (PeerError when it is not one)."""
    try:
        raw = base64.b64decode(public_key.strip(), validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        raise PeerError(_("The public key must be 32 bytes in base64, as the peer's operator console shows it."))
    return fingerprint(raw)


def register(name: str, base_url: str, public_key: str, confirmed_fingerprint: str, actor: str) -> Peer:
    """A peer, once its key's fingerprint matches the one its operator read out to ours."""
    public_key = public_key.strip()
    if _compact(key_fingerprint(public_key)) != _compact(confirmed_fingerprint):
        raise PeerError(_("The fingerprint does not match the key: confirm it again with the peer's operator."))
    parts = urlsplit(base_url.strip())
    if parts.scheme != "https" or not parts.hostname or parts.query or parts.fragment:
        raise PeerError(_("The peer's address must be an https:// address without a query."))
    name = name.strip()
    if name == federation.installation_name() or public_key == federation.public_key():
        raise PeerError(_("This is this installation itself."))
    if Peer.objects.filter(name=name).exists() or Peer.objects.filter(public_key=public_key).exists():
        raise PeerError(_("A peer with this name or this key is already registered."))
    peer = Peer.objects.create(
        name=name, base_url=base_url.strip().rstrip("/"), public_key=public_key, registered_by=actor
    )
    audit.record("networks.peer_registered", actor=actor, target=f"peer:{name} key:{key_fingerprint(public_key)}")
    return peer


def _compact(text: str) -> str:
    return "".join(text.split()).lower()


def remove(peer: Peer, actor: str) -> None:
    """The peer may no longer read our feed, and what it sent counts no more (a peer removed for
    being untrusted must not keep inflating counts; registered again, its next sync restores them)."""
    with transaction.atomic():
        removed, _by_model = Appearance.objects.filter(installation=peer.name).delete()
        peer.delete()
    audit.record("networks.peer_removed", actor=actor, target=f"peer:{peer.name} records:{removed}")


# --- Serving our feed ---------------------------------------------------------------------------


def authenticate(method: str, path: str, headers: Any, now: dt.datetime | None = None) -> Peer:
    """The registered peer that signed this request (peer_auth.RequestRefused otherwise)."""
    now = now or timezone.now()
    PeerNonce.objects.filter(seen_at__lt=now - 2 * peer_auth.SKEW).delete()
    return peer_auth.verify_request(
        method, path, headers, federation.public_key(), now, _peer_by_key, lambda p, n: _remember(p, n, now)
    )


def _peer_by_key(key: str) -> Peer | None:
    return Peer.objects.filter(public_key=key).first()


def _remember(peer: Peer, nonce: str, now: dt.datetime) -> bool:
    try:
        with transaction.atomic():
            PeerNonce.objects.create(peer=peer, nonce=nonce, seen_at=now)
    except IntegrityError:
        return False
    return True


def next_sequence() -> int:
    """Above every sequence published before; the clock in milliseconds when that is higher, so a
    database restored from a backup does not lock peers out until the counter catches up."""
    with transaction.atomic():
        row, _created = FeedSequence.objects.select_for_update().get_or_create(pk=1)
        row.value = max(row.value + 1, int(timezone.now().timestamp() * 1000))
        row.save(update_fields=["value"])
        return int(row.value)


def publish(peer: Peer) -> dict[str, Any]:
    """This installation's feed, made for `peer`; audited."""
    records = federation.records()
    document = feed.document(
        records,
        federation.installation_name(),
        next_sequence(),
        timezone.now(),
        peer.public_key,
        federation.signing_key(),
    )
    audit.record("networks.feed_served", actor=f"peer:{peer.name}", target=f"records:{len(records)}")
    return document


# --- Pulling a peer's feed ----------------------------------------------------------------------


def _tls() -> ssl.SSLContext | None:
    ca_file = getattr(settings, "GLASNA_FEDERATION_CA_FILE", "")
    return ssl.create_default_context(cafile=ca_file) if ca_file else None


def _fetch(peer: Peer) -> bytes:
    path = urlsplit(peer.base_url).path.rstrip("/") + feed.PATH
    headers = peer_auth.signed_headers(federation.signing_key(), "GET", path, peer.public_key, timezone.now())
    limit = int(settings.GLASNA_FEDERATION_MAX_BYTES)
    try:
        response = outbound.request(
            peer.base_url + feed.PATH,
            headers={**headers, "Accept": "application/json"},
            timeout=float(settings.GLASNA_FEDERATION_TIMEOUT),
            read_limit=limit + 1,
            context=_tls(),
        )
    except outbound.Refused as error:
        raise feed.FeedRefused("refused_address", str(error)[:200]) from error
    except (OSError, http.client.HTTPException) as error:
        raise feed.FeedRefused("unreachable", str(error)[:200]) from error
    if response.status != 200:
        raise feed.FeedRefused("http_status", f"HTTP {response.status} {response.body[:200].decode(errors='replace')}")
    if len(response.body) > limit:
        raise feed.FeedRefused("too_large", f"> {limit} bytes")
    return response.body


def sync(peer: Peer) -> SyncResult:
    """Pull, verify and store one peer's feed; record the outcome on the peer and in the audit log.
    On any failure the records it sent before stay as they were."""
    now = timezone.now()
    try:
        body = _fetch(peer)
        try:
            received = json.loads(body)
        except (ValueError, UnicodeDecodeError) as error:
            raise feed.FeedRefused("malformed", "not JSON") from error
        except RecursionError as error:  # a peer's "[[[[...": refused, not a crashed job
            raise feed.FeedRefused("malformed", "nested too deeply") from error
        sequence, records = feed.check(
            received, peer.public_key, peer.name, federation.public_key(), peer.last_sequence, now
        )
        try:
            stored = federation.store(peer.name, records)
        except federation.FederationError as error:
            raise feed.FeedRefused("malformed", "records") from error
    except feed.FeedRefused as refused:
        Peer.objects.filter(pk=peer.pk).update(
            last_attempt_at=now, last_error=f"{refused.code}|{refused.detail}"[:500], last_error_at=now
        )
        audit.record("networks.peer_sync_failed", actor="federation", target=f"peer:{peer.name} {refused.code}")
        peer.refresh_from_db()
        return SyncResult(peer, False, code=refused.code, detail=refused.detail)
    Peer.objects.filter(pk=peer.pk).update(
        last_attempt_at=now, last_success_at=now, last_sequence=sequence, last_records=stored, last_error=""
    )
    audit.record("networks.peer_synced", actor="federation", target=f"peer:{peer.name} records:{stored} seq:{sequence}")
    peer.refresh_from_db()
    return SyncResult(peer, True, records=stored)


def sync_all(due_only: bool = False) -> list[SyncResult]:
    """Every registered peer (with `due_only`, those not tried for GLASNA_FEDERATION_SYNC_MINUTES)."""
    peers = Peer.objects.order_by("name")
    if due_only:
        since = timezone.now() - dt.timedelta(minutes=int(settings.GLASNA_FEDERATION_SYNC_MINUTES))
        peers = peers.filter(last_attempt_at__isnull=True) | peers.filter(last_attempt_at__lt=since)
    return [sync(peer) for peer in peers]


def error_message(peer: Peer) -> tuple[str, str]:
    """The peer's last error as the console shows it: translated reason, technical detail."""
    if not peer.last_error:
        return "", ""
    code, _sep, detail = peer.last_error.partition("|")
    return str(SYNC_ERRORS.get(code, code)), detail
