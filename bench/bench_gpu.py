"""Exact batch matching on a GPU (torch or CuPy, when one sees a CUDA device) against the CPU
default (glasna/matching/batch_cpu.py) in the same run. The CPU is timed on a subset of the queries
(`--cpu-queries`), since 1M x 10M comparisons take about an hour on one CPU; rates are per
comparison, so they compare, and the GPU's matches for that subset must equal the CPU's.

    .venv/bin/python bench/bench_gpu.py --queries 1000000 --hashes 10000000   # the issue's size, on a GPU
    .venv/bin/python bench/bench_gpu.py --queries 1000 --hashes 1000000       # no GPU: the kernel code via numpy
"""

import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from glasna.matching import gpu  # noqa: E402


def _pairs(result: gpu.BatchResult, below: int) -> set[tuple[int, int]]:
    keep = result.query_rows < below
    return set(zip(result.query_rows[keep].tolist(), result.hash_rows[keep].tolist(), strict=True))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--hashes", type=int, default=1_000_000)
    parser.add_argument("--cpu-queries", type=int, default=2000, help="queries the CPU baseline is timed on")
    parser.add_argument("--backend", default="auto", help="auto, torch, cupy or swar-numpy")
    args = parser.parse_args()
    rng = np.random.default_rng(1)
    codes = rng.integers(0, 2**64, size=(args.hashes, 4), dtype=np.uint64, endpoint=False)
    queries = codes[rng.integers(0, args.hashes, size=args.queries)].copy()
    queries[:, 0] ^= np.uint64(0xFF)  # 8 bits away from a stored hash
    print(f"backends usable here: {gpu.available_backends()}")
    subset = min(args.cpu_queries, args.queries)
    gpu.match_batch(queries[:1], codes[:10], 31, backend="cpu")  # compile outside the timing
    cpu = gpu.match_batch(queries[:subset], codes, 31, backend="cpu")
    cpu_rate = cpu.comparisons_per_second(subset, args.hashes)
    print(f"cpu        : {subset} queries in {cpu.seconds:.2f} s, {cpu_rate:.3e} comparisons/s")
    other = args.backend
    if other == "auto":
        usable = [b for b in gpu.available_backends() if b in ("torch", "cupy")]
        other = usable[0] if usable else "swar-numpy"
        if not usable:
            print("no GPU usable: running the GPU kernel code through numpy instead (correctness, not speed)")
    count = args.queries if other in ("torch", "cupy") else subset
    result = gpu.match_batch(queries[:count], codes, 31, backend=other, query_block=16, hash_block=1 << 16)
    rate = result.comparisons_per_second(count, args.hashes)
    same = _pairs(result, subset) == _pairs(cpu, subset)
    print(f"{other:<11}: {count} queries in {result.seconds:.2f} s, {rate:.3e} comparisons/s")
    print(f"{len(result.query_rows)} matches; the same as the cpu's on the first {subset} queries: {same}")
    print(f"ratio {other}/cpu: {rate / cpu_rate:.2f}x")


if __name__ == "__main__":
    main()
