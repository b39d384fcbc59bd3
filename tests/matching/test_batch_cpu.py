"""The numba batch kernel: exactly the pairs brute force finds, at block and chunk edges too."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glasna.matching import batch_cpu
from glasna.matching.index import distances


def _truth(queries: np.ndarray, codes: np.ndarray, threshold: int) -> list[tuple[int, int, int]]:
    found = []
    for qi, q in enumerate(queries):
        dist = distances(codes, q)
        found += [(qi, int(h), int(dist[h])) for h in np.flatnonzero(dist <= threshold)]
    return found


def _as_list(result: tuple[np.ndarray, np.ndarray, np.ndarray]) -> list[tuple[int, int, int]]:
    q, h, d = result
    return list(zip(q.tolist(), h.tolist(), d.tolist(), strict=True))


def _near(codes: np.ndarray, rng: np.random.Generator, count: int, max_bits: int) -> np.ndarray:
    queries = codes[rng.integers(0, len(codes), size=count)].copy()
    for row in queries:
        for bit in rng.choice(256, size=int(rng.integers(0, max_bits)), replace=False):
            row[bit // 64] ^= np.uint64(1) << np.uint64(bit % 64)
    return queries


@pytest.mark.parametrize("threshold", [0, 31, 64, 256])
def test_every_pair_brute_force_finds_and_no_other(threshold: int, monkeypatch: pytest.MonkeyPatch) -> None:
    # Small blocks and chunks, so that hashes and queries straddle their edges.
    monkeypatch.setattr(batch_cpu, "BLOCK", 97)
    monkeypatch.setattr(batch_cpu, "QUERY_CHUNK", 13)
    rng = np.random.default_rng(7)
    codes = rng.integers(0, 2**64, size=(1000, 4), dtype=np.uint64, endpoint=False)
    codes[5] = np.uint64(2**64 - 1)  # all ones: the sign bit of every int64 word
    queries = _near(codes, rng, 40, 50)
    assert _as_list(batch_cpu.match(queries, codes, threshold)) == _truth(queries, codes, threshold)


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 300), st.integers(1, 20), st.integers(0, 256), st.integers(0, 2**32))
def test_any_shape_any_threshold(n: int, m: int, threshold: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    codes = rng.integers(0, 2**64, size=(n, 4), dtype=np.uint64, endpoint=False)
    queries = _near(codes, rng, m, 40)
    assert _as_list(batch_cpu.match(queries, batch_cpu.Columns.of(codes), threshold)) == _truth(
        queries, codes, threshold
    )


def test_nothing_to_match() -> None:
    codes = np.zeros((0, 4), dtype=np.uint64)
    queries = np.ones((3, 4), dtype=np.uint64)
    assert _as_list(batch_cpu.match(queries, codes, 31)) == []
    assert _as_list(batch_cpu.match(np.zeros((0, 4), dtype=np.uint64), np.ones((5, 4), dtype=np.uint64), 31)) == []


def test_threads_can_be_limited() -> None:
    assert batch_cpu.set_threads(1) == 1
    rng = np.random.default_rng(2)
    codes = rng.integers(0, 2**64, size=(500, 4), dtype=np.uint64, endpoint=False)
    queries = _near(codes, rng, 10, 30)
    assert _as_list(batch_cpu.match(queries, codes)) == _truth(queries, codes, 31)
    batch_cpu.set_threads(None)
