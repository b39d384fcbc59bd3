"""Shamir secret sharing (glasna/core/crypto/shamir.py): any k shares give the secret, k-1 do not."""

import itertools
import secrets

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glasna.core.crypto import shamir

secret_values = st.integers(min_value=0, max_value=shamir.PRIME - 1)


@settings(max_examples=30, deadline=None)
@given(secret_values, st.integers(min_value=2, max_value=4), st.integers(min_value=0, max_value=3))
def test_any_k_shares_reconstruct(secret: int, threshold: int, extra: int) -> None:
    shares = shamir.split(secret, threshold, threshold + extra)
    for subset in itertools.combinations(shares, threshold):
        assert shamir.reconstruct(list(subset), threshold) == secret


@settings(max_examples=30, deadline=None)
@given(secret_values, st.integers(min_value=2, max_value=4))
def test_k_minus_one_shares_give_a_wrong_secret(secret: int, threshold: int) -> None:
    shares = shamir.split(secret, threshold, threshold)
    with pytest.raises(shamir.NotEnoughShares):
        shamir.reconstruct(shares[: threshold - 1], threshold)
    # Interpolating through k-1 points gives a value independent of the secret: wrong but for
    # a chance of 1 in ℓ.
    assert shamir.interpolate_at_zero(shares[: threshold - 1]) != secret


def test_points_of_a_fixed_polynomial_lie_on_the_same_line() -> None:
    coefficients = [secrets.randbelow(shamir.PRIME), secrets.randbelow(shamir.PRIME)]
    first = shamir.share_on(coefficients, shamir.random_x())
    second = shamir.share_on(coefficients, shamir.random_x())
    assert shamir.reconstruct([first, second]) == coefficients[0]


def test_the_same_share_twice_is_not_two_shares() -> None:
    share = shamir.split(7, 2, 2)[0]
    with pytest.raises(shamir.NotEnoughShares):
        shamir.reconstruct([share, share])


def test_x_zero_is_refused() -> None:
    with pytest.raises(ValueError):
        shamir.share_on([1, 2], 0)
