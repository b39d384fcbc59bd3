"""Signed tree heads: the canonical payload, Ed25519 signatures, and the dict/JSON form."""

import dataclasses
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from nacl.signing import SigningKey, VerifyKey

from glasna.evidence.merkle import leaf_hash, tree_hash
from glasna.evidence.tree_heads import (
    MalformedTreeHead,
    SignedTreeHead,
    sign_tree_head,
    tree_head_payload,
    verify_tree_head,
)

SEED = bytes(range(32))
PUBLIC = bytes(SigningKey(SEED).verify_key)
ROOT = tree_hash([leaf_hash(b"first"), leaf_hash(b"second")])
uint64 = st.integers(0, 2**64 - 1)


def _sth() -> SignedTreeHead:
    return sign_tree_head(SEED, 2, 1_767_225_600_000, ROOT)


def test_payload_layout() -> None:
    """Byte for byte, so that a verifier in another language has something to check against."""
    payload = tree_head_payload(0x0102030405060708, 0x1112131415161718, b"\xab" * 32)
    assert payload == (
        b"glasna-sth-v1\n" + bytes.fromhex("0102030405060708") + bytes.fromhex("1112131415161718") + b"\xab" * 32
    )
    assert len(payload) == 14 + 8 + 8 + 32


def test_signature_is_plain_ed25519_over_the_payload() -> None:
    sth = _sth()
    payload = b"glasna-sth-v1\n" + (2).to_bytes(8, "big") + (1_767_225_600_000).to_bytes(8, "big") + ROOT
    VerifyKey(PUBLIC).verify(payload, sth.signature)  # raises if not


@given(uint64, uint64, st.binary(min_size=32, max_size=32))
def test_round_trip_through_json(size: int, timestamp_ms: int, root: bytes) -> None:
    sth = sign_tree_head(SEED, size, timestamp_ms, root)
    parsed = SignedTreeHead.from_dict(json.loads(json.dumps(sth.to_dict())))
    assert parsed == sth
    assert verify_tree_head(PUBLIC, parsed)


def test_dict_form() -> None:
    sth = _sth()
    assert sth.to_dict() == {
        "tree_size": 2,
        "timestamp_ms": 1_767_225_600_000,
        "root_hash": ROOT.hex(),
        "signature": sth.signature.hex(),
    }


@pytest.mark.parametrize(
    "change",
    [
        {"tree_size": 3},
        {"tree_size": 1},
        {"timestamp_ms": 1_767_225_600_001},
        {"root_hash": bytes(32)},
        {"root_hash": bytes([ROOT[0] ^ 1]) + ROOT[1:]},
        {"signature": bytes(64)},
    ],
)
def test_altered_head_fails(change: dict[str, object]) -> None:
    assert not verify_tree_head(PUBLIC, dataclasses.replace(_sth(), **change))  # type: ignore[arg-type]


def test_every_signature_bit_matters() -> None:
    sth = _sth()
    for bit in range(64 * 8):
        signature = bytearray(sth.signature)
        signature[bit // 8] ^= 1 << (bit % 8)
        assert not verify_tree_head(PUBLIC, dataclasses.replace(sth, signature=bytes(signature)))


def test_other_key_fails() -> None:
    other = bytes(SigningKey(bytes(32)).verify_key)
    assert not verify_tree_head(other, _sth())


@pytest.mark.parametrize("key", [b"", PUBLIC[:31], PUBLIC + b"\x00", PUBLIC.hex(), None, bytearray(PUBLIC), bytes(32)])
def test_malformed_public_key_fails_without_raising(key: object) -> None:
    assert not verify_tree_head(key, _sth())  # type: ignore[arg-type]


def test_non_head_fails_without_raising() -> None:
    assert not verify_tree_head(PUBLIC, _sth().to_dict())  # type: ignore[arg-type]


GOOD = {"tree_size": 2, "timestamp_ms": 5, "root_hash": "ab" * 32, "signature": "cd" * 64}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (None, "mapping"),
        ([], "mapping"),
        ("tree head", "mapping"),
        ({}, "missing"),
        ({k: v for k, v in GOOD.items() if k != "signature"}, "missing \\['signature'\\]"),
        ({**GOOD, "version": 1}, "unknown \\['version'\\]"),
        ({**GOOD, "tree_size": "2"}, "tree_size"),
        ({**GOOD, "tree_size": -1}, "tree_size"),
        ({**GOOD, "tree_size": 2**64}, "tree_size"),
        ({**GOOD, "tree_size": True}, "tree_size"),
        ({**GOOD, "timestamp_ms": 5.0}, "timestamp_ms"),
        ({**GOOD, "root_hash": "ab" * 31}, "root_hash"),
        ({**GOOD, "root_hash": "AB" * 32}, "root_hash"),
        ({**GOOD, "root_hash": "zz" * 32}, "root_hash"),
        ({**GOOD, "root_hash": " " + "ab" * 32}, "root_hash"),
        ({**GOOD, "root_hash": b"\xab" * 32}, "root_hash"),
        ({**GOOD, "signature": "cd" * 63}, "signature"),
        ({**GOOD, "signature": None}, "signature"),
    ],
)
def test_from_dict_rejects_garbage(data: object, message: str) -> None:
    with pytest.raises(MalformedTreeHead, match=message):
        SignedTreeHead.from_dict(data)


def test_from_dict_accepts_the_good_shape() -> None:
    sth = SignedTreeHead.from_dict(GOOD)
    assert (sth.tree_size, sth.timestamp_ms, sth.root_hash) == (2, 5, b"\xab" * 32)
    assert not verify_tree_head(PUBLIC, sth)  # well-formed, but nobody signed it


def test_malformed_head_is_a_value_error() -> None:
    """Callers that already handle ValueError from parsing need no new except clause."""
    assert issubclass(MalformedTreeHead, ValueError)


@pytest.mark.parametrize(
    ("key", "size", "timestamp_ms", "root"),
    [
        (SEED[:31], 1, 1, ROOT),
        (SEED.hex(), 1, 1, ROOT),
        (SEED, -1, 1, ROOT),
        (SEED, 2**64, 1, ROOT),
        (SEED, 1, -1, ROOT),
        (SEED, 1, 1, ROOT[:31]),
        (SEED, 1, 1, ROOT.hex()),
    ],
)
def test_signing_rejects_bad_arguments(key: object, size: object, timestamp_ms: object, root: object) -> None:
    with pytest.raises(ValueError):
        sign_tree_head(key, size, timestamp_ms, root)  # type: ignore[arg-type]
