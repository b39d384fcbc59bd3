"""Do four worker processes share one memory-mapped index snapshot? And what does the map cost a query?

    .venv/bin/python bench/bench_index_sharing.py --n 1000000 [--workers 4] [--queries 2000]

Writes a snapshot of N random hashes (glasna/matching/snapshot.py), then starts worker processes
(spawned: nothing inherited from this one) in three groups, one group at a time:

- `bare`: imports what a worker imports and loads no index (the interpreter's own share);
- `mmap`: maps the snapshot (`snapshot.read`, CRC-32 checked) as `live_index` does, answers every query;
- `private`: the same arrays copied into the process's own memory (what each worker held before:
  the .npz snapshot read whole), answers every query.

For each worker it reads /proc/PID/smaps_rollup while the group is alive: RSS, PSS (shared pages
divided among the processes that map them) and USS (private pages), first with one worker of the
group running, then with all of them. Then, in this process, the same queries against the mapped
index and the private copy, interleaved query by query, for p50/p99, and the answers compared
(and against brute force on the first --brute-queries).
"""

import argparse
import multiprocessing as mp
import os
import sys
import tempfile
import time
from multiprocessing.connection import Connection
from pathlib import Path

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from glasna.matching import snapshot  # noqa: E402
from glasna.matching.index import HashIndex, brute_force, words_to_hex  # noqa: E402
from glasna.matching.mapped_index import MappedIndex  # noqa: E402

THRESHOLD = 31
MB = 1024 * 1024


def smaps(pid: int) -> dict[str, int]:
    """Bytes from /proc/PID/smaps_rollup: Rss, Pss, Uss (= Private_Clean + Private_Dirty)."""
    fields: dict[str, int] = {}
    with open(f"/proc/{pid}/smaps_rollup") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) == 3 and parts[2] == "kB":
                fields[parts[0].rstrip(":")] = int(parts[1]) * 1024
    return {
        "rss": fields["Rss"],
        "pss": fields["Pss"],
        "uss": fields["Private_Clean"] + fields["Private_Dirty"],
    }


def private_copy(index: HashIndex) -> HashIndex:
    arrays, layout = index.tables()  # a mapped index is merged already: these are its mapped arrays
    return HashIndex.from_tables({k: np.array(v) for k, v in arrays.items()}, layout)


def worker(mode: str, folder: str, queries_path: str, conn: Connection) -> None:
    held: object = None
    load_s = 0.0
    if mode != "bare":
        t0 = time.perf_counter()
        base, _marker, _name = snapshot.read(Path(folder))
        index = MappedIndex(base) if mode == "mmap" else private_copy(base)
        if mode == "private":
            del base
        load_s = time.perf_counter() - t0
        queries = np.load(queries_path)
        for q in queries:
            index.search_words(q, THRESHOLD)
        held = index
    conn.send(("ready", load_s))
    conn.recv()  # hold the index until measured
    del held


def run_group(mode: str, workers: int, folder: str, queries_path: str) -> dict[str, object]:
    ctx = mp.get_context("spawn")
    procs, conns = [], []
    one: dict[str, int] = {}
    loads = []
    for i in range(workers):
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=worker, args=(mode, folder, queries_path, child))
        proc.start()
        message, load_s = parent.recv()
        assert message == "ready"
        loads.append(load_s)
        procs.append(proc)
        conns.append(parent)
        if i == 0:
            one = smaps(proc.pid)  # one worker of the group alone
    every = [smaps(p.pid) for p in procs]
    for conn in conns:
        conn.send("exit")
    for proc in procs:
        proc.join()
    return {"one": one, "every": every, "loads": loads}


def percentiles(samples: list[float]) -> tuple[float, float]:
    arr = np.array(samples) * 1e6
    return float(np.percentile(arr, 50)), float(np.percentile(arr, 99))


