"""The index equals brute force at every radius, through adds, removals and merges (snapshots:
test_snapshot.py, test_mapped_index.py)."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from glasna.matching import index as index_module
from glasna.matching.index import (
    CHUNKS,
    PROBE_RADIUS,
    STARTS,
    WIDTHS,
    HashIndex,
    brute_force,
    hex_to_words,
    ideal_bits,
    words_to_hex,
)


def _random_codes(rng: np.random.Generator, n: int) -> np.ndarray:
    return rng.integers(0, 2**64, size=(n, 4), dtype=np.uint64, endpoint=False)


def _near(rng: np.random.Generator, code: np.ndarray, flips: int) -> str:
    query = code.copy()
    for bit in rng.choice(256, size=flips, replace=False):
        query[bit // 64] ^= np.uint64(1) << np.uint64(bit % 64)
    return words_to_hex(query)[0]


def test_hex_round_trip() -> None:
    value = "f" * 8 + "0" * 48 + "0123abcd"
    assert words_to_hex(hex_to_words([value]))[0] == value


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(1, 400),
    flips=st.lists(st.integers(0, 80), min_size=1, max_size=8),
    threshold=st.integers(0, 90),
)
def test_search_equals_brute_force(seed: int, n: int, flips: list[int], threshold: int) -> None:
    rng = np.random.default_rng(seed)
    codes = _random_codes(rng, n)
    ids = rng.permutation(10 * n)[:n].astype(np.int64)
    index = HashIndex.build(ids, codes)
    for flip in flips:
        query = _near(rng, codes[rng.integers(n)], flip)
        assert index.search(query, threshold) == brute_force(ids, codes, query, threshold)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), tail_limit=st.integers(1, 50))
def test_incremental_add_and_remove_stay_exact(seed: int, tail_limit: int) -> None:
    rng = np.random.default_rng(seed)
    codes = _random_codes(rng, 300)
    ids = np.arange(300, dtype=np.int64) + 1000
    index = HashIndex.build(ids[:100], codes[:100], tail_limit=tail_limit)
    live = set(range(100))
    for step in range(100, 300, 20):  # adds cross the tail limit: merges happen along the way
        index.add_many(ids[step : step + 20], codes[step : step + 20])
        live |= set(range(step, step + 20))
        for victim in rng.choice(sorted(live), size=5, replace=False):
            assert index.remove(int(ids[victim]))
            live.discard(int(victim))
        rows = np.array(sorted(live))
        for flip in (0, 5, 31, 40):
            query = _near(rng, codes[rng.choice(rows)], flip)
            for threshold in (31, 45):
                assert index.search(query, threshold) == brute_force(ids[rows], codes[rows], query, threshold)
    assert len(index) == len(live)


def test_remove_unknown_and_re_add() -> None:
    codes = _random_codes(np.random.default_rng(1), 3)
    index = HashIndex.build([1, 2, 3], codes)
    assert not index.remove(99)
    assert index.remove(2) and not index.remove(2)
    query = words_to_hex(codes[1])[0]
    assert index.search(query, 0) == []
    index.add(2, query)
    assert index.search(query, 0) == [(2, 0)]


def test_memory_per_hash_is_small() -> None:
    # Worst case: just at a power of two the offsets cost 11 * 2 bytes a hash (and 4 bytes every
    # 256 buckets).
    n = 1 << 17
    index = HashIndex.build(np.arange(n), _random_codes(np.random.default_rng(3), n))
    assert index._bits == 17 and index._shift == 8
    assert index.nbytes() / n <= 32 + 8 + 1 + CHUNKS * 4 + CHUNKS * 2 * 1.01  # about 107 bytes
    # And the probes read a few buckets, not the index: 11 * 154 buckets of about one hash each.
    masks, counts = index_module._flips(17)
    prefixes = index_module._prefixes(index._codes[:1], 17)[0]
    keys = prefixes[:, None] ^ masks[None, : counts[2]]
    offsets = index.bucket_offsets()
    read = sum(int(offsets[c, k + 1]) - int(offsets[c, k]) for c in range(CHUNKS) for k in keys[c])
    assert read < 4 * CHUNKS * 154


def test_chunks_cover_every_bit_once() -> None:
    assert sum(WIDTHS) == 256 and STARTS[0] == 0
    assert all(STARTS[i] + WIDTHS[i] == STARTS[i + 1] for i in range(CHUNKS - 1))
    assert PROBE_RADIUS == 43 and min(WIDTHS) >= max(ideal_bits(n) for n in (0, 1, 10**6, 10**9))


@settings(max_examples=50, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), bits=st.integers(16, 23))
def test_prefixes_are_the_right_bits(seed: int, bits: int) -> None:
    codes = _random_codes(np.random.default_rng(seed), 5)
    prefixes = index_module._prefixes(codes, bits)
    for row, code in enumerate(codes):
        binary = "".join(format(int(word), "064b") for word in code)
        for c, start in enumerate(STARTS):  # chunks that straddle two words included
            assert int(prefixes[row, c]) == int(binary[start : start + bits], 2)


@settings(max_examples=80, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    # 11k + 10: only one chunk differs in as few as k bits, the other ten in k + 1.
    threshold=st.one_of(st.sampled_from([10, 21, 32, 43]), st.integers(0, PROBE_RADIUS + 3)),
    extra=st.integers(0, 1),
    light=st.integers(0, CHUNKS - 1),
)
def test_differences_spread_evenly_over_the_chunks_are_found(seed: int, threshold: int, extra: int, light: int) -> None:
    """The pigeonhole's worst case: every chunk prefix differs in floor(r / 11) or more bits."""
    rng = np.random.default_rng(seed)
    codes = _random_codes(rng, 50)
    index = HashIndex.build(np.arange(50), codes)
    target = codes[7].copy()
    distance = threshold + extra  # one past the threshold must not be found
    for rank in range(CHUNKS):
        c = (light + 1 + rank) % CHUNKS  # the chunk `light` comes last: it gets the fewest bits
        count = distance // CHUNKS + (1 if rank < distance % CHUNKS else 0)
        for offset in rng.choice(16, size=count, replace=False):  # inside every prefix width
            bit = STARTS[c] + int(offset)
            target[bit // 64] ^= np.uint64(1) << np.uint64(63 - bit % 64)
    query = words_to_hex(target)[0]
    result = index.search(query, threshold)
    assert result == brute_force(np.arange(50, dtype=np.int64), codes, query, threshold)
    assert ((7, distance) in result) == (extra == 0)


def test_merge_that_crosses_a_power_of_two_widens_the_prefix() -> None:
    rng = np.random.default_rng(11)
    n = (1 << 17) - 10
    codes = _random_codes(rng, n + 30)
    ids = np.arange(n + 30, dtype=np.int64)
    index = HashIndex.build(ids[:n], codes[:n], tail_limit=5)
    assert index._bits == 16
    index.add_many(ids[n:], codes[n:])  # past 2**17: the merge rebuilds with 17-bit prefixes
    assert index._bits == 17 and index._sorted == n + 30
    for row in (0, n - 1, n, n + 29):
        query = _near(rng, codes[row], 31)
        assert index.search(query) == brute_force(ids, codes, query, 31)
