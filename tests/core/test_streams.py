"""The chunked stream format: round trips of any length, and every way of damaging a stream fails."""

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glasna.core.crypto import streams
from glasna.core.crypto.primitives import DecryptionError, new_key

KEY = bytes(range(32))
SMALL = 64  # small chunks so that short inputs span many of them


@pytest.fixture(autouse=True)
def _small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(streams, "CHUNK_BYTES", SMALL)


def _encrypt(data: bytes, context: bytes = b"ctx") -> bytes:
    sink = io.BytesIO()
    assert streams.encrypt_stream(KEY, io.BytesIO(data), sink, context) == len(data)
    return sink.getvalue()


def _decrypt(blob: bytes, context: bytes = b"ctx", key: bytes = KEY) -> bytes:
    return b"".join(streams.decrypt_stream(key, io.BytesIO(blob), context))


def _sealed_chunks(blob: bytes) -> list[bytes]:
    body = blob[streams.HEADER_BYTES :]
    size = SMALL + 16
    return [body[i : i + size] for i in range(0, len(body), size)]


@settings(max_examples=60)
@given(st.binary(max_size=SMALL * 6))
def test_round_trip(data: bytes) -> None:
    assert _decrypt(_encrypt(data)) == data


@pytest.mark.parametrize("length", [0, 1, SMALL - 1, SMALL, SMALL + 1, 3 * SMALL, 3 * SMALL + 5])
def test_chunk_boundaries(length: int) -> None:
    data = bytes(i % 251 for i in range(length))
    blob = _encrypt(data)
    assert len(_sealed_chunks(blob)) == max(1, -(-length // SMALL))
    assert _decrypt(blob) == data


def test_truncation_at_a_chunk_boundary_is_detected() -> None:
    blob = _encrypt(bytes(3 * SMALL + 10))
    header, chunks = blob[: streams.HEADER_BYTES], _sealed_chunks(blob)
    for keep in range(1, len(chunks)):
        with pytest.raises(DecryptionError):
            _decrypt(header + b"".join(chunks[:keep]))


def test_exact_multiple_cut_before_the_final_chunk_is_detected() -> None:
    blob = _encrypt(bytes(2 * SMALL))  # two full chunks, the second final
    header, chunks = blob[: streams.HEADER_BYTES], _sealed_chunks(blob)
    with pytest.raises(DecryptionError):
        _decrypt(header + chunks[0])


def test_reordered_chunks_and_trailing_bytes_fail() -> None:
    blob = _encrypt(bytes(range(200)) * 2)
    header, chunks = blob[: streams.HEADER_BYTES], _sealed_chunks(blob)
    with pytest.raises(DecryptionError):
        _decrypt(header + chunks[1] + chunks[0] + b"".join(chunks[2:]))
    with pytest.raises(DecryptionError):
        _decrypt(blob + b"\x00")


@settings(max_examples=40)
@given(st.data())
def test_any_flipped_byte_fails(data: st.DataObject) -> None:
    blob = _encrypt(bytes(150))
    index = data.draw(st.integers(0, len(blob) - 1))
    damaged = blob[:index] + bytes([blob[index] ^ 0x80]) + blob[index + 1 :]
    with pytest.raises(DecryptionError):
        _decrypt(damaged)


def test_wrong_key_or_context_fails() -> None:
    blob = _encrypt(b"evidence")
    with pytest.raises(DecryptionError):
        _decrypt(blob, context=b"other")
    with pytest.raises(DecryptionError):
        _decrypt(blob, key=new_key())
    with pytest.raises(DecryptionError):
        _decrypt(b"GLS0" + blob[4:])
