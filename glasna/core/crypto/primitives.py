"""Primitives from libsodium (PyNaCl): X25519 sealed boxes and XChaCha20-Poly1305 AEAD.

Every ciphertext starts with a version byte so that algorithms can change without guessing."""

from nacl import bindings
from nacl.exceptions import CryptoError
from nacl.public import PrivateKey, PublicKey, SealedBox
from nacl.utils import random as random_bytes

AEAD_V1 = b"\x01"
SEAL_V1 = b"\x02"
KEY_BYTES = 32
_NONCE_BYTES = bindings.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES


class DecryptionError(Exception):
    """The key is wrong, or the ciphertext (or its context) was altered."""


def new_key() -> bytes:
    return random_bytes(KEY_BYTES)


def new_keypair() -> tuple[bytes, bytes]:
    """Return (private_key, public_key), raw 32-byte X25519 keys."""
    private = PrivateKey.generate()
    return bytes(private), bytes(private.public_key)


def public_key_of(private_key: bytes) -> bytes:
    return bytes(PrivateKey(private_key).public_key)


def encrypt(key: bytes, plaintext: bytes, context: bytes = b"") -> bytes:
    """Authenticated encryption; `context` (e.g. b"report:<id>") binds the ciphertext to its place,
    so that a ciphertext copied into another row fails to decrypt."""
    nonce = random_bytes(_NONCE_BYTES)
    sealed = bindings.crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, AEAD_V1 + context, nonce, key)
    return AEAD_V1 + nonce + sealed


def decrypt(key: bytes, ciphertext: bytes, context: bytes = b"") -> bytes:
    if not ciphertext.startswith(AEAD_V1):
        raise DecryptionError("unknown ciphertext version")
    nonce = ciphertext[1 : 1 + _NONCE_BYTES]
    try:
        return bindings.crypto_aead_xchacha20poly1305_ietf_decrypt(
            ciphertext[1 + _NONCE_BYTES :], AEAD_V1 + context, nonce, key
        )
    except CryptoError as exc:
        raise DecryptionError("decryption failed") from exc


def seal(public_key: bytes, plaintext: bytes) -> bytes:
    """Encrypt to a public key; only the holder of the private key can open it."""
    return SEAL_V1 + SealedBox(PublicKey(public_key)).encrypt(plaintext)


def unseal(private_key: bytes, ciphertext: bytes) -> bytes:
    if not ciphertext.startswith(SEAL_V1):
        raise DecryptionError("unknown sealed-box version")
    try:
        return SealedBox(PrivateKey(private_key)).decrypt(ciphertext[1:])
    except CryptoError as exc:
        raise DecryptionError("unsealing failed") from exc
