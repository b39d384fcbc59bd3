"""The batch matcher: the CPU default (numba), the numpy reference and the GPU kernel code (run through
numpy) agree with brute force."""

import numpy as np
import pytest

from glasna.matching import gpu
from glasna.matching.index import distances


def _data(seed: int = 3) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    codes = rng.integers(0, 2**64, size=(3000, 4), dtype=np.uint64, endpoint=False)
    queries = codes[rng.integers(0, 3000, size=40)].copy()
    for q in range(40):
        for bit in rng.choice(256, size=int(rng.integers(0, 45)), replace=False):
            queries[q, bit // 64] ^= np.uint64(1) << np.uint64(bit % 64)
    return queries, codes


def _truth(queries: np.ndarray, codes: np.ndarray, threshold: int) -> set[tuple[int, int, int]]:
    pairs = set()
    for qi, q in enumerate(queries):
        dist = distances(codes, q)
        pairs |= {(qi, int(h), int(dist[h])) for h in np.flatnonzero(dist <= threshold)}
    return pairs


@pytest.mark.parametrize("backend", ["cpu", "numpy", "swar-numpy"])
@pytest.mark.parametrize("threshold", [0, 31, 40])
def test_batch_matches_equal_brute_force(backend: str, threshold: int) -> None:
    queries, codes = _data()
    result = gpu.match_batch(queries, codes, threshold, backend=backend, query_block=7, hash_block=1000)
    got = set(zip(result.query_rows.tolist(), result.hash_rows.tolist(), result.distances.tolist(), strict=True))
    assert got == _truth(queries, codes, threshold)
    assert result.backend == backend


def test_swar_popcount_is_exact() -> None:
    values = np.array([0, 1, 0xFFFFFFFF, 0x80000001, 0x12345678], dtype=np.int64)
    assert gpu.swar_popcount(values).tolist() == [0, 1, 32, 2, 13]


def test_auto_falls_back_to_cpu_without_a_gpu() -> None:
    queries, codes = _data()
    if set(gpu.available_backends()) & {"torch", "cupy"}:
        pytest.skip("a GPU is usable here")
    assert gpu.match_batch(queries[:2], codes, backend="auto").backend == "cpu"
    with pytest.raises(RuntimeError, match="not usable"):
        gpu.match_batch(queries[:2], codes, backend="torch")
