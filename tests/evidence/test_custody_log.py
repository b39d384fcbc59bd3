"""The custody log in the database: consecutive indexes, entries without survivor data, and proofs
from it (and from the bundle verifier's own independent code) against a naive RFC recomputation."""

import hashlib
import json
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nacl.signing import SigningKey

from glasna.evidence import custody_log, log_key, merkle, verify_bundle
from glasna.evidence.models import CustodyEntry, CustodyHead, TreeHead
from glasna.evidence.tree_heads import verify_tree_head

pytestmark = pytest.mark.django_db


def _naive_root(leaves: list[bytes]) -> bytes:
    """RFC 6962 §2.1 as written: recursion on the largest power of two below n."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return hashlib.sha256(b"\x00" + leaves[0]).digest()
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return hashlib.sha256(b"\x01" + _naive_root(leaves[:k]) + _naive_root(leaves[k:])).digest()


def _reset() -> None:
    CustodyEntry.objects.all().delete()
    CustodyHead.objects.all().delete()
    TreeHead.objects.all().delete()


def test_entries_are_consecutive_and_canonical() -> None:
    item = uuid.uuid4()
    first = custody_log.append("added", item, "caseworker-a", 7, commitment="ab" * 32)
    second = custody_log.append("viewed", item, "caseworker-b", 7)
    assert (first.index, second.index) == (0, 1)
    body = json.loads(bytes(first.entry))
    assert body["action"] == "added" and body["item"] == str(item) and body["case"] == 7
    assert bytes(first.entry) == json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    assert bytes(first.leaf_hash) == merkle.leaf_hash(bytes(first.entry))


def test_signed_head_uses_the_instance_key_and_is_reused_until_the_log_grows() -> None:
    custody_log.append("added", uuid.uuid4(), "a")
    head = custody_log.sign_head()
    assert verify_tree_head(log_key.public_key(), custody_log.to_signed(head))
    assert custody_log.sign_head().pk == head.pk
    custody_log.append("viewed", uuid.uuid4(), "a")
    assert custody_log.sign_head().tree_size == 2
    assert bytes(SigningKey(log_key.signing_seed()).verify_key) == log_key.public_key()


def test_commitment_hides_and_binds() -> None:
    record = {"url": "https://t.me/invented"}
    a = custody_log.commitment(b"\x01" * 16, record)
    assert a == custody_log.commitment(b"\x01" * 16, dict(record))
    assert a != custody_log.commitment(b"\x02" * 16, record)
    assert a != custody_log.commitment(b"\x01" * 16, {"url": "https://t.me/invented2"})
    assert verify_bundle.commitment((b"\x01" * 16).hex(), record) == a


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(1, 40), st.data())
def test_proofs_from_the_database_match_a_naive_recomputation(count: int, data: st.DataObject) -> None:
    _reset()
    ids = [uuid.uuid4() for _ in range(count)]
    for i, item in enumerate(ids):
        custody_log.append("added", item, f"staff-{i}")
    head = custody_log.sign_head()
    entries = [bytes(e.entry) for e in CustodyEntry.objects.order_by("index")]
    root = _naive_root(entries)
    assert bytes(head.root_hash) == root and head.tree_size == count
    leaves = custody_log.leaf_hashes(count)
    index = data.draw(st.integers(0, count - 1))
    proof = merkle.inclusion_proof(leaves, index)
    # The bundle verifier's own RFC 9162 code, independent of merkle.py, agrees with the naive root.
    assert verify_bundle.verify_inclusion(index, count, verify_bundle.leaf_hash(entries[index]), proof, root)
    assert not verify_bundle.verify_inclusion(index, count, verify_bundle.leaf_hash(entries[index] + b" "), proof, root)
    old = data.draw(st.integers(0, count))
    old_root = _naive_root(entries[:old])
    consistency = merkle.consistency_proof(leaves, old)
    assert verify_bundle.verify_consistency(old, count, old_root, root, consistency)
    if 0 < old < count:
        assert not verify_bundle.verify_consistency(
            old, count, _naive_root(entries[: old - 1] + [b"x"]), root, consistency
        )


def test_a_missing_entry_is_noticed() -> None:
    for _ in range(3):
        custody_log.append("added", uuid.uuid4(), "a")
    CustodyEntry.objects.filter(index=1).delete()
    with pytest.raises(RuntimeError, match="gap"):
        custody_log.leaf_hashes(3)
