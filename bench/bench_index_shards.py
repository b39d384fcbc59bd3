"""Fan-out latency: four shard server processes against one server process holding every hash.

    .venv/bin/python bench/bench_index_shards.py --n 1000000 [--shards 4] [--queries 2000]

Writes the same N random hashes as one snapshot and as --shards hash-range shards
(glasna/matching/shards.py), starts one server process for the whole index and one per shard
(each maps its own snapshot), and sends the same queries (half near-duplicates, half unrelated)
through `ShardedIndex` to both set-ups, interleaved query by query, plus the same query to a
`MappedIndex` in this process (no socket: the floor). Reports p50/p99 per query at threshold 31
and checks that all three give identical answers.
"""

import argparse
import os
import secrets
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench_index_sharing import make_queries, percentiles  # noqa: E402

from glasna.matching import snapshot  # noqa: E402
from glasna.matching.mapped_index import MappedIndex  # noqa: E402
from glasna.matching.shards import ShardedIndex, spawn_servers, write_shards  # noqa: E402

THRESHOLD = 31


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--shards", type=int, default=4)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--dir", default=None, help="where to write the snapshots (default: a temporary folder)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    codes = rng.integers(0, 2**64, size=(args.n, 4), dtype=np.uint64, endpoint=False)
    ids = np.arange(args.n, dtype=np.int64)
    queries = make_queries(codes, args.queries, rng)
    authkey = secrets.token_bytes(32)
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp, tempfile.TemporaryDirectory(prefix="gs") as sockets:
        t0 = time.perf_counter()
        (whole,) = write_shards(Path(tmp) / "one", ids, codes, 1)
        one_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        parts = write_shards(Path(tmp) / "parts", ids, codes, args.shards)
        parts_s = time.perf_counter() - t0
        del codes
        print(f"n={args.n:,} shards={args.shards} queries={args.queries:,} load average {os.getloadavg()}")
        print(f"build + write: one snapshot {one_s:.1f} s, {args.shards} shard snapshots {parts_s:.1f} s")
        for sub in ("one", "parts"):  # socket names are per shard number: one folder per set-up
            (Path(sockets) / sub).mkdir()
        one_addr, one_procs = spawn_servers([whole], Path(sockets) / "one", authkey)
        part_addr, part_procs = spawn_servers(parts, Path(sockets) / "parts", authkey)
        one = ShardedIndex(one_addr, authkey)
        many = ShardedIndex(part_addr, authkey)
        local = MappedIndex(snapshot.read(whole)[0])
        assert len(one) == len(many) == len(local) == args.n
        timings: dict[str, list[float]] = {"one server": [], f"{args.shards} shards": [], "in-process": []}
        setups = list(zip(timings, (one, many, local), strict=True))
        for i, q in enumerate(queries):
            answers = []
            for name, index in setups[i % 3 :] + setups[: i % 3]:  # rotate who goes first
                t0 = time.perf_counter()
                answers.append(index.search_words(q, THRESHOLD))  # type: ignore[attr-defined]
                timings[name].append(time.perf_counter() - t0)
            assert answers[0] == answers[1] == answers[2], f"query {i}: answers differ"
        print(f"latency per query, threshold {THRESHOLD}, same {args.queries:,} queries, interleaved:")
        p50s = {}
        for name, samples in timings.items():
            p50, p99 = percentiles(samples)
            p50s[name] = (p50, p99)
            print(f"  {name:12s} p50 {p50:6.0f} us  p99 {p99:6.0f} us")
        s50, s99 = p50s[f"{args.shards} shards"]
        o50, o99 = p50s["one server"]
        print(f"{args.shards} shards / one server: p50 {s50 / o50:.2f}x, p99 {s99 / o99:.2f}x")
        print(f"answers identical on all {args.queries:,} queries; load average after {os.getloadavg()}")
        one.stop_servers()
        many.stop_servers()
        for process in one_procs + part_procs:
            process.join(timeout=60)


if __name__ == "__main__":
    main()
