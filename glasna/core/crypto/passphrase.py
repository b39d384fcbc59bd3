"""Keys derived from something a person knows (password, recovery code, receipt) with Argon2id.

A wrapped secret records its own salt and cost, so costs can rise later without breaking
what was wrapped before."""

import struct
from dataclasses import dataclass

from argon2.low_level import Type, hash_secret_raw
from django.conf import settings

from glasna.core.crypto import argon2_lane
from glasna.core.crypto.primitives import DecryptionError, decrypt, encrypt, random_bytes

_HEADER = struct.Struct(">BIIB16s")  # version, time cost, memory KiB, parallelism, salt
_VERSION = 1


class WrongPassphrase(Exception):
    """The password, recovery code or receipt does not open this secret."""


@dataclass(frozen=True)
class Argon2Cost:
    time_cost: int
    memory_cost: int
    parallelism: int

    @classmethod
    def from_settings(cls) -> "Argon2Cost":
        return cls(**settings.GLASNA_ARGON2)


def derive_key(passphrase: str, salt: bytes, cost: Argon2Cost) -> bytes:
    """In the process's Argon2id lane (core/crypto/argon2_lane.py): bounded and at low priority."""
    return argon2_lane.lane().run(_hash, passphrase, salt, cost)


def _hash(passphrase: str, salt: bytes, cost: Argon2Cost) -> bytes:
    return hash_secret_raw(
        secret=passphrase.encode("utf-8"),
        salt=salt,
        time_cost=cost.time_cost,
        memory_cost=cost.memory_cost,
        parallelism=cost.parallelism,
        hash_len=32,
        type=Type.ID,
    )


def wrap(secret: bytes, passphrase: str, context: bytes = b"") -> bytes:
    cost = Argon2Cost.from_settings()
    salt = random_bytes(16)
    header = _HEADER.pack(_VERSION, cost.time_cost, cost.memory_cost, cost.parallelism, salt)
    return header + encrypt(derive_key(passphrase, salt, cost), secret, header + context)


def decoy(secret_length: int = 32) -> bytes:
    """A blob shaped like wrap()'s output at the current cost, with random ciphertext. Unwrapping
    it does the Argon2id work (the costly part) and then fails, as a wrong passphrase does: for
    paths that must cost the same as a real unwrap when there is nothing real to unwrap."""
    cost = Argon2Cost.from_settings()
    header = _HEADER.pack(_VERSION, cost.time_cost, cost.memory_cost, cost.parallelism, random_bytes(16))
    return header + random_bytes(len(encrypt(random_bytes(32), bytes(secret_length), b"")))


def unwrap(blob: bytes, passphrase: str, context: bytes = b"") -> bytes:
    header = blob[: _HEADER.size]
    version, time_cost, memory_cost, parallelism, salt = _HEADER.unpack(header)
    if version != _VERSION:
        raise WrongPassphrase("unknown wrapping version")
    key = derive_key(passphrase, salt, Argon2Cost(time_cost, memory_cost, parallelism))
    try:
        return decrypt(key, blob[_HEADER.size :], header + context)
    except DecryptionError as exc:
        raise WrongPassphrase from exc
