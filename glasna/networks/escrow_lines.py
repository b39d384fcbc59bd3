"""What an identifier's OPRF output fixes in the escrow (ESCROW.md, steps 3 and 4): its match key,
the polynomial its shares lie on, a survivor's tag and x on it, and the key that wraps an entry's
key. Pure functions of their inputs, the same whichever OPRF suite gave the output: escrow.py
stores and matches entries, escrow_upgrade.py moves old entries to the current suite."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from typing import Protocol

from glasna.core.crypto import shamir


@dataclass(frozen=True)
class Line:
    """What an identifier's OPRF output fixes: its match key and the polynomial of its shares."""

    match_key: str
    coefficients: tuple[int, ...]
    survivor_key: bytes


def derive(output: bytes, label: str) -> bytes:
    """A 32-byte value for `label` from an OPRF output (match keys, Shamir coefficients)."""
    return hmac.new(output, b"glasna/oprf-output/" + label.encode(), hashlib.sha512).digest()[:32]


def line_for(output: bytes, k: int) -> Line:
    """Callisto's construction: the OPRF output deterministically gives the polynomial (the secret
    and the slope for k = 2), so every entry for one identifier holds a point of the same one."""
    coefficients = tuple(int.from_bytes(derive(output, f"coefficient/{i}"), "big") % shamir.PRIME for i in range(k))
    return Line(
        match_key=derive(output, "match-key").hex(),
        coefficients=coefficients,
        survivor_key=derive(output, "survivor"),
    )


def survivor_tag(line: Line, survivor: str) -> str:
    """The survivor's tag on this identifier: equal for her entries, unlinkable across identifiers."""
    return hmac.new(line.survivor_key, survivor.encode(), hashlib.sha256).hexdigest()


def share_x(tag: str) -> int:
    """The survivor's x on every identifier's line: non-zero, a function of her tag alone."""
    return 1 + int(tag, 16) % (shamir.PRIME - 1)


def wrapping_key(secret: int) -> bytes:
    """The key that wraps each entry's key: from the line's secret (its intercept) alone."""
    return hmac.new(secret.to_bytes(32, "big"), b"glasna/escrow/entry-key-wrap", hashlib.sha256).digest()


def context(match_key: str, x: str) -> bytes:
    """The associated context of an entry's ciphertexts: bound to its match key and its x."""
    return f"escrow:{match_key}:{x}".encode()


class _HasReport(Protocol):  # a Case, without importing the cases app into this pure module
    @property
    def pk(self) -> object: ...

    @property
    def report_id(self) -> object: ...


def survivor_name(case: _HasReport) -> str:
    """Who the survivor is to the escrow: her report (her receipt); a case without one stands for itself."""
    return f"report:{case.report_id}" if case.report_id else f"case:{case.pk}"
