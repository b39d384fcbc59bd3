"""The appearance feed an installation publishes to its registered peers: the file format
(`glasna-appearances/1`, federation.py) with three more signed members that make each copy good
once, for one reader, for a few minutes (docs/networks.md, "Network transport"):

- `sequence`: never lower than the last one this installation published (a peer refuses any feed
  whose sequence is not above the last it accepted: a replay or a rollback);
- `issued_at`: when it was signed (a peer refuses one older, or newer, than peer_auth.SKEW);
- `audience`: the public key of the peer it was made for (another peer refuses it).

Pure functions over documents; peers.py fetches, publishes and records."""

from __future__ import annotations

import datetime as dt
from typing import Any

from nacl.signing import SigningKey

from glasna.networks import federation, peer_auth

PATH = "/networks/peers/feed.json"


class FeedRefused(Exception):
    """A feed not accepted; `code` names why (peers.SYNC_ERRORS translates it)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code, self.detail = code, detail


def document(
    records: list[dict[str, Any]],
    installation: str,
    sequence: int,
    issued_at: dt.datetime,
    audience: str,
    key: SigningKey,
) -> dict[str, Any]:
    body = {
        "format": federation.FORMAT,
        "installation": installation,
        "sequence": sequence,
        "issued_at": issued_at.astimezone(dt.UTC).isoformat(timespec="seconds"),
        "audience": audience,
        "records": records,
    }
    return federation.sign(body, key)


def check(
    received: Any, peer_key: str, peer_name: str, audience: str, last_sequence: int, now: dt.datetime
) -> tuple[int, list[dict[str, Any]]]:
    """The sequence and records of a feed signed by the peer (`peer_key`, `peer_name`), made for
    `audience` (our key), newer than `last_sequence` and fresh; else FeedRefused."""
    if not isinstance(received, dict):
        raise FeedRefused("malformed", "not a JSON object")
    try:
        records = federation.verify(received, peer_key)
    except federation.BadSignature as error:
        raise FeedRefused("bad_signature") from error
    except federation.FederationError as error:
        raise FeedRefused("malformed", "format") from error
    if received.get("installation") != peer_name:
        raise FeedRefused("wrong_installation", str(received.get("installation", ""))[:100])
    if received.get("audience") != audience:
        raise FeedRefused("wrong_audience")
    sequence = received.get("sequence")
    if not isinstance(sequence, int) or isinstance(sequence, bool) or sequence < 1:
        raise FeedRefused("malformed", "no sequence")
    if sequence <= last_sequence:
        raise FeedRefused("replay" if sequence == last_sequence else "rollback", f"{sequence} ≤ {last_sequence}")
    try:
        issued = dt.datetime.fromisoformat(str(received.get("issued_at")))
    except ValueError:
        raise FeedRefused("malformed", "no issued_at") from None
    if issued.tzinfo is None or abs(now - issued) > peer_auth.SKEW:
        raise FeedRefused("stale", issued.isoformat())
    return sequence, records
