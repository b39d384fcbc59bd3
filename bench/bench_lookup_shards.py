"""Lookup latency through the wired path: `lookup.lookup()` (what the API endpoints call) with the
index in the web process, in one shard server, and in four shard servers, same run, same queries.

    .venv/bin/python bench/bench_lookup_shards.py --n 1000000 [--shards 4] [--queries 2000]

Writes N random PDQ hashes into a throwaway SQLite database (harness.py), starts
`glasna matching_shard_serve` processes (one set-up of one shard, one of --shards; each builds its
snapshot from the database, as in production) and sends the same queries (half near-duplicates,
half unrelated) through `lookup.lookup()` for a platform that sees the bank, switching
GLASNA_INDEX_SHARDS query by query (who goes first rotates). Every lookup includes the database
re-check of the hits and the sighting it records, as in production. Checks that the three give
identical matches; reports p50/p99.
"""

import argparse
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench_index_sharing import make_queries, percentiles  # noqa: E402
from harness import start_django  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def insert(codes: np.ndarray) -> None:
    from tests.matching.shard_setup import add_hashes  # after start_django: it imports the models

    step = 20_000  # one change (one transaction) per chunk
    for start in range(0, len(codes), step):
        add_hashes(codes[start : start + step])


def spawn(shards: int, env: dict[str, str], logs: Path) -> list[subprocess.Popen[bytes]]:
    processes = []
    for shard in range(shards):
        with open(logs / f"{shard}-of-{shards}.log", "wb") as log:
            processes.append(
                subprocess.Popen(  # noqa: S603
                    [sys.executable, "-m", "glasna.cli", "matching_shard_serve", "--shard", str(shard)],
                    cwd=ROOT,
                    env={**env, "GLASNA_INDEX_SHARDS": str(shards)},
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
    for shard, process in enumerate(processes):
        log_path = logs / f"{shard}-of-{shards}.log"
        while "listening on" not in log_path.read_text():
            if process.poll() is not None:
                raise RuntimeError(log_path.read_text())
            time.sleep(0.5)
    return processes


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--shards", type=int, default=4)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    start_django()
    from django.conf import settings
    from django.core.management import call_command

    from glasna.matching import banks, live_index, lookup, tokens
    from glasna.matching.index import words_to_hex

    call_command("migrate", verbosity=0)
    rng = np.random.default_rng(args.seed)
    codes = rng.integers(0, 2**64, size=(args.n, 4), dtype=np.uint64, endpoint=False)
    queries = words_to_hex(make_queries(codes, args.queries, rng))
    t0 = time.perf_counter()
    insert(codes)
    del codes
    print(f"n={args.n:,} shards={args.shards} queries={args.queries:,} load average {os.getloadavg()}")
    print(f"insert into SQLite: {time.perf_counter() - t0:.0f} s")
    platform, _token = tokens.issue("bench", "Bench", [banks.survivor_bank()])
    key = secrets.token_hex(32)
    with tempfile.TemporaryDirectory(prefix="gs") as sockets:
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "GLASNA_INDEX_SHARD_SOCKETS": sockets,
            "GLASNA_INDEX_SHARD_KEY": key,
        }
        settings.GLASNA_INDEX_SHARD_SOCKETS = Path(sockets)
        settings.GLASNA_INDEX_SHARD_KEY = key
        t0 = time.perf_counter()
        processes = spawn(1, env, Path(sockets))
        one_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        processes += spawn(args.shards, env, Path(sockets))
        many_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        settings.GLASNA_INDEX_SHARDS = 0
        live_index.current()
        local_s = time.perf_counter() - t0
        print(
            f"ready (snapshots built from the database): one shard server {one_s:.0f} s, {args.shards} shard servers "
            f"{many_s:.0f} s, in-process index {local_s:.0f} s"
        )
        setups = {"in-process": 0, "one server": 1, f"{args.shards} shards": args.shards}
        timings: dict[str, list[float]] = {name: [] for name in setups}
        names = list(setups)
        for i, value in enumerate(queries):
            answers = []
            for name in names[i % 3 :] + names[: i % 3]:
                settings.GLASNA_INDEX_SHARDS = setups[name]
                t0 = time.perf_counter()
                found = lookup.lookup(platform, "pdq", value)
                timings[name].append(time.perf_counter() - t0)
                answers.append([(m.entry.pk, m.distance) for m in found])
            assert answers[0] == answers[1] == answers[2], f"query {i}: answers differ"
        print(f"lookup.lookup() latency, bank threshold, same {args.queries:,} queries, interleaved:")
        p = {name: percentiles(samples) for name, samples in timings.items()}
        half = args.queries // 2  # make_queries: near-duplicates first (a match: a sighting is written)
        for name, (p50, p99) in p.items():
            near, unrelated = percentiles(timings[name][:half]), percentiles(timings[name][half:])
            print(
                f"  {name:12s} p50 {p50:6.0f} us  p99 {p99:6.0f} us | near-duplicates p50 {near[0]:6.0f} "
                f"p99 {near[1]:6.0f} | unrelated p50 {unrelated[0]:6.0f} p99 {unrelated[1]:6.0f}"
            )
        many, one, local = p[f"{args.shards} shards"], p["one server"], p["in-process"]
        print(f"{args.shards} shards / one server: p50 {many[0] / one[0]:.2f}x, p99 {many[1] / one[1]:.2f}x")
        print(f"{args.shards} shards / in-process: p50 {many[0] / local[0]:.2f}x, p99 {many[1] / local[1]:.2f}x")
        print(f"answers identical on all {args.queries:,} queries; load average after {os.getloadavg()}")
        for process in processes:
            process.terminate()
            process.wait(timeout=60)


if __name__ == "__main__":
    main()
