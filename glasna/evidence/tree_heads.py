"""Signed tree heads: the custody log's Ed25519 signature over its size, time and root hash.

The signed bytes are a fixed, canonical layout (see `tree_head_payload`) so that a verifier in any
language can rebuild them without a serialisation library. Keys arrive as raw bytes; where they are
kept is not this module's concern."""

import re
import struct
from collections.abc import Mapping
from dataclasses import dataclass

from nacl.exceptions import CryptoError
from nacl.signing import SigningKey, VerifyKey

from glasna.evidence.merkle import HASH_BYTES

PAYLOAD_PREFIX = b"glasna-sth-v1\n"
KEY_BYTES = 32
SIGNATURE_BYTES = 64
_UINT64_MAX = 2**64 - 1
_FIELDS = ("tree_size", "timestamp_ms", "root_hash", "signature")


class MalformedTreeHead(ValueError):
    """A tree head lacks a field, has an unknown one, or holds a value of the wrong type or length."""


@dataclass(frozen=True)
class SignedTreeHead:
    tree_size: int
    timestamp_ms: int  # milliseconds since the Unix epoch, UTC
    root_hash: bytes
    signature: bytes

    def __post_init__(self) -> None:
        # Checked here so that every instance, parsed or built in code, can be signed and encoded.
        for name in ("tree_size", "timestamp_ms"):
            if not _is_uint64(getattr(self, name)):
                raise MalformedTreeHead(f"{name} must be an integer in 0..2**64-1")
        if not (isinstance(self.root_hash, bytes) and len(self.root_hash) == HASH_BYTES):
            raise MalformedTreeHead(f"root_hash must be {HASH_BYTES} bytes")
        if not (isinstance(self.signature, bytes) and len(self.signature) == SIGNATURE_BYTES):
            raise MalformedTreeHead(f"signature must be {SIGNATURE_BYTES} bytes")

    def payload(self) -> bytes:
        return tree_head_payload(self.tree_size, self.timestamp_ms, self.root_hash)

    def to_dict(self) -> dict[str, int | str]:
        return {
            "tree_size": self.tree_size,
            "timestamp_ms": self.timestamp_ms,
            "root_hash": self.root_hash.hex(),
            "signature": self.signature.hex(),
        }

    @classmethod
    def from_dict(cls, data: object) -> "SignedTreeHead":
        """Parse `to_dict`'s output (e.g. from JSON); anything else raises MalformedTreeHead."""
        if not isinstance(data, Mapping):
            raise MalformedTreeHead("a tree head must be a mapping")
        missing = [name for name in _FIELDS if name not in data]
        unknown = sorted(str(name) for name in data if name not in _FIELDS)
        if missing or unknown:
            raise MalformedTreeHead(f"tree head fields: missing {missing}, unknown {unknown}")
        return cls(
            tree_size=data["tree_size"],
            timestamp_ms=data["timestamp_ms"],
            root_hash=_from_hex(data["root_hash"], "root_hash", HASH_BYTES),
            signature=_from_hex(data["signature"], "signature", SIGNATURE_BYTES),
        )


def tree_head_payload(tree_size: int, timestamp_ms: int, root_hash: bytes) -> bytes:
    """The signed bytes: PAYLOAD_PREFIX, then size and time as 8-byte big-endian, then the 32-byte root."""
    if not (_is_uint64(tree_size) and _is_uint64(timestamp_ms)):
        raise ValueError("tree_size and timestamp_ms must be integers in 0..2**64-1")
    if not (isinstance(root_hash, bytes) and len(root_hash) == HASH_BYTES):
        raise ValueError(f"root_hash must be {HASH_BYTES} bytes")
    return PAYLOAD_PREFIX + struct.pack(">QQ", tree_size, timestamp_ms) + root_hash


def sign_tree_head(signing_key_bytes: bytes, tree_size: int, timestamp_ms: int, root_hash: bytes) -> SignedTreeHead:
    """Sign a tree head with the log's Ed25519 key (the 32-byte seed)."""
    if not (isinstance(signing_key_bytes, bytes) and len(signing_key_bytes) == KEY_BYTES):
        raise ValueError(f"an Ed25519 signing key is {KEY_BYTES} bytes")
    payload = tree_head_payload(tree_size, timestamp_ms, root_hash)
    signature = SigningKey(signing_key_bytes).sign(payload).signature
    return SignedTreeHead(tree_size, timestamp_ms, root_hash, signature)


def verify_tree_head(public_key_bytes: bytes, sth: SignedTreeHead) -> bool:
    """Whether the log's key signed this head. Malformed keys or heads answer False rather than raising."""
    if not (isinstance(public_key_bytes, bytes) and len(public_key_bytes) == KEY_BYTES):
        return False
    if not isinstance(sth, SignedTreeHead):
        return False
    try:
        VerifyKey(public_key_bytes).verify(sth.payload(), sth.signature)
    except CryptoError:  # BadSignatureError, and libsodium's refusal of a key that is no curve point
        return False
    return True


def _is_uint64(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= _UINT64_MAX


def _from_hex(value: object, name: str, length: int) -> bytes:
    # Lower-case only, as to_dict writes it: bytes.fromhex would also take spaces and capitals,
    # and two spellings of one head invite "which one was signed?" questions.
    if not (isinstance(value, str) and re.fullmatch(f"[0-9a-f]{{{2 * length}}}", value)):
        raise MalformedTreeHead(f"{name} must be {2 * length} lower-case hex digits")
    return bytes.fromhex(value)
