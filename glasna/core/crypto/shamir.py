"""Shamir secret sharing over the scalar field of edwards25519 (the prime ℓ = 2^252 + ...), the
field the OPRF already works in: k-of-n, shares as (x, y) integers.

Two uses: `split` for a random polynomial, and `share_on` for a polynomial fixed by its
coefficients (the escrow's construction: the OPRF output of an identifier fixes the polynomial,
so every entry for the same identifier holds a point of the same one; see networks/ESCROW.md)."""

from __future__ import annotations

import secrets
from collections.abc import Sequence

# The order of edwards25519's prime-order subgroup.
PRIME = 2**252 + 27742317777372353535851937790883648493
Share = tuple[int, int]


class NotEnoughShares(ValueError):
    """Fewer shares than the threshold, or two with the same x."""


def _evaluate(coefficients: Sequence[int], x: int) -> int:
    y = 0
    for coefficient in reversed(coefficients):
        y = (y * x + coefficient) % PRIME
    return y


def random_x() -> int:
    """A random non-zero x: x = 0 would be the secret itself."""
    return 1 + secrets.randbelow(PRIME - 1)


def share_on(coefficients: Sequence[int], x: int) -> Share:
    """The point at `x` of the polynomial with `coefficients` (the secret first)."""
    if not 0 < x < PRIME:
        raise ValueError("x must be a non-zero field element")
    return x, _evaluate([c % PRIME for c in coefficients], x)


def split(secret: int, threshold: int = 2, count: int = 2) -> list[Share]:
    """`count` shares of `secret`, any `threshold` of which reconstruct it."""
    if not 1 < threshold <= count < PRIME:
        raise ValueError("need 1 < threshold <= count")
    coefficients = [secret % PRIME] + [secrets.randbelow(PRIME) for _ in range(threshold - 1)]
    xs: set[int] = set()
    while len(xs) < count:
        xs.add(random_x())
    return [share_on(coefficients, x) for x in sorted(xs)]


def reconstruct(shares: Sequence[Share], threshold: int = 2) -> int:
    """The polynomial's value at 0 from `threshold` shares (Lagrange interpolation). With fewer than
    the threshold this is refused; given wrong or too few points it returns a wrong value, which the
    caller detects because the key it derives opens nothing."""
    points = list(dict(shares).items())
    if len(points) < threshold or len(points) != len(shares):
        raise NotEnoughShares("need distinct shares up to the threshold")
    points = points[:threshold]
    secret = 0
    for i, (xi, yi) in enumerate(points):
        numerator, denominator = 1, 1
        for j, (xj, _) in enumerate(points):
            if i != j:
                numerator = numerator * (-xj) % PRIME
                denominator = denominator * (xi - xj) % PRIME
        secret = (secret + yi * numerator * pow(denominator, -1, PRIME)) % PRIME
    return secret


def interpolate_at_zero(shares: Sequence[Share]) -> int:
    """Lagrange at 0 over whatever points are given (for tests: k-1 points give a wrong value)."""
    return reconstruct(shares, threshold=len(shares)) if len(shares) > 1 else shares[0][1]
