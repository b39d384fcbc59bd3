"""The FIRST escrow OPRF, kept only to move old entries: RFC 9497's OPRF steps (2HashDH) on the
prime-order subgroup of edwards25519 with SHA-512, under a suite name of our own. The escrow now
uses RFC 9497's ristretto255-SHA512 (oprf_ristretto255.py, docs/decisions/0008); entries made
under this one move to it when a new entry names their identifier (networks/escrow_upgrade.py).
Its outputs must never change while such an entry is live: tests/core/test_oprf.py freezes them.
When no live entry has the suite `edwards25519-SHA512-glasna`, this module can be deleted.

How it follows the RFC and where it differs: OPRF.md beside this file, "The first OPRF"."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from nacl import bindings
from nacl.exceptions import RuntimeError as NaclRuntimeError
from nacl.utils import random as random_bytes

from glasna.core.crypto.server_keys import purpose_key

# RFC 9497 section 3.1: contextString = "OPRFV1-" || I2OSP(mode, 1) || "-" || identifier. The
# identifier is ours, not one of the RFC's suites, because the group is not ristretto255 (OPRF.md).
SUITE = b"edwards25519-SHA512-glasna"
CONTEXT = b"OPRFV1-" + b"\x00" + b"-" + SUITE
ELEMENT_BYTES = 32
SCALAR_BYTES = 32
OUTPUT_BYTES = 64
KEY_PURPOSE = "oprf/v1"


class InvalidElement(ValueError):
    """A blinded or evaluated element that is not an element of the prime-order group."""


@dataclass(frozen=True)
class Blinded:
    """What the client keeps (`blind`) and what it sends (`element`)."""

    blind: bytes
    element: bytes


def _i2osp2(data: bytes) -> bytes:
    return len(data).to_bytes(2, "big")


def _scalar_from_wide(wide: bytes) -> bytes:
    scalar: bytes = bindings.crypto_core_ed25519_scalar_reduce(wide)
    if scalar == bytes(SCALAR_BYTES):
        raise ValueError("zero scalar")  # probability 2^-252: a broken hash or RNG, never chance
    return scalar


def random_scalar() -> bytes:
    """A uniformly random non-zero scalar mod ℓ (64 random bytes reduced: bias below 2^-250)."""
    return _scalar_from_wide(random_bytes(64))


def hash_to_group(data: bytes) -> bytes:
    """HashToGroup: SHA-512 over a domain-separated input gives two 32-byte strings, each mapped by
    Elligator 2 (libsodium's from_uniform, which clears the cofactor) and added: the sum of two
    maps behaves as a random oracle into the group, as RFC 9380's hash_to_curve does."""
    dst = b"HashToGroup-" + CONTEXT
    wide = hashlib.sha512(_i2osp2(dst) + dst + _i2osp2(data) + data).digest()
    first = bindings.crypto_core_ed25519_from_uniform(wide[:32])
    second = bindings.crypto_core_ed25519_from_uniform(wide[32:])
    point: bytes = bindings.crypto_core_ed25519_add(first, second)
    return point


def derive_key(seed: bytes) -> bytes:
    """DeriveKeyPair's shape (RFC 9497 section 3.2.1): a scalar from a seed and the context."""
    dst = b"DeriveKeyPair" + CONTEXT
    return _scalar_from_wide(hashlib.sha512(_i2osp2(dst) + dst + seed).digest())


def server_key() -> bytes:
    """The instance's OPRF key, derived from the instance key; it never leaves the server."""
    return derive_key(purpose_key(KEY_PURPOSE))


def _check(element: bytes) -> bytes:
    if len(element) != ELEMENT_BYTES or not bindings.crypto_core_ed25519_is_valid_point(element):
        raise InvalidElement("not an element of the prime-order group")
    return element


def _multiply(scalar: bytes, element: bytes) -> bytes:
    try:
        product: bytes = bindings.crypto_scalarmult_ed25519_noclamp(scalar, _check(element))
    except NaclRuntimeError as exc:  # the identity: refused, as RFC 9497 refuses it
        raise InvalidElement("the product is the identity") from exc
    return product


def blind(data: bytes, blind_scalar: bytes | None = None) -> Blinded:
    """Client: blindedElement = blind * HashToGroup(input). `blind_scalar` only for test vectors."""
    scalar = blind_scalar if blind_scalar is not None else random_scalar()
    return Blinded(blind=scalar, element=_multiply(scalar, hash_to_group(data)))


def evaluate(key: bytes, blinded_element: bytes) -> bytes:
    """Server: evaluatedElement = key * blindedElement. Sees only a random-looking group element."""
    return _multiply(key, blinded_element)


def finalize(data: bytes, blind_scalar: bytes, evaluated_element: bytes) -> bytes:
    """Client: unblind and hash, RFC 9497 section 3.3.1's Finalize (64 bytes)."""
    inverse = bindings.crypto_core_ed25519_scalar_invert(blind_scalar)
    unblinded = _multiply(inverse, evaluated_element)
    return hashlib.sha512(_i2osp2(data) + data + _i2osp2(unblinded) + unblinded + b"Finalize").digest()


def full_evaluate(key: bytes, data: bytes) -> bytes:
    """The same output computed with the key directly (RFC 9497's BlindEvaluate-free path): for
    tests, and for nothing else — the service goes through blind/evaluate/finalize."""
    element = _multiply(key, hash_to_group(data))
    return hashlib.sha512(_i2osp2(data) + data + _i2osp2(element) + element + b"Finalize").digest()
