"""The OPRF (glasna/core/crypto/oprf.py): fixed vectors, and its properties over random blinds."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glasna.core.crypto import oprf

KEY = oprf.derive_key(b"\x01" * 32)
BLIND = oprf.derive_key(b"\x02" * 32)
INPUT = b"+38970000000"  # an invented number in the style of North Macedonia's test numbers


def test_vector_with_a_fixed_blind() -> None:
    # Our own vectors (the group is not an RFC 9497 suite, so the RFC's vectors do not apply):
    # computed once and frozen, so that any change to the construction is seen.
    assert KEY.hex() == "1f2d110cbc627cb7ed5288bb12b329681c553382073cd030550d4d8599719000"
    assert BLIND.hex() == "b10be7c7ace40f7f64395e26225636dd9415de92315b8ffc9d3c2244bcbcfc08"
    blinded = oprf.blind(INPUT, BLIND)
    assert blinded.element.hex() == "7982fa7bc9213579368ae634a7c35c63db0e0b8fd28f4d254b9fc54753f0a8a4"
    evaluated = oprf.evaluate(KEY, blinded.element)
    assert evaluated.hex() == "b137660fb0fad7356e130d5d325e60bab379a5901cd3caf72926f62955f23040"
    assert oprf.finalize(INPUT, BLIND, evaluated).hex() == (
        "939ce15d78d20af056d601cfd553fdaf941e7dc20d101d8589f5546d5c719520"
        "57fdd4b234472a367c028737d056d9bb463f3b2ccab5f944adde3d2bfb7d32f8"
    )


def _run(key: bytes, data: bytes) -> bytes:
    blinded = oprf.blind(data)
    return oprf.finalize(data, blinded.blind, oprf.evaluate(key, blinded.element))


@settings(max_examples=25, deadline=None)
@given(st.binary(max_size=64))
def test_the_same_input_gives_the_same_output_whatever_the_blind(data: bytes) -> None:
    first, second = _run(KEY, data), _run(KEY, data)
    assert first == second == oprf.full_evaluate(KEY, data)
    assert len(first) == oprf.OUTPUT_BYTES


@settings(max_examples=25, deadline=None)
@given(st.binary(max_size=32), st.binary(max_size=32))
def test_different_inputs_give_different_outputs(a: bytes, b: bytes) -> None:
    if a != b:
        assert _run(KEY, a) != _run(KEY, b)


@settings(max_examples=15, deadline=None)
@given(st.binary(min_size=1, max_size=32))
def test_a_wrong_key_gives_another_output(seed: bytes) -> None:
    other = oprf.derive_key(seed + b"/other")
    assert _run(other, INPUT) != _run(KEY, INPUT)


def test_the_server_sees_a_different_element_every_time() -> None:
    assert oprf.blind(INPUT).element != oprf.blind(INPUT).element
    assert oprf.hash_to_group(INPUT) not in (oprf.blind(INPUT).element, oprf.blind(INPUT).element)


@pytest.mark.parametrize(
    "element",
    [
        bytes(32),  # not a valid encoding of a group element
        bytes([1]) + bytes(31),  # the identity
        bytes.fromhex("26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05"),  # order 8
        b"\xff" * 32,  # not canonical
        b"\x01" * 31,  # too short
    ],
)
def test_the_server_refuses_what_is_not_a_group_element(element: bytes) -> None:
    with pytest.raises(oprf.InvalidElement):
        oprf.evaluate(KEY, element)


def test_the_instance_key_gives_the_server_key(settings: object) -> None:
    assert oprf.server_key() == oprf.server_key()
    assert len(oprf.server_key()) == oprf.SCALAR_BYTES
