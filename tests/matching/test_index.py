"""The index equals brute force at every radius, through adds, removals, merges and snapshots."""

from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from glasna.matching.index import HashIndex, brute_force, hex_to_words, words_to_hex


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


def test_snapshot_reload_gives_the_same_answers(tmp_path: Path) -> None:
    rng = np.random.default_rng(7)
    codes = _random_codes(rng, 2000)
    ids = np.arange(2000, dtype=np.int64)
    index = HashIndex.build(ids[:1500], codes[:1500], tail_limit=100_000)
    index.add_many(ids[1500:], codes[1500:])  # still in the tail
    index.remove(3)
    path = tmp_path / "index.npz"
    index.save(path, marker=1234)
    loaded, marker = HashIndex.load(path)
    assert marker == 1234 and len(loaded) == 1999 and 3 not in loaded
    for _ in range(50):
        query = _near(rng, codes[rng.integers(2000)], int(rng.integers(0, 35)))
        assert loaded.search(query) == index.search(query)


def test_memory_per_hash_is_small() -> None:
    n = 100_000
    index = HashIndex.build(np.arange(n), _random_codes(np.random.default_rng(3), n))
    fixed = 16 * 65_537 * 4  # the offset tables, the same for any size
    assert (index.nbytes() - fixed) / n <= 32 + 8 + 1 + 16 * 4
