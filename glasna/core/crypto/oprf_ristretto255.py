"""RFC 9497's OPRF (mode 0x00) and VOPRF (mode 0x01), suite ristretto255-SHA512, on libsodium's
ristretto255 (ristretto255.py). Proven against the RFC's Appendix A vectors
(tests/core/test_oprf_ristretto255.py); design note: OPRF.md beside this file.

The client blinds its input (`blind`), the server evaluates the blinded element under its key
(`blind_evaluate`, or `blind_evaluate_verifiable` with a proof that it used the key whose public
half the client knows) without learning the input, and the client unblinds and hashes
(`finalize`, or `verify_finalize`). Names and steps follow the RFC's sections 3.2-3.3 and 2.2."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from glasna.core.crypto import ristretto255 as group
from glasna.core.crypto.server_keys import purpose_key

MODE_OPRF = 0x00
MODE_VOPRF = 0x01
SUITE = b"ristretto255-SHA512"
OUTPUT_BYTES = 64  # Nh: SHA-512
PROOF_BYTES = 2 * group.SCALAR_BYTES
_SHA512_BLOCK = 128  # s_in_bytes of RFC 9380's expand_message_xmd


class InvalidInput(ValueError):
    """An input that hashes to the identity (RFC 9497's InvalidInputError; probability 2^-252)."""


class VerifyError(ValueError):
    """A VOPRF proof that does not verify: the server did not use the key it published."""


class DeriveKeyPairError(ValueError):
    """No non-zero key after 256 tries (RFC 9497 section 3.2.1; never happens by chance)."""


# Raised for a blinded or evaluated element that is not a non-identity ristretto255 element.
InvalidElement = group.InvalidElement


@dataclass(frozen=True)
class Blinded:
    """What the client keeps (`blind`) and what it sends (`element`)."""

    blind: bytes
    element: bytes


@dataclass(frozen=True)
class Evaluation:
    """What a VOPRF server returns: the evaluated elements and one proof for all of them."""

    elements: tuple[bytes, ...]
    proof: bytes


def _i2osp(value: int, length: int) -> bytes:
    return value.to_bytes(length, "big")


def _prefixed(data: bytes) -> bytes:
    return _i2osp(len(data), 2) + data


def context_string(mode: int) -> bytes:
    """RFC 9497 section 3.1: "OPRFV1-" || I2OSP(mode, 1) || "-" || identifier."""
    return b"OPRFV1-" + _i2osp(mode, 1) + b"-" + SUITE


def expand_message_xmd(msg: bytes, dst: bytes, length: int) -> bytes:
    """RFC 9380 section 5.3.1 with SHA-512."""
    blocks = -(-length // OUTPUT_BYTES)
    if blocks > 255 or length > 65535 or len(dst) > 255:
        raise ValueError("expand_message_xmd: length or DST too long")
    dst_prime = dst + _i2osp(len(dst), 1)
    b_0 = hashlib.sha512(bytes(_SHA512_BLOCK) + msg + _i2osp(length, 2) + b"\x00" + dst_prime).digest()
    b_i = hashlib.sha512(b_0 + b"\x01" + dst_prime).digest()
    uniform = b_i
    for i in range(2, blocks + 1):
        b_i = hashlib.sha512(bytes(x ^ y for x, y in zip(b_0, b_i, strict=True)) + _i2osp(i, 1) + dst_prime).digest()
        uniform += b_i
    return uniform[:length]


def hash_to_group(data: bytes, mode: int = MODE_OPRF) -> bytes:
    """RFC 9497 section 4.1: hash_to_ristretto255 (RFC 9380) with DST "HashToGroup-" || contextString."""
    dst = b"HashToGroup-" + context_string(mode)
    return group.from_hash(expand_message_xmd(data, dst, group.HASH_BYTES))


def hash_to_scalar(data: bytes, dst: bytes) -> bytes:
    """RFC 9497 section 4.1: 64 bytes of expand_message_xmd, little-endian, reduced mod ℓ."""
    return group.scalar_reduce(expand_message_xmd(data, dst, group.NONREDUCED_SCALAR_BYTES))


def derive_key_pair(seed: bytes, info: bytes, mode: int = MODE_OPRF) -> tuple[bytes, bytes]:
    """RFC 9497 section 3.2.1's DeriveKeyPair: (skS, pkS) from a 32-byte seed and public info."""
    derive_input = seed + _prefixed(info)
    dst = b"DeriveKeyPair" + context_string(mode)
    for counter in range(256):
        secret = hash_to_scalar(derive_input + _i2osp(counter, 1), dst)
        if secret != bytes(group.SCALAR_BYTES):
            return secret, group.scalar_mult_base(secret)
    raise DeriveKeyPairError("no non-zero key")


def blind(data: bytes, mode: int = MODE_OPRF, blind_scalar: bytes | None = None) -> Blinded:
    """Client: blindedElement = blind * HashToGroup(input). `blind_scalar` only for test vectors."""
    element = hash_to_group(data, mode)
    if element == group.IDENTITY:
        raise InvalidInput("the input hashes to the identity")
    scalar = blind_scalar if blind_scalar is not None else group.scalar_random()
    return Blinded(blind=scalar, element=group.scalar_mult(scalar, element))


def blind_evaluate(secret: bytes, blinded_element: bytes) -> bytes:
    """Server, OPRF mode: evaluatedElement = skS * blindedElement; the identity and anything that
    is not a canonical ristretto255 encoding is refused (InvalidElement)."""
    return group.scalar_mult(secret, group.deserialize_element(blinded_element))


def finalize(data: bytes, blind_scalar: bytes, evaluated_element: bytes) -> bytes:
    """Client: unblind and hash (RFC 9497 section 3.3.1's Finalize), 64 bytes."""
    element = group.scalar_mult(group.scalar_invert(blind_scalar), group.deserialize_element(evaluated_element))
    return _finalize_hash(data, element)


def _finalize_hash(data: bytes, element: bytes) -> bytes:
    return hashlib.sha512(_prefixed(data) + _prefixed(element) + b"Finalize").digest()


def evaluate(secret: bytes, data: bytes, mode: int = MODE_OPRF) -> bytes:
    """Server: the same output computed with the key and the input (RFC 9497's Evaluate)."""
    element = hash_to_group(data, mode)
    if element == group.IDENTITY:
        raise InvalidInput("the input hashes to the identity")
    return _finalize_hash(data, group.scalar_mult(secret, element))


# VOPRF (section 3.3.2): a Chaum-Pedersen proof, batched over composites (section 2.2).


def _composite_scalars(public: bytes, blinded: list[bytes], evaluated: list[bytes]) -> list[bytes]:
    seed_dst = b"Seed-" + context_string(MODE_VOPRF)
    seed = hashlib.sha512(_prefixed(public) + _prefixed(seed_dst)).digest()
    dst = b"HashToScalar-" + context_string(MODE_VOPRF)
    return [
        hash_to_scalar(_prefixed(seed) + _i2osp(i, 2) + _prefixed(c) + _prefixed(d) + b"Composite", dst)
        for i, (c, d) in enumerate(zip(blinded, evaluated, strict=True))
    ]


def _sum(elements: list[bytes]) -> bytes:
    total = group.IDENTITY
    for element in elements:
        total = group.add(total, element)
    return total


def _challenge(public: bytes, m: bytes, z: bytes, t2: bytes, t3: bytes) -> bytes:
    transcript = b"".join(_prefixed(e) for e in (public, m, z, t2, t3)) + b"Challenge"
    return hash_to_scalar(transcript, b"HashToScalar-" + context_string(MODE_VOPRF))


def blind_evaluate_verifiable(
    secret: bytes, public: bytes, blinded_elements: list[bytes], proof_scalar: bytes | None = None
) -> Evaluation:
    """Server, VOPRF mode: evaluate each blinded element and prove, for all at once, that it used
    the key of `public` (GenerateProof with ComputeCompositesFast). `proof_scalar` for vectors only."""
    blinded = [group.deserialize_element(e) for e in blinded_elements]
    evaluated = [group.scalar_mult(secret, e) for e in blinded]
    weights = _composite_scalars(public, blinded, evaluated)
    m = _sum([group.scalar_mult(d, c) for d, c in zip(weights, blinded, strict=True)])
    z = group.scalar_mult(secret, m)
    r = proof_scalar if proof_scalar is not None else group.scalar_random()
    c = _challenge(public, m, z, group.scalar_mult_base(r), group.scalar_mult(r, m))
    s = group.scalar_sub(r, group.scalar_mul(c, secret))
    return Evaluation(elements=tuple(evaluated), proof=c + s)


def verify_finalize(
    inputs: list[bytes], blinds: list[bytes], blinded_elements: list[bytes], evaluation: Evaluation, public: bytes
) -> list[bytes]:
    """Client, VOPRF mode: check the proof against the server's public key (VerifyProof), then
    finalize each input. Raises VerifyError when the proof fails."""
    blinded = [group.deserialize_element(e) for e in blinded_elements]
    evaluated = [group.deserialize_element(e) for e in evaluation.elements]
    if len(evaluation.proof) != PROOF_BYTES or not (len(inputs) == len(blinds) == len(blinded) == len(evaluated)):
        raise VerifyError("malformed proof or batch")
    c, s = evaluation.proof[: group.SCALAR_BYTES], evaluation.proof[group.SCALAR_BYTES :]
    if not (_canonical(c) and _canonical(s)):  # DeserializeScalar: s + ℓ would otherwise pass
        raise VerifyError("the proof's scalars are not reduced")
    weights = _composite_scalars(public, blinded, evaluated)
    m = _sum([group.scalar_mult(d, e) for d, e in zip(weights, blinded, strict=True)])
    z = _sum([group.scalar_mult(d, e) for d, e in zip(weights, evaluated, strict=True)])
    t2 = group.add(_mult_or_identity(s, None), _mult_or_identity(c, group.deserialize_element(public)))
    t3 = group.add(_mult_or_identity(s, m), _mult_or_identity(c, z))
    if not hmac.compare_digest(_challenge(public, m, z, t2, t3), c):
        raise VerifyError("the proof does not verify")
    return [finalize(x, b, e) for x, b, e in zip(inputs, blinds, evaluated, strict=True)]


def _canonical(scalar: bytes) -> bool:
    return int.from_bytes(scalar, "little") < group.ORDER


def _mult_or_identity(scalar: bytes, element: bytes | None) -> bytes:
    # libsodium refuses a product equal to the identity; in a proof a zero scalar is legitimate
    # (its term vanishes), so the identity stands in for it there. `None` is the generator.
    if scalar == bytes(group.SCALAR_BYTES):
        return group.IDENTITY
    return group.scalar_mult_base(scalar) if element is None else group.scalar_mult(scalar, element)


# Glasna's key: derived from the instance key (GLASNA_INSTANCE_KEY) on use, never stored or sent.
KEY_PURPOSE = "oprf/ristretto255-SHA512"
KEY_INFO = b"glasna/networks/escrow"


def server_key_pair(mode: int = MODE_OPRF) -> tuple[bytes, bytes]:
    """The instance's (skS, pkS): DeriveKeyPair over a seed derived from the instance key."""
    return derive_key_pair(purpose_key(KEY_PURPOSE), KEY_INFO, mode)
