"""Chunked authenticated encryption for files too large to hold in memory (evidence videos, archives).

Format ("glasna stream v1"):

    header  = b"GLS1" || nonce_prefix (16 random bytes)
    chunk_i = XChaCha20-Poly1305(key, nonce = nonce_prefix || i (u64 BE),
                                 ad = b"glasna-stream-v1" || context || i (u64 BE) || final (1 byte),
                                 plaintext_i)

Every chunk but the last holds exactly CHUNK_BYTES of plaintext; the last holds 0..CHUNK_BYTES and
is the only one sealed with final = 1. The index in the nonce and the associated data stops chunks
being reordered or dropped from the middle; the final flag stops the stream being cut at a chunk
boundary (the new last chunk was sealed with final = 0 and fails); `context` binds the stream to
its row, as `primitives.encrypt` does. An empty plaintext is one final chunk of no bytes."""

import struct
from collections.abc import Iterator
from typing import BinaryIO

from nacl import bindings
from nacl.exceptions import CryptoError
from nacl.utils import random as random_bytes

from glasna.core.crypto.primitives import DecryptionError

MAGIC = b"GLS1"
CHUNK_BYTES = 1 << 20
_PREFIX_BYTES = 16
_TAG_BYTES = bindings.crypto_aead_xchacha20poly1305_ietf_ABYTES
_AD_LABEL = b"glasna-stream-v1"
HEADER_BYTES = len(MAGIC) + _PREFIX_BYTES


def _nonce(prefix: bytes, index: int) -> bytes:
    return prefix + struct.pack(">Q", index)


def _ad(context: bytes, index: int, final: bool) -> bytes:
    return _AD_LABEL + context + struct.pack(">QB", index, 1 if final else 0)


def encrypt_stream(key: bytes, source: BinaryIO, sink: BinaryIO, context: bytes = b"") -> int:
    """Encrypt `source` into `sink` chunk by chunk; returns the number of plaintext bytes."""
    prefix = random_bytes(_PREFIX_BYTES)
    sink.write(MAGIC + prefix)
    total, index = 0, 0
    current = source.read(CHUNK_BYTES)
    while True:
        # One chunk of look-ahead: a chunk is final only when nothing follows it.
        following = source.read(CHUNK_BYTES) if len(current) == CHUNK_BYTES else b""
        final = not following
        sealed = bindings.crypto_aead_xchacha20poly1305_ietf_encrypt(
            current, _ad(context, index, final), _nonce(prefix, index), key
        )
        sink.write(sealed)
        total += len(current)
        if final:
            return total
        current, index = following, index + 1


def decrypt_stream(key: bytes, source: BinaryIO, context: bytes = b"") -> Iterator[bytes]:
    """The plaintext chunks of a stream, each authenticated before it is yielded.

    Raises DecryptionError for a wrong key or context, an altered, reordered or missing chunk, a cut
    stream, or trailing bytes after the final chunk."""
    header = source.read(HEADER_BYTES)
    if len(header) != HEADER_BYTES or not header.startswith(MAGIC):
        raise DecryptionError("not a glasna stream")
    prefix = header[len(MAGIC) :]
    sealed_size = CHUNK_BYTES + _TAG_BYTES
    index = 0
    current = source.read(sealed_size)
    while True:
        following = source.read(sealed_size) if len(current) == sealed_size else b""
        final = not following
        if len(current) < _TAG_BYTES:
            raise DecryptionError("stream is truncated")
        try:
            plain = bindings.crypto_aead_xchacha20poly1305_ietf_decrypt(
                current, _ad(context, index, final), _nonce(prefix, index), key
            )
        except CryptoError as exc:
            raise DecryptionError(f"chunk {index} failed to decrypt (altered, reordered or truncated)") from exc
        yield plain
        if final:
            return
        current, index = following, index + 1


def decrypt_stream_to(key: bytes, source: BinaryIO, sink: BinaryIO, context: bytes = b"") -> int:
    total = 0
    for chunk in decrypt_stream(key, source, context):
        sink.write(chunk)
        total += len(chunk)
    return total
