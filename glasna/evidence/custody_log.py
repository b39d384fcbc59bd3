"""The instance's custody log: append-only entries in an RFC 6962 tree, signed heads, proofs.

An entry is canonical JSON (sorted keys, ASCII) holding codes, ids, staff usernames and salted
commitments, never survivor content (DESIGN.md). Appends take a row lock on CustodyHead so that
indexes are consecutive on PostgreSQL and SQLite alike. Proofs are computed from the stored leaf
hashes; that is O(n) per proof, which is fine for tens of thousands of events (see docs/evidence.md)."""

import hashlib
import json
import time
from collections.abc import Iterable
from datetime import UTC
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from glasna.core import outbox
from glasna.evidence import log_key, merkle
from glasna.evidence.models import CustodyEntry, CustodyHead, TreeHead
from glasna.evidence.tree_heads import SignedTreeHead, sign_tree_head

ENTRY_VERSION = 1
_COMMIT_LABEL = b"glasna-commit-v1\n"


class Action:
    ADDED = "added"
    VIEWED = "viewed"
    EXPORTED = "exported"
    ANNOTATED = "annotated"
    SHARED_BY_REFERRAL = "shared_by_referral"
    DERIVED = "derived"  # this item was made from another (its entry names the source)
    DERIVATIVE_MADE = "derivative_made"  # a copy was made from this item
    USED = "used"  # record_use: e.g. a notice to a platform
    SUBMITTED = "submitted"  # the survivor sent a file (its entry's item is the intake attachment's id)


def canonical(value: Any) -> bytes:
    """The one byte form of a JSON value that commitments and entries are computed over."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def commitment(salt: bytes, record: dict[str, Any]) -> str:
    """A hiding, binding commitment: without the salt (kept encrypted) it says nothing about the record."""
    return hashlib.sha256(_COMMIT_LABEL + salt + canonical(record)).hexdigest()


def note_commitment(salt: bytes, text: str) -> str:
    """What an `annotated` entry commits to: the note's text (the salt is sealed with the note)."""
    return commitment(salt, {"note": text})


def submission_commitment(salt: bytes, sha256: str, size: int) -> str:
    """What a `submitted` entry commits to: the SHA-256 and size of the file as the survivor sent it."""
    return commitment(salt, {"sha256": sha256, "size": size})


def append(
    action: str,
    item_id: UUID,
    actor: str,
    case_id: int | None = None,
    ref: str = "",
    **fields: str | int | None,
) -> CustodyEntry:
    """Append one event. `fields` must be codes, ids or hashes: they are stored and exported in clear."""
    with transaction.atomic():
        head, _ = CustodyHead.objects.select_for_update().get_or_create(pk=1)
        index = head.size
        body: dict[str, Any] = {
            "v": ENTRY_VERSION,
            "index": index,
            "at": timezone.now().astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "action": action,
            "item": str(item_id),
            "case": case_id,
            "actor": actor[:150],
            **{name: value for name, value in fields.items() if value not in (None, "")},
        }
        if ref:
            body["ref"] = ref
        data = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")
        entry = CustodyEntry.objects.create(
            index=index,
            entry=data,
            leaf_hash=merkle.leaf_hash(data),
            item_id=item_id,
            case_id=case_id,
            action=action,
            ref=ref[:64],
        )
        head.size = index + 1
        head.save(update_fields=["size"])
    return entry


def size() -> int:
    head = CustodyHead.objects.filter(pk=1).first()
    return head.size if head else 0


def leaf_hashes(tree_size: int) -> list[bytes]:
    hashes = [bytes(h) for h in CustodyEntry.objects.filter(index__lt=tree_size).values_list("leaf_hash", flat=True)]
    if len(hashes) != tree_size:
        raise RuntimeError("the custody log has a gap: an entry is missing")
    return hashes


def entries_for(item_ids: Iterable[UUID], tree_size: int) -> list[CustodyEntry]:
    return list(CustodyEntry.objects.filter(item_id__in=list(item_ids), index__lt=tree_size).order_by("index"))


def to_signed(head: TreeHead) -> SignedTreeHead:
    return SignedTreeHead(head.tree_size, head.timestamp_ms, bytes(head.root_hash), bytes(head.signature))


def sign_head() -> TreeHead:
    """Sign the log as it is now (reusing the newest head when nothing was appended since), and
    ask the TSA to stamp it when one is configured."""
    with transaction.atomic():
        CustodyHead.objects.select_for_update().get_or_create(pk=1)  # no append while we read the leaves
        current = size()
        newest = TreeHead.objects.filter(tree_size=current).first()
        if newest is not None:
            return newest
        root = merkle.tree_hash(leaf_hashes(current))
        signed = sign_tree_head(log_key.signing_seed(), current, int(time.time() * 1000), root)
        head = TreeHead.objects.create(
            tree_size=signed.tree_size,
            timestamp_ms=signed.timestamp_ms,
            root_hash=signed.root_hash,
            signature=signed.signature,
            public_key=log_key.public_key(),
        )
        # In the head's own transaction: a signed head always gets its stamp and cosignatures.
        if settings.GLASNA_TSA_URL:
            outbox.enqueue("glasna.evidence.tasks.stamp_tree_head", head.pk)
        outbox.enqueue("glasna.evidence.tasks.cosign_tree_head", head.pk)
    return head


def stamp_digest(head: TreeHead) -> bytes:
    """What the TSA stamps: SHA-256 of the head's signed payload (tree_heads.tree_head_payload)."""
    return hashlib.sha256(to_signed(head).payload()).digest()


PUBLISHED_HEADS = 20


class BadSize(ValueError):
    """A consistency proof was asked from a size the log does not have a signed head of."""


def published_heads(from_size: int | None = None) -> dict[str, Any]:
    """The public document of the log's newest signed heads (/evidence/tree-heads.json), for witnesses
    and anyone keeping heads: with `from_size` (the size of a head the caller has), a consistency proof
    from it to the newest head."""
    heads = list(TreeHead.objects.order_by("-tree_size", "-id")[:PUBLISHED_HEADS])
    document: dict[str, Any] = {
        "format": "glasna-tree-heads-v1",
        "log_public_key": log_key.public_key().hex(),
        "heads": [to_signed(head).to_dict() for head in heads],
    }
    if from_size is not None and heads:
        newest = heads[0]
        if not 0 <= from_size <= newest.tree_size or not TreeHead.objects.filter(tree_size=from_size).exists():
            raise BadSize(from_size)
        document["consistency"] = {
            "from_size": from_size,
            "to_size": newest.tree_size,
            "proof": [h.hex() for h in merkle.consistency_proof(leaf_hashes(newest.tree_size), from_size)],
        }
    return document
