"""Exact batch matching on the CPU: every query against every hash, near the hardware.

The hashes are held as four columns of 64-bit words (structure of arrays), so the inner loop over
hashes is a straight run of XOR, popcount and compare that LLVM (through numba) turns into vector
instructions: VPOPCNTQ on CPUs with AVX-512 VPOPCNTDQ, scalar POPCNT elsewhere. Hashes are
scanned in blocks that stay in the L2 cache while every query of a chunk passes over them.

Two passes, because matches are rare at radius 31: the first only counts the matches of each
(query, block) pair, vectorised; the second rescans the few pairs with a match and writes them
out. Both are compiled on first use (a second or two) and never at import time.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt

from glasna.matching import numba_popcount

BLOCK = 4096  # hashes per block: 4 columns x 8 bytes x 4096 = 128 KiB, inside a core's L2
QUERY_CHUNK = 4096  # bounds the per-(query, block) count table to 16 MiB per million hashes


@dataclass(frozen=True)
class Columns:
    """Hashes ready for the kernel: four contiguous int64 columns (bit patterns of the uint64 words)."""

    words: tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]

    @classmethod
    def of(cls, codes: npt.NDArray[np.uint64]) -> Columns:
        signed = np.ascontiguousarray(codes, dtype=np.uint64).view(np.int64)
        w0, w1, w2, w3 = (np.ascontiguousarray(signed[:, i]) for i in range(4))
        return cls((w0, w1, w2, w3))

    def __len__(self) -> int:
        return len(self.words[0])


@cache
def _kernels() -> tuple[Any, Any]:
    """Compile lazily: importing Glasna must not pay numba's start-up or fail without it."""
    from numba import njit, prange

    popcount: Any = numba_popcount.popcount("int64")  # LLVM's ctpop: POPCNT, or VPOPCNTQ once vectorised

    @njit(fastmath=True, error_model="numpy", nogil=True)
    def count_one(a0: int, a1: int, a2: int, a3: int, w0: Any, w1: Any, w2: Any, w3: Any, threshold: int) -> int:
        # Zero-based over slices: with range(start, stop) numba cannot rule out negative indices,
        # and the wrap-around check it then inserts stops LLVM from vectorising the loop.
        found = 0
        for j in range(w0.shape[0]):
            d = popcount(a0 ^ w0[j]) + popcount(a1 ^ w1[j]) + popcount(a2 ^ w2[j]) + popcount(a3 ^ w3[j])
            found += d <= threshold
        return found

    @njit(parallel=True, fastmath=True, error_model="numpy", nogil=True)
    def count_blocks(q: Any, w0: Any, w1: Any, w2: Any, w3: Any, threshold: int, block: int, counts: Any) -> None:
        n = w0.shape[0]
        for b in range(counts.shape[1]):
            start = b * block
            stop = min(n, start + block)
            s0, s1, s2, s3 = w0[start:stop], w1[start:stop], w2[start:stop], w3[start:stop]
            for i in prange(q.shape[0]):
                counts[i, b] = count_one(q[i, 0], q[i, 1], q[i, 2], q[i, 3], s0, s1, s2, s3, threshold)

    @njit(fastmath=True, error_model="numpy", nogil=True)
    def collect(
        q: Any, w0: Any, w1: Any, w2: Any, w3: Any, threshold: int, block: int, pairs: Any, out_h: Any, out_d: Any
    ) -> None:
        n = w0.shape[0]
        k = 0
        for p in range(pairs.shape[0]):
            i, b = pairs[p, 0], pairs[p, 1]
            a0, a1, a2, a3 = q[i, 0], q[i, 1], q[i, 2], q[i, 3]
            for j in range(b * block, min(n, (b + 1) * block)):
                d = popcount(a0 ^ w0[j]) + popcount(a1 ^ w1[j]) + popcount(a2 ^ w2[j]) + popcount(a3 ^ w3[j])
                if d <= threshold:
                    out_h[k] = j
                    out_d[k] = d
                    k += 1

    return count_blocks, collect


def set_threads(threads: int | None) -> int:
    """Cores the kernel may use (None: all numba sees). Returns the number in effect."""
    import numba

    everything = numba.config.NUMBA_NUM_THREADS  # type: ignore[attr-defined]
    numba.set_num_threads(everything if threads is None else threads)
    return int(numba.get_num_threads())


def match(
    queries: npt.NDArray[np.uint64], hashes: Columns | npt.NDArray[np.uint64], threshold: int = 31
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """(query row, hash row, distance) of every pair within `threshold` bits, ordered by query
    then hash."""
    columns = hashes if isinstance(hashes, Columns) else Columns.of(hashes)
    count_blocks, collect = _kernels()
    q_all = np.ascontiguousarray(queries, dtype=np.uint64).view(np.int64)
    blocks = max(1, -(-len(columns) // BLOCK))
    out_q: list[npt.NDArray[np.int64]] = []
    out_h: list[npt.NDArray[np.int64]] = []
    out_d: list[npt.NDArray[np.int64]] = []
    for q0 in range(0, len(q_all), QUERY_CHUNK):
        q = q_all[q0 : q0 + QUERY_CHUNK]
        counts = np.zeros((len(q), blocks), dtype=np.int32)
        count_blocks(q, *columns.words, threshold, BLOCK, counts)
        rows, cols = np.nonzero(counts)  # row-major: by query, then block
        if not len(rows):
            continue
        per_pair = counts[rows, cols].astype(np.int64)
        hits_h = np.empty(int(per_pair.sum()), dtype=np.int64)
        hits_d = np.empty_like(hits_h)
        pairs = np.stack([rows, cols], axis=1).astype(np.int64)
        collect(q, *columns.words, threshold, BLOCK, pairs, hits_h, hits_d)
        out_q.append(np.repeat(rows.astype(np.int64), per_pair) + q0)
        out_h.append(hits_h)
        out_d.append(hits_d)
    if not out_q:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty.copy(), empty.copy()
    return np.concatenate(out_q), np.concatenate(out_h), np.concatenate(out_d)
