"""Witnessing another log's signed tree heads: cosign a head only when it extends the last one seen.

A log can show different heads to different people (a fork) and nobody alone can tell. A witness,
another organisation's Glasna instance, keeps the newest head it has seen of each log. It cosigns a
new head after checking the log's signature and an RFC 6962 consistency proof from that last head;
it refuses, and records why, a head that is not signed by the log, that is older than what it saw,
that is inconsistent with it, or that has the size of the last head with another root (a fork).
Cosignatures are Ed25519 over `COSIG_LABEL || log public key || the head's signed payload`, with the
witness key derived from the instance key (purpose `evidence-witness-ed25519`).

An installation has several witnesses: its own (id "", for other installations' logs) and one per
organisation (id "org:SLUG", key purpose `evidence-witness-ed25519/org/SLUG`), which cosign this
installation's own log (cosigning.py). Each keeps its own view of each log. A fork also raises the
alarm (fork_alarm.py)."""

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from nacl.exceptions import CryptoError
from nacl.signing import SigningKey, VerifyKey

from glasna.core.crypto.server_keys import purpose_key
from glasna.evidence import fork_alarm, merkle
from glasna.evidence.models import WitnessedLog, WitnessRefusal
from glasna.evidence.tree_heads import MalformedTreeHead, SignedTreeHead, verify_tree_head

COSIG_LABEL = b"glasna-cosig-v1\n"
_PURPOSE = "evidence-witness-ed25519"


class Refused(Exception):
    """The witness will not cosign this head. `reason` is a code: bad_signature, malformed, older,
    fork, inconsistent."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(detail)
        self.reason = reason


@dataclass(frozen=True)
class Cosignature:
    witness_public_key: bytes
    signature: bytes

    def to_dict(self) -> dict[str, str]:
        return {"witness_public_key": self.witness_public_key.hex(), "signature": self.signature.hex()}


def organisation_witness(slug: str) -> str:
    return f"org:{slug}"


def _signing_key(witness: str) -> SigningKey:
    if witness.startswith("org:"):
        return SigningKey(purpose_key(f"{_PURPOSE}/org/{witness[4:]}"))
    if witness:
        raise ValueError(f"unknown witness {witness!r}")
    return SigningKey(purpose_key(_PURPOSE))


def witness_public_key(witness: str = "") -> bytes:
    return bytes(_signing_key(witness).verify_key)


def cosigned_bytes(log_public_key: bytes, head: SignedTreeHead) -> bytes:
    return COSIG_LABEL + log_public_key + head.payload()


def verify_cosignature(log_public_key: bytes, head: SignedTreeHead, cosignature: Cosignature) -> bool:
    try:
        VerifyKey(cosignature.witness_public_key).verify(cosigned_bytes(log_public_key, head), cosignature.signature)
    except (CryptoError, ValueError, TypeError):
        return False
    return True


def cosign(log_public_key: bytes, head_data: Any, consistency_proof: list[bytes], witness: str = "") -> Cosignature:
    """Cosign `head_data` (SignedTreeHead.to_dict form) of the log as `witness`, given a consistency
    proof from the last head this witness saw of that log (empty the first time). Raises Refused,
    having recorded the refusal (and, for a fork, raised the alarm), when the head is not one to vouch for."""
    key_hex = log_public_key.hex()
    try:
        head = SignedTreeHead.from_dict(head_data)
    except MalformedTreeHead as error:
        raise _refuse(witness, key_hex, "malformed", str(error), head_data, None) from error
    if not verify_tree_head(log_public_key, head):
        raise _refuse(
            witness, key_hex, "bad_signature", "the head is not signed by the log's key", head_data, None, head
        )
    problem: tuple[str, str] | None = None
    with transaction.atomic():
        seen = WitnessedLog.objects.select_for_update().filter(witness=witness, log_key_hex=key_hex).first()
        if seen is None:
            WitnessedLog.objects.create(
                witness=witness,
                log_public_key=log_public_key,
                log_key_hex=key_hex,
                tree_size=head.tree_size,
                timestamp_ms=head.timestamp_ms,
                root_hash=head.root_hash,
            )
        else:
            problem = _judge(seen, head, consistency_proof)
            if problem is None:
                seen.tree_size, seen.timestamp_ms, seen.root_hash = head.tree_size, head.timestamp_ms, head.root_hash
                seen.save()
    if problem is not None:  # recorded after the block, so that the refusal itself is kept
        raise _refuse(witness, key_hex, problem[0], problem[1], head_data, seen, head)
    signing = _signing_key(witness)
    return Cosignature(bytes(signing.verify_key), signing.sign(cosigned_bytes(log_public_key, head)).signature)


def _judge(seen: WitnessedLog, head: SignedTreeHead, consistency_proof: list[bytes]) -> tuple[str, str] | None:
    seen_root = bytes(seen.root_hash)
    if head.tree_size == seen.tree_size and head.root_hash != seen_root:
        return "fork", f"two heads of size {head.tree_size} with different roots: the log forked"
    if head.tree_size < seen.tree_size:
        return "older", f"size {head.tree_size} is older than the head of size {seen.tree_size} already seen"
    if not merkle.verify_consistency(seen.tree_size, head.tree_size, seen_root, head.root_hash, consistency_proof):
        return "inconsistent", f"not an extension of the head of size {seen.tree_size} already seen"
    return None


def _refuse(
    witness: str,
    key_hex: str,
    reason: str,
    detail: str,
    head_data: Any,
    seen: WitnessedLog | None,
    head: SignedTreeHead | None = None,
) -> Refused:
    """Record the refusal outside any transaction the caller may roll back, and return the exception."""
    WitnessRefusal.objects.create(
        witness=witness,
        log_key_hex=key_hex,
        reason=reason,
        tree_size=head.tree_size if head else 0,
        root_hash=head.root_hash if head else b"",
        seen_tree_size=seen.tree_size if seen else None,
        seen_root_hash=bytes(seen.root_hash) if seen else None,
        head=head_data if isinstance(head_data, dict) else {"unreadable": repr(head_data)[:200]},
    )
    if reason == "fork" and seen is not None and head is not None:
        fork_alarm.raise_alarm(key_hex, head.tree_size, bytes(seen.root_hash), head.root_hash, witness or "witness")
    return Refused(reason, detail)
