"""Exact batch matching: comparisons per second of the CPU default against a GPU backend (when
torch or CuPy sees a CUDA device) and the GPU kernel code run through numpy, in the same run.

    .venv/bin/python bench/bench_gpu.py --queries 1000 --hashes 1000000 [--backend auto]
"""

import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from glasna.matching import gpu  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--hashes", type=int, default=1_000_000)
    parser.add_argument("--backend", default="auto", help="auto, torch, cupy or swar-numpy")
    args = parser.parse_args()
    rng = np.random.default_rng(1)
    codes = rng.integers(0, 2**64, size=(args.hashes, 4), dtype=np.uint64, endpoint=False)
    queries = codes[rng.integers(0, args.hashes, size=args.queries)].copy()
    queries[:, 0] ^= np.uint64(0xFF)  # 8 bits away from a stored hash
    print(f"backends usable here: {gpu.available_backends()}")
    cpu = gpu.match_batch(queries, codes, 31, backend="cpu")
    cpu_rate = cpu.comparisons_per_second(args.queries, args.hashes)
    print(f"cpu        : {cpu.seconds:.2f} s, {cpu_rate:.3e} comparisons/s, {len(cpu.query_rows)} matches")
    other = args.backend
    if other == "auto":
        usable = [b for b in gpu.available_backends() if b in ("torch", "cupy")]
        other = usable[0] if usable else "swar-numpy"
        if not usable:
            print("no GPU usable: running the GPU kernel code through numpy instead (correctness, not speed)")
    result = gpu.match_batch(queries, codes, 31, backend=other, query_block=16, hash_block=1 << 16)
    rate = result.comparisons_per_second(args.queries, args.hashes)
    same = np.array_equal(result.hash_rows, cpu.hash_rows) and np.array_equal(result.query_rows, cpu.query_rows)
    print(f"{other:<11}: {result.seconds:.2f} s, {rate:.3e} comparisons/s, same matches as cpu: {same}")
    print(f"ratio {other}/cpu: {rate / cpu_rate:.2f}x")


if __name__ == "__main__":
    main()