def make_queries(codes: np.ndarray, count: int, rng: np.random.Generator) -> np.ndarray:
    """Half near-duplicates (3-30 bits flipped), half unrelated hashes, as bench_index.py."""
    queries = codes[rng.integers(0, len(codes), size=count)].copy()
    for q in range(count // 2):
        for bit in rng.choice(256, size=int(rng.integers(3, 31)), replace=False):
            queries[q, bit // 64] ^= np.uint64(1) << np.uint64(bit % 64)
    queries[count // 2 :] = rng.integers(0, 2**64, size=(count - count // 2, 4), dtype=np.uint64, endpoint=False)
    return queries


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--brute-queries", type=int, default=20)
    parser.add_argument("--dir", default=None, help="where to write the snapshot (default: a temporary folder)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = np.random.default_rng(args.seed)
    codes = rng.integers(0, 2**64, size=(args.n, 4), dtype=np.uint64, endpoint=False)
    ids = np.arange(args.n, dtype=np.int64)
    queries = make_queries(codes, args.queries, rng)
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        folder = Path(tmp) / "index"
        t0 = time.perf_counter()
        written = snapshot.write(folder, ids, codes, marker=0)
        write_s = time.perf_counter() - t0
        size = sum(p.stat().st_size for p in written.iterdir())
        brute_codes = codes[:]  # kept for the brute-force check below
        del codes
        queries_path = str(Path(tmp) / "queries.npy")
        np.save(queries_path, queries)
        print(f"n={args.n:,} workers={args.workers} queries={args.queries:,} load average {os.getloadavg()}")
        print(f"snapshot: written in {write_s:.1f} s (build included), {size / MB:.1f} MiB, {size / args.n:.1f} B/hash")

        groups = {
            mode: run_group(mode, args.workers, str(folder), queries_path) for mode in ("bare", "mmap", "private")
        }
        bare_pss = sum(m["pss"] for m in groups["bare"]["every"]) / args.workers  # type: ignore[attr-defined]
        bare_one = groups["bare"]["one"]["pss"]  # type: ignore[index]
        for mode, group in groups.items():
            every = group["every"]
            for i, m in enumerate(every):  # type: ignore[arg-type]
                print(
                    f"{mode:7s} worker {i}: RSS {m['rss'] / MB:7.1f} MiB  PSS {m['pss'] / MB:7.1f} MiB  "
                    f"USS {m['uss'] / MB:7.1f} MiB"
                )
            if mode != "bare":
                loads = ", ".join(f"{t:.2f}" for t in group["loads"])  # type: ignore[attr-defined]
                print(f"{mode:7s} load (map or copy, CRC-32 check included), s: {loads}")
            total = sum(m["pss"] for m in every)  # type: ignore[attr-defined]
            one = group["one"]["pss"]  # type: ignore[index]
            print(
                f"{mode:7s} PSS: one worker alone {one / MB:.1f} MiB, {args.workers} workers total {total / MB:.1f} MiB "
                f"({total / one:.2f}x one); index share (minus bare interpreters): one "
                f"{(one - bare_one) / MB:.1f} MiB, all {(total - bare_pss * args.workers) / MB:.1f} MiB = "
                f"{(total - bare_pss * args.workers) / args.n:.1f} B/hash"
                + (
                    f"; all / one: {(total - bare_pss * args.workers) / (one - bare_one):.2f}x"
                    if mode != "bare"
                    else ""
                )
            )

        base, _marker, _name = snapshot.read(folder)
        mapped = MappedIndex(base)
        private = private_copy(base)
        mapped.search_words(queries[0], THRESHOLD)  # numba compiles the search kernel on first use: untimed
        mapped_s, private_s = [], []
        for i, q in enumerate(queries):
            pair = [(mapped, mapped_s), (private, private_s)]
            for index, samples in pair if i % 2 == 0 else pair[::-1]:  # alternate who goes first
                t0 = time.perf_counter()
                found = index.search_words(q, THRESHOLD)  # type: ignore[attr-defined]
                samples.append(time.perf_counter() - t0)
                if index is mapped:
                    mapped_found = found
                else:
                    private_found = found
            assert mapped_found == private_found, f"query {i}: mapped and private copies disagree"
            if i < args.brute_queries:
                assert mapped_found == brute_force(ids, brute_codes, words_to_hex(q)[0], THRESHOLD)
        m50, m99 = percentiles(mapped_s)
        p50, p99 = percentiles(private_s)
        print(f"latency (same process, same {args.queries:,} queries, interleaved), threshold {THRESHOLD}:")
        print(f"  mmap    p50 {m50:.0f} us  p99 {m99:.0f} us")
        print(
            f"  private p50 {p50:.0f} us  p99 {p99:.0f} us   (mmap / private: p50 {m50 / p50:.2f}x, p99 {m99 / p99:.2f}x)"
        )
        print(
            f"answers identical on all {args.queries:,} queries; equal to brute force on the first {args.brute_queries}"
        )
        print(f"load average after: {os.getloadavg()}")
        del mapped, private, base


if __name__ == "__main__":
    main()
