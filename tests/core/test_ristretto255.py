"""The ristretto255 binding (glasna/core/crypto/ristretto255.py) against RFC 9496 Appendix A.1's
multiples of the generator, the field's non-canonical encodings, and scalar arithmetic."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glasna.core.crypto import ristretto255 as group

# RFC 9496 Appendix A.1: the encodings of 0*B .. 5*B.
MULTIPLES = [
    "0000000000000000000000000000000000000000000000000000000000000000",
    "e2f2ae0a6abc4e71a884a961c500515f58e30b6aa582dd8db6a65945e08d2d76",
    "6a493210f7499cd17fecb510ae0cea23a110e8d5b901f8acadd3095c73a3b919",
    "94741f5d5d52755ece4f23f044ee27d5d1ea1e2bd196b462166b16152a9d0259",
    "da80862773358b466ffadfe0b3293ab3d9fd53c5ea6c955358f568322daf6a57",
    "e882b131016b52c1d3337080187cf768423efccbb517bb495ab812c4160ff44e",
]


def _scalar(n: int) -> bytes:
    return (n % group.ORDER).to_bytes(32, "little")


def test_the_library_is_libsodium_1_0_18_or_later() -> None:
    major, minor, patch = (int(part) for part in group.version().split(".")[:3])
    assert (major, minor, patch) >= (1, 0, 18)


def test_multiples_of_the_generator_are_rfc_9496s() -> None:
    generator = bytes.fromhex(MULTIPLES[1])
    for n, expected in enumerate(MULTIPLES[1:], start=1):
        assert group.scalar_mult_base(_scalar(n)).hex() == expected
        assert group.scalar_mult(_scalar(n), generator).hex() == expected
    assert group.add(bytes.fromhex(MULTIPLES[2]), bytes.fromhex(MULTIPLES[3])).hex() == MULTIPLES[5]
    assert group.add(group.IDENTITY, generator) == generator
    with pytest.raises(ValueError):
        group.scalar_mult_base(_scalar(group.ORDER))  # ℓ*B is the identity: refused


@pytest.mark.parametrize(
    "encoding",
    [
        "00ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  # field elements >= p
        "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "f3ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "0100000000000000000000000000000000000000000000000000000000000000",  # negative (odd)
    ],
)
def test_non_canonical_encodings_are_not_points(encoding: str) -> None:
    assert not group.is_valid_point(bytes.fromhex(encoding))
    with pytest.raises(group.InvalidElement):
        group.deserialize_element(bytes.fromhex(encoding))


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=1, max_value=group.ORDER - 1), st.integers(min_value=1, max_value=group.ORDER - 1))
def test_scalar_arithmetic_is_arithmetic_mod_the_order(a: int, b: int) -> None:
    assert group.scalar_mul(_scalar(a), _scalar(b)) == _scalar(a * b)
    assert group.scalar_sub(_scalar(a), _scalar(b)) == _scalar(a - b)
    assert group.scalar_mul(group.scalar_invert(_scalar(a)), _scalar(a)) == _scalar(1)
    wide = (a * 2**256 + b).to_bytes(64, "little")
    assert group.scalar_reduce(wide) == _scalar(a * 2**256 + b)


def test_random_scalars_are_reduced_and_non_zero() -> None:
    scalars = {group.scalar_random() for _ in range(50)}
    assert len(scalars) == 50
    assert all(0 < int.from_bytes(s, "little") < group.ORDER for s in scalars)


def test_wrong_lengths_are_refused_before_reaching_c() -> None:
    with pytest.raises(ValueError):
        group.from_hash(bytes(32))
    with pytest.raises(ValueError):
        group.scalar_mult(bytes(31), bytes.fromhex(MULTIPLES[1]))
    assert not group.is_valid_point(bytes(33))


def test_without_libsodium_the_error_names_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(group, "_LIBRARY_NAMES", ("libsodium-that-does-not-exist.so.0",))
    with pytest.raises(group.LibsodiumUnavailable, match="libsodium23"):
        group._load()
