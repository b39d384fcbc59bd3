"""Writing a stream piece by piece gives the format streams.py reads, and the seekable reader returns
the plaintext at any offset while refusing any damage."""

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glasna.core.crypto import streams
from glasna.core.crypto.primitives import DecryptionError
from glasna.core.crypto.stream_access import StreamReader, StreamWriter

KEY = bytes(range(32))
SMALL = 64


@pytest.fixture(autouse=True)
def _small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(streams, "CHUNK_BYTES", SMALL)


def _written(pieces: list[bytes], context: bytes = b"ctx") -> bytes:
    sink = io.BytesIO()
    writer = StreamWriter(KEY, sink, context)
    for piece in pieces:
        writer.write(piece)
    assert writer.close() == sum(map(len, pieces))
    return sink.getvalue()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.binary(max_size=SMALL * 2), max_size=8))
def test_pieces_of_any_size_make_the_same_format(pieces: list[bytes]) -> None:
    blob = _written(pieces)
    assert b"".join(streams.decrypt_stream(KEY, io.BytesIO(blob), b"ctx")) == b"".join(pieces)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=SMALL * 5), st.data())
def test_reads_at_any_offset(data: bytes, draw: st.DataObject) -> None:
    reader = StreamReader(KEY, io.BytesIO(_written([data])), len(data), b"ctx")
    start = draw.draw(st.integers(0, len(data) + 3))
    length = draw.draw(st.integers(-1, len(data) + 3))
    reader.seek(start)
    assert reader.read(length) == (data[start:] if length < 0 else data[start : start + length])
    reader.seek(-min(3, len(data)), io.SEEK_END)
    assert reader.read() == data[len(data) - min(3, len(data)) :]
    assert reader.tell() == len(data)


def test_the_reader_serves_readinto_and_readall_like_a_file() -> None:
    data = bytes(range(200))
    reader = StreamReader(KEY, io.BytesIO(_written([data])), len(data), b"ctx")
    buffer = bytearray(100)
    assert reader.readinto(buffer) == SMALL and bytes(buffer[:SMALL]) == data[:SMALL]
    assert reader.readall() == data[SMALL:]
    assert io.BufferedReader(StreamReader(KEY, io.BytesIO(_written([data])), len(data), b"ctx")).read() == data


@pytest.mark.parametrize("damage", ["flip", "cut", "context", "key", "size"])
def test_any_damage_fails_to_read(damage: str) -> None:
    data = bytes(range(150))
    blob = bytearray(_written([data]))
    key, context, size = KEY, b"ctx", len(data)
    if damage == "flip":
        blob[streams.HEADER_BYTES + 70] ^= 1
    elif damage == "cut":
        del blob[-5:]
    elif damage == "context":
        context = b"other"
    elif damage == "key":
        key = bytes(32)
    else:
        size = len(data) - 1  # a lie about the size makes the last chunk's final flag or length wrong
    reader = StreamReader(key, io.BytesIO(bytes(blob)), size, context)
    with pytest.raises(DecryptionError):
        reader.read()


def test_not_a_stream_is_refused() -> None:
    with pytest.raises(DecryptionError):
        StreamReader(KEY, io.BytesIO(b"plain text"), 10)


def test_a_closed_reader_reads_no_more() -> None:
    reader = StreamReader(KEY, io.BytesIO(_written([b"abc"])), 3, b"ctx")
    assert reader.read(1) == b"a"
    reader.close()
    with pytest.raises(ValueError):
        reader.read()
