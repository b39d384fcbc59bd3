"""Why the index uses 11 chunks of 23-24 bits and not 8 chunks of 32: the 8 x 32 probe step alone
against the whole 11-chunk search, in the same run, on the same random hashes and queries.

    .venv/bin/python bench/bench_index_layouts.py --n 10000000 [--queries 200]

8 x 32 at radius 31: some 32-bit chunk is within 3 bits, so each chunk is probed with all
C(32, <=3) = 5,489 keys (43,912 a query). Two ways to find those keys in the chunk's sorted uint32
keys are timed: a 23-bit prefix table then key comparison, and np.searchsorted. Only the probe is
timed (no verification), so the 8 x 32 figures are a lower bound on its search time.
"""

import argparse
import os
import sys
import time
from itertools import combinations

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from glasna.matching.index import HashIndex  # noqa: E402

FLIPS = np.array([sum(1 << b for b in bits) for k in range(4) for bits in combinations(range(32), k)], dtype=np.uint32)


def p50_p99(samples: list[float]) -> tuple[float, float]:
    arr = np.array(samples) * 1e6
    return float(np.percentile(arr, 50)), float(np.percentile(arr, 99))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10_000_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    rng = np.random.default_rng(1)
    codes = rng.integers(0, 2**64, size=(args.n, 4), dtype=np.uint64)
    queries = codes[rng.integers(0, args.n, size=args.queries)].copy()
    queries[:, 1] ^= np.uint64(0x0F0F)  # near-duplicates, 8 bits away

    index = HashIndex.build(np.arange(args.n), codes)
    glasna = []
    for q in queries:
        t0 = time.perf_counter()
        index.search_words(q, 31)
        glasna.append(time.perf_counter() - t0)

    bits = max(16, args.n.bit_length() - 1)
    shift = 32 - bits
    # Chunk c of 8: the high or low half of word c // 2.
    halves = [(codes[:, c // 2] >> np.uint64(32 * (1 - c % 2))).astype(np.uint32) for c in range(8)]
    keys = [np.sort(h) for h in halves]
    offsets = np.zeros((8, (1 << bits) + 1), dtype=np.int64)
    for c in range(8):
        np.cumsum(np.bincount(keys[c] >> shift, minlength=1 << bits), out=offsets[c, 1:])
    table_t, search_t = [], []
    for q in queries:
        chunks = [np.uint32(int(q[c // 2]) >> (32 * (1 - c % 2)) & 0xFFFFFFFF) for c in range(8)]
        t0 = time.perf_counter()
        for c in range(8):
            probes = chunks[c] ^ FLIPS
            buckets = probes >> shift
            starts, ends = np.take(offsets[c], buckets), np.take(offsets[c], buckets + 1)
            active, at = np.flatnonzero(ends > starts), starts[ends > starts]
            while len(active):  # walk each non-empty bucket until its keys pass the probe
                found = np.take(keys[c], at)  # np.take: the index's own gather
                more = (found <= probes[active]) & (at + 1 < ends[active])
                active, at = active[more], at[more] + 1
        table_t.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        for c in range(8):
            np.searchsorted(keys[c], np.sort(chunks[c] ^ FLIPS))
        search_t.append(time.perf_counter() - t0)

    g50, g99 = p50_p99(glasna)
    print(f"n={args.n:,} queries={args.queries}")
    print(f"11 x 23-24 bits, whole search  : p50 {g50:.0f} us, p99 {g99:.0f} us")
    for name, samples in (("prefix table", table_t), ("searchsorted", search_t)):
        p50, p99 = p50_p99(samples)
        print(
            f"8 x 32 bits, probe only, {name}: p50 {p50:.0f} us, p99 {p99:.0f} us ({p50 / g50:.1f}x the 11-chunk p50)"
        )


if __name__ == "__main__":
    main()
