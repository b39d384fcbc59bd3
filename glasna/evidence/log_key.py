"""The custody log's Ed25519 key, derived from the instance key like the other server keys
(core/crypto/server_keys.py): nothing new to back up, and it never leaves the server."""

from nacl.signing import SigningKey

from glasna.core.crypto.server_keys import purpose_key
from glasna.evidence import verify_bundle

_PURPOSE = "evidence-custody-log-ed25519"


def signing_seed() -> bytes:
    return purpose_key(_PURPOSE)


def public_key() -> bytes:
    return bytes(SigningKey(signing_seed()).verify_key)


def fingerprint(key: bytes | None = None) -> str:
    """What an organisation publishes and reads aloud (verify_bundle.fingerprint, the one definition)."""
    return verify_bundle.fingerprint(key if key is not None else public_key())


def sign_detached(label: bytes, data: bytes) -> bytes:
    """An Ed25519 signature over label || data (labels keep bundle signatures apart from tree heads)."""
    return SigningKey(signing_seed()).sign(label + data).signature
