"""The ristretto255 group (RFC 9496) from the system's libsodium, through ctypes.

PyNaCl's bundled libsodium is built without ristretto255, so we bind the dozen functions the
OPRF needs from Debian's libsodium23 (>= 1.0.18): docs/decisions/0008-oprf-ristretto255.md.
Elements and scalars are 32-byte strings (canonical encodings; scalars little-endian mod ℓ).
Every function checks its inputs' lengths and libsodium's return code: a failure is an exception,
never a silently wrong value."""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import cache

ELEMENT_BYTES = 32
SCALAR_BYTES = 32
HASH_BYTES = 64  # crypto_core_ristretto255_HASHBYTES: the one-way map's input
NONREDUCED_SCALAR_BYTES = 64
# ℓ, the order of the group (RFC 9496 section 4.1).
ORDER = 2**252 + 27742317777372353535851937790883648493
IDENTITY = bytes(ELEMENT_BYTES)  # the canonical encoding of the identity element
# A library this old has no ristretto255 (added in 1.0.18, Debian 12's libsodium23).
_LIBRARY_NAMES = ("sodium", "libsodium.so.23", "libsodium.so")


class LibsodiumUnavailable(RuntimeError):
    """No libsodium with ristretto255 on this machine: install libsodium23 (scripts/install-system-deps)."""


class InvalidElement(ValueError):
    """Bytes that are not the canonical encoding of a ristretto255 element, or the identity where a
    non-identity element is required."""


def _load() -> ctypes.CDLL:
    for name in _LIBRARY_NAMES:
        path = ctypes.util.find_library(name) if name == "sodium" else name
        if not path:
            continue
        try:
            library = ctypes.CDLL(path)
        except OSError:
            continue
        if hasattr(library, "crypto_core_ristretto255_from_hash"):
            return library
    raise LibsodiumUnavailable("libsodium >= 1.0.18 with ristretto255 not found (apt-get install libsodium23)")


@cache
def _sodium() -> ctypes.CDLL:
    library = _load()
    if library.sodium_init() < 0:
        raise LibsodiumUnavailable("sodium_init failed")
    return library


def version() -> str:
    """The loaded libsodium's version string, e.g. "1.0.18"."""
    function = _sodium().sodium_version_string
    function.restype = ctypes.c_char_p
    return str(function().decode())


def _bytes(value: bytes, size: int, what: str) -> bytes:
    if not isinstance(value, bytes) or len(value) != size:
        raise ValueError(f"{what} must be {size} bytes")
    return value


def _call(name: str, size: int, *args: bytes) -> tuple[int, bytes]:
    out = ctypes.create_string_buffer(size)
    code = int(getattr(_sodium(), name)(out, *args))
    return code, out.raw


def is_valid_point(element: bytes) -> bool:
    """A canonical encoding of an element (the identity included: RFC 9496's decoder accepts it)."""
    if not isinstance(element, bytes) or len(element) != ELEMENT_BYTES:
        return False
    return bool(_sodium().crypto_core_ristretto255_is_valid_point(element) == 1)


def deserialize_element(element: bytes) -> bytes:
    """RFC 9497 section 2.1's DeserializeElement: a valid encoding, and not the identity."""
    if not is_valid_point(element) or element == IDENTITY:
        raise InvalidElement("not a non-identity ristretto255 element")
    return element


def from_hash(uniform: bytes) -> bytes:
    """RFC 9496 section 4.3.4's one-way map: 64 uniform bytes to an element."""
    code, element = _call("crypto_core_ristretto255_from_hash", ELEMENT_BYTES, _bytes(uniform, HASH_BYTES, "input"))
    if code != 0:
        raise RuntimeError("crypto_core_ristretto255_from_hash failed")
    return element


def add(first: bytes, second: bytes) -> bytes:
    code, element = _call(
        "crypto_core_ristretto255_add",
        ELEMENT_BYTES,
        _bytes(first, ELEMENT_BYTES, "element"),
        _bytes(second, ELEMENT_BYTES, "element"),
    )
    if code != 0:
        raise InvalidElement("not a ristretto255 element")
    return element


def scalar_mult(scalar: bytes, element: bytes) -> bytes:
    """scalar * element. libsodium refuses (and we raise) an invalid element or an identity result."""
    code, product = _call(
        "crypto_scalarmult_ristretto255",
        ELEMENT_BYTES,
        _bytes(scalar, SCALAR_BYTES, "scalar"),
        _bytes(element, ELEMENT_BYTES, "element"),
    )
    if code != 0:
        raise InvalidElement("invalid element, or the product is the identity")
    return product


def scalar_mult_base(scalar: bytes) -> bytes:
    """scalar * the generator (RFC 9497's ScalarMultGen); a zero scalar is refused."""
    code, product = _call("crypto_scalarmult_ristretto255_base", ELEMENT_BYTES, _bytes(scalar, SCALAR_BYTES, "scalar"))
    if code != 0:
        raise ValueError("zero scalar")
    return product


def scalar_reduce(wide: bytes) -> bytes:
    """64 bytes read as a little-endian integer, reduced mod ℓ."""
    _code, scalar = _call(
        "crypto_core_ristretto255_scalar_reduce", SCALAR_BYTES, _bytes(wide, NONREDUCED_SCALAR_BYTES, "input")
    )
    return scalar


def scalar_invert(scalar: bytes) -> bytes:
    code, inverse = _call(
        "crypto_core_ristretto255_scalar_invert", SCALAR_BYTES, _bytes(scalar, SCALAR_BYTES, "scalar")
    )
    if code != 0:
        raise ValueError("zero has no inverse")
    return inverse


def scalar_random() -> bytes:
    """A uniformly random scalar in [1, ℓ) (libsodium's own rejection sampling)."""
    out = ctypes.create_string_buffer(SCALAR_BYTES)
    _sodium().crypto_core_ristretto255_scalar_random(out)
    return out.raw


def _scalar_binary(name: str, first: bytes, second: bytes) -> bytes:
    out = ctypes.create_string_buffer(SCALAR_BYTES)
    getattr(_sodium(), name)(out, _bytes(first, SCALAR_BYTES, "scalar"), _bytes(second, SCALAR_BYTES, "scalar"))
    return out.raw


def scalar_mul(first: bytes, second: bytes) -> bytes:
    return _scalar_binary("crypto_core_ristretto255_scalar_mul", first, second)


def scalar_sub(first: bytes, second: bytes) -> bytes:
    return _scalar_binary("crypto_core_ristretto255_scalar_sub", first, second)
