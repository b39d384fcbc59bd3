"""From a receipt to (lookup id, key): the survivor's only credential.

One Argon2id run per visit, salted with a secret derived from the instance key, so that someone
holding the database alone cannot test guesses, and someone holding the instance key too still
pays a memory-hard hash per guess over ~2^50 receipts. Right and wrong receipts cost the same."""

import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings

from glasna.core.crypto.passphrase import Argon2Cost, derive_key
from glasna.core.crypto.server_keys import purpose_key


@dataclass(frozen=True)
class ReceiptSecrets:
    lookup_id: bytes
    key: bytes


def receipt_secrets(receipt: str) -> ReceiptSecrets:
    salt = purpose_key("receipt-salt")[:16]
    cost = Argon2Cost(**settings.GLASNA_RECEIPT_ARGON2)
    master = derive_key(receipt, salt, cost)
    return ReceiptSecrets(
        lookup_id=hmac.new(master, b"lookup", hashlib.sha256).digest(),
        key=hmac.new(master, b"key", hashlib.sha256).digest(),
    )
