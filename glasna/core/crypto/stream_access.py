"""Writing a glasna stream a piece at a time, and reading one back at any offset.

`streams.encrypt_stream` needs the whole plaintext behind a file handle; an upload arrives in
pieces of whatever size the request parser hands over. `StreamWriter` buffers at most two chunks
of plaintext in memory and seals each full chunk once it knows another follows, so its output is
the same "glasna stream v1" that `streams.decrypt_stream` reads. `StreamReader` is a seekable,
read-only file over such a stream whose plaintext size is known: it decrypts (and authenticates)
one chunk at a time, so validators that seek about (Pillow, zipfile, the MP4 box walk) never need
the cleartext on disk."""

import io
from typing import BinaryIO

from nacl import bindings
from nacl.exceptions import CryptoError
from nacl.utils import random as random_bytes

from glasna.core.crypto import streams
from glasna.core.crypto.primitives import DecryptionError
from glasna.core.crypto.streams import _PREFIX_BYTES, _TAG_BYTES, HEADER_BYTES, MAGIC, _ad, _nonce


class StreamWriter:
    """Encrypt pieces of plaintext into `sink` as one glasna stream; call close() exactly once."""

    def __init__(self, key: bytes, sink: BinaryIO, context: bytes = b"") -> None:
        self._key, self._sink, self._context = key, sink, context
        self._prefix = random_bytes(_PREFIX_BYTES)
        self._buffer = bytearray()
        self._index = 0
        self.size = 0
        sink.write(MAGIC + self._prefix)

    def _seal(self, plain: bytes, final: bool) -> None:
        self._sink.write(
            bindings.crypto_aead_xchacha20poly1305_ietf_encrypt(
                plain, _ad(self._context, self._index, final), _nonce(self._prefix, self._index), self._key
            )
        )
        self._index += 1

    def write(self, data: bytes) -> int:
        self._buffer += data
        self.size += len(data)
        # A full chunk is sealed only once a byte after it has arrived: until then it may be the last.
        while len(self._buffer) > streams.CHUNK_BYTES:
            self._seal(bytes(self._buffer[: streams.CHUNK_BYTES]), final=False)
            del self._buffer[: streams.CHUNK_BYTES]
        return len(data)

    def close(self) -> int:
        """Seal the last chunk; returns the plaintext size."""
        self._seal(bytes(self._buffer), final=True)
        self._buffer.clear()
        self._sink.flush()
        return self.size


class StreamReader(io.RawIOBase):
    """The plaintext of a glasna stream of `size` bytes in `source`, readable at any offset."""

    def __init__(self, key: bytes, source: BinaryIO, size: int, context: bytes = b"") -> None:
        super().__init__()
        self._key, self._source, self._size, self._context = key, source, size, context
        self._chunks = max(1, -(-size // streams.CHUNK_BYTES))
        self._pos = 0
        self._cached: tuple[int, bytes] | None = None
        source.seek(0)
        header = source.read(HEADER_BYTES)
        if len(header) != HEADER_BYTES or not header.startswith(MAGIC):
            raise DecryptionError("not a glasna stream")
        self._prefix = header[len(MAGIC) :]

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self._size}[whence]
        if base + offset < 0:
            raise ValueError("negative seek position")
        self._pos = base + offset
        return self._pos

    def close(self) -> None:
        self._cached = None  # drop the decrypted chunk with the reader
        super().close()

    def _chunk(self, index: int) -> bytes:
        if self._cached is not None and self._cached[0] == index:
            return self._cached[1]
        final = index == self._chunks - 1
        self._source.seek(HEADER_BYTES + index * (streams.CHUNK_BYTES + _TAG_BYTES))
        sealed = self._source.read(streams.CHUNK_BYTES + _TAG_BYTES)
        try:
            plain = bindings.crypto_aead_xchacha20poly1305_ietf_decrypt(
                sealed, _ad(self._context, index, final), _nonce(self._prefix, index), self._key
            )
        except CryptoError as exc:
            raise DecryptionError(f"chunk {index} failed to decrypt (altered, reordered or truncated)") from exc
        expected = self._size - index * streams.CHUNK_BYTES if final else streams.CHUNK_BYTES
        if len(plain) != expected:
            raise DecryptionError(f"chunk {index} has the wrong length")
        self._cached = (index, plain)
        return plain

    def read(self, size: int | None = -1) -> bytes:
        """Exactly `size` bytes unless the end comes first (zipfile and Pillow count on full reads)."""
        if self.closed:
            raise ValueError("I/O operation on closed file")
        end = self._size if size is None or size < 0 else min(self._size, self._pos + size)
        parts = []
        while self._pos < end:
            index, skip = divmod(self._pos, streams.CHUNK_BYTES)
            piece = self._chunk(index)[skip : skip + end - self._pos]
            parts.append(piece)
            self._pos += len(piece)
        return b"".join(parts)

    def readall(self) -> bytes:
        return self.read(-1)

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]  # typeshed's Buffer
        if self._pos >= self._size or not len(buffer):
            return 0
        index, skip = divmod(self._pos, streams.CHUNK_BYTES)
        piece = self._chunk(index)[skip : skip + len(buffer)]
        buffer[: len(piece)] = piece
        self._pos += len(piece)
        return len(piece)
