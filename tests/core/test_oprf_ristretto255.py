"""RFC 9497's OPRF and VOPRF, ristretto255-SHA512 (glasna/core/crypto/oprf_ristretto255.py):
every Appendix A.1.1 and A.1.2 vector (tests/core/data/rfc9497_ristretto255_sha512.json, source
noted there), then the properties over random inputs and blinds, and the refusals."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glasna.core.crypto import oprf_ristretto255 as oprf
from glasna.core.crypto import ristretto255 as group

DATA = json.loads((Path(__file__).parent / "data" / "rfc9497_ristretto255_sha512.json").read_text())
SUITES = {suite["mode"]: suite for suite in DATA["suites"]}


def _hex_list(value: str) -> list[bytes]:
    return [bytes.fromhex(part) for part in value.split(",")]


def _vectors(mode: int) -> list[Any]:
    return [pytest.param(v, id=f"mode{mode}-vector{i + 1}") for i, v in enumerate(SUITES[mode]["vectors"])]


def test_the_vectors_are_the_rfcs_suite() -> None:
    assert set(SUITES) == {0, 1}
    for mode, suite in SUITES.items():
        assert suite["identifier"] == "ristretto255-SHA512" and suite["hash"] == "SHA512"
        assert bytes.fromhex(suite["groupDST"]) == b"HashToGroup-" + oprf.context_string(mode)
    assert oprf.context_string(0) == b"OPRFV1-\x00-ristretto255-SHA512"
    assert sum(len(suite["vectors"]) for suite in SUITES.values()) == 5


@pytest.mark.parametrize("mode", [0, 1])
def test_derive_key_pair_gives_the_rfcs_keys(mode: int) -> None:
    suite = SUITES[mode]
    secret, public = oprf.derive_key_pair(bytes.fromhex(suite["seed"]), bytes.fromhex(suite["keyInfo"]), mode)
    assert secret.hex() == suite["skSm"]
    if "pkSm" in suite:
        assert public.hex() == suite["pkSm"]


@pytest.mark.parametrize("vector", _vectors(0))
def test_oprf_mode_vectors(vector: dict[str, Any]) -> None:
    secret = bytes.fromhex(SUITES[0]["skSm"])
    data, blind = bytes.fromhex(vector["Input"]), bytes.fromhex(vector["Blind"])
    blinded = oprf.blind(data, oprf.MODE_OPRF, blind)
    assert blinded.element.hex() == vector["BlindedElement"]
    evaluated = oprf.blind_evaluate(secret, blinded.element)
    assert evaluated.hex() == vector["EvaluationElement"]
    assert oprf.finalize(data, blind, evaluated).hex() == vector["Output"]
    assert oprf.evaluate(secret, data).hex() == vector["Output"]


@pytest.mark.parametrize("vector", _vectors(1))
def test_voprf_mode_vectors_batches_of_one_and_two(vector: dict[str, Any]) -> None:
    secret, public = bytes.fromhex(SUITES[1]["skSm"]), bytes.fromhex(SUITES[1]["pkSm"])
    inputs, blinds = _hex_list(vector["Input"]), _hex_list(vector["Blind"])
    assert len(inputs) == vector["Batch"]
    blinded = [oprf.blind(x, oprf.MODE_VOPRF, b).element for x, b in zip(inputs, blinds, strict=True)]
    assert blinded == _hex_list(vector["BlindedElement"])
    evaluation = oprf.blind_evaluate_verifiable(secret, public, blinded, bytes.fromhex(vector["Proof"]["r"]))
    assert list(evaluation.elements) == _hex_list(vector["EvaluationElement"])
    assert evaluation.proof.hex() == vector["Proof"]["proof"]
    outputs = oprf.verify_finalize(inputs, blinds, blinded, evaluation, public)
    assert outputs == _hex_list(vector["Output"])
    assert [oprf.evaluate(secret, x, oprf.MODE_VOPRF) for x in inputs] == outputs


def test_a_proof_made_with_another_key_or_altered_is_refused() -> None:
    suite, vector = SUITES[1], SUITES[1]["vectors"][2]
    public = bytes.fromhex(suite["pkSm"])
    inputs, blinds = _hex_list(vector["Input"]), _hex_list(vector["Blind"])
    blinded = _hex_list(vector["BlindedElement"])
    other_secret, _other_public = oprf.derive_key_pair(b"\xa4" * 32, b"other", oprf.MODE_VOPRF)
    # A server that evaluates under another key but claims the published one:
    wrong = oprf.blind_evaluate_verifiable(other_secret, public, blinded)
    with pytest.raises(oprf.VerifyError):
        oprf.verify_finalize(inputs, blinds, blinded, wrong, public)
    good = oprf.Evaluation(tuple(_hex_list(vector["EvaluationElement"])), bytes.fromhex(vector["Proof"]["proof"]))
    assert oprf.verify_finalize(inputs, blinds, blinded, good, public)  # the unaltered one passes
    swapped = oprf.Evaluation(good.elements[::-1], good.proof)
    c, s = good.proof[:32], good.proof[32:]
    s_plus_order = (int.from_bytes(s, "little") + group.ORDER).to_bytes(32, "little")
    for bad in [swapped, oprf.Evaluation(good.elements, c + s_plus_order), oprf.Evaluation(good.elements, c)]:
        with pytest.raises(oprf.VerifyError):
            oprf.verify_finalize(inputs, blinds, blinded, bad, public)


# RFC 9380 Appendix K.3, expand_message_xmd(SHA-512): the DST and three of its vectors (one and
# two output blocks), copied from the RFC's appendix as several public test suites quote it.
XMD_DST = b"QUUX-V01-CS02-with-expander-SHA512-256"
XMD_VECTORS = [
    (b"", 0x20, "6b9a7312411d92f921c6f68ca0b6380730a1a4d982c507211a90964c394179ba"),
    (b"abc", 0x20, "0da749f12fbe5483eb066a5f595055679b976e93abe9be6f0f6318bce7aca8dc"),
    (
        b"abc",
        0x80,
        "7f1dddd13c08b543f2e2037b14cefb255b44c83cc397c1786d975653e36a6b11"
        "bdd7732d8b38adb4a0edc26a0cef4bb45217135456e58fbca1703cd6032cb134"
        "7ee720b87972d63fbf232587043ed2901bce7f22610c0419751c065922b48843"
        "1851041310ad659e4b23520e1772ab29dcdeb2002222a363f0c2b1c972b3efe1",
    ),
]


@pytest.mark.parametrize(("msg", "length", "expected"), XMD_VECTORS)
def test_expand_message_xmd_gives_rfc_9380s_vectors(msg: bytes, length: int, expected: str) -> None:
    assert oprf.expand_message_xmd(msg, XMD_DST, length).hex() == expected


def test_expand_message_xmd_refuses_what_rfc_9380_refuses() -> None:
    with pytest.raises(ValueError):
        oprf.expand_message_xmd(b"", b"x" * 256, 32)
    with pytest.raises(ValueError):
        oprf.expand_message_xmd(b"", XMD_DST, 64 * 256)
    assert len(oprf.expand_message_xmd(b"abc", XMD_DST, 200)) == 200


KEY, PUBLIC = oprf.derive_key_pair(b"\x01" * 32, b"glasna tests")


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=200))
def test_unblinding_any_blind_gives_the_direct_evaluation(data: bytes) -> None:
    first, second = oprf.blind(data), oprf.blind(data)
    assert first.element != second.element  # the server sees a fresh element each time
    outputs = {oprf.finalize(data, b.blind, oprf.blind_evaluate(KEY, b.element)) for b in (first, second)}
    assert outputs == {oprf.evaluate(KEY, data)}


@settings(max_examples=20, deadline=None)
@given(st.lists(st.binary(max_size=40), min_size=1, max_size=4))
def test_verifiable_batches_roundtrip(inputs: list[bytes]) -> None:
    secret, public = oprf.derive_key_pair(b"\x02" * 32, b"glasna tests", oprf.MODE_VOPRF)
    blinded = [oprf.blind(x, oprf.MODE_VOPRF) for x in inputs]
    evaluation = oprf.blind_evaluate_verifiable(secret, public, [b.element for b in blinded])
    outputs = oprf.verify_finalize(inputs, [b.blind for b in blinded], [b.element for b in blinded], evaluation, public)
    assert outputs == [oprf.evaluate(secret, x, oprf.MODE_VOPRF) for x in inputs]


@settings(max_examples=60, deadline=None)
@given(st.binary(min_size=32, max_size=32))
def test_the_server_refuses_anything_but_a_canonical_non_identity_element(candidate: bytes) -> None:
    if group.is_valid_point(candidate) and candidate != group.IDENTITY:
        assert len(oprf.blind_evaluate(KEY, candidate)) == 32
    else:
        with pytest.raises(oprf.InvalidElement):
            oprf.blind_evaluate(KEY, candidate)


def test_the_identity_non_canonical_and_wrong_length_encodings_are_refused() -> None:
    valid = oprf.hash_to_group(b"x")
    # 2^255 - 19 + 1 (p + 1) is a non-canonical field element; a negative (odd) s is refused too.
    non_canonical = ((2**255 - 19) + 1).to_bytes(32, "little")
    odd = (1).to_bytes(32, "little")
    for bad in [group.IDENTITY, non_canonical, odd, b"\xff" * 32, valid[:31], valid + b"\x00", b""]:
        with pytest.raises(oprf.InvalidElement):
            oprf.blind_evaluate(KEY, bad)
        with pytest.raises(oprf.InvalidElement):
            oprf.finalize(b"x", group.scalar_random(), bad)
    assert not group.is_valid_point(non_canonical) and group.is_valid_point(group.IDENTITY)


def test_outputs_depend_on_the_key_and_the_mode() -> None:
    other, _public = oprf.derive_key_pair(b"\x03" * 32, b"glasna tests")
    assert oprf.evaluate(KEY, b"+38970000000") != oprf.evaluate(other, b"+38970000000")
    assert oprf.evaluate(KEY, b"a") != oprf.evaluate(KEY, b"a", oprf.MODE_VOPRF)
    assert oprf.hash_to_group(b"a") != oprf.hash_to_group(b"a", oprf.MODE_VOPRF)
