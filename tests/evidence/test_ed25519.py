"""The bundle verifier's pure-Python Ed25519 (RFC 8032) agrees with libsodium, and rejects forgeries."""

from hypothesis import given, settings
from hypothesis import strategies as st
from nacl.signing import SigningKey

from glasna.evidence.verify_bundle import ed25519_verify

# RFC 8032 §7.1, test 2: one-byte message.
RFC_PUBLIC = bytes.fromhex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c")
RFC_SIGNATURE = bytes.fromhex(
    "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
    "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"
)


def test_rfc_8032_vector() -> None:
    assert ed25519_verify(RFC_PUBLIC, b"\x72", RFC_SIGNATURE)
    assert not ed25519_verify(RFC_PUBLIC, b"\x73", RFC_SIGNATURE)


@settings(max_examples=30, deadline=None)
@given(st.binary(min_size=32, max_size=32), st.binary(max_size=200), st.integers(0, 64 * 8 - 1))
def test_agrees_with_libsodium(seed: bytes, message: bytes, bit: int) -> None:
    key = SigningKey(seed)
    signature = key.sign(message).signature
    public = bytes(key.verify_key)
    assert ed25519_verify(public, message, signature)
    forged = bytearray(signature)
    forged[bit // 8] ^= 1 << (bit % 8)
    assert not ed25519_verify(public, message, bytes(forged))
    assert not ed25519_verify(public, message + b"!", signature)


def test_malformed_inputs_are_false() -> None:
    assert not ed25519_verify(b"", b"m", RFC_SIGNATURE)
    assert not ed25519_verify(RFC_PUBLIC, b"\x72", RFC_SIGNATURE[:63])
    assert not ed25519_verify(b"\xff" * 32, b"\x72", RFC_SIGNATURE)  # not a curve point
    too_big_s = RFC_SIGNATURE[:32] + b"\xff" * 32
    assert not ed25519_verify(RFC_PUBLIC, b"\x72", too_big_s)
