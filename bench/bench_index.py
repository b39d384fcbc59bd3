"""The PDQ index against Open Media Match's (threatexchange's PDQMultiHashIndex: FAISS
IndexBinaryMultiHash(256, 16 sub-hashes of 16 bits) inside IndexBinaryIDMap2, nflip = 31 // 16)
and against brute force, on synthetic hashes with near-duplicate queries (3-30 bits flipped) and
unrelated queries.

    .venv/bin/python bench/bench_index.py --n 1000000 [--queries 2000] [--faiss-threads 1] [--against /tmp/oldtree]

Prints build time (after a warm-up that compiles the numba kernels, timed on its own), memory per hash (Glasna: array bytes; FAISS: process RSS growth while
building), p50/p99 single-query latency at threshold 31, and recall against brute force.
Needs faiss-cpu (`pip install -e '.[bench]'`). `--against DIR` also builds the index of another
checkout's `DIR/glasna/matching/index.py` (e.g. `git archive main glasna bench | tar -x -C DIR`)
on the same hashes and sends it the same queries, interleaved query by query with this one's
(who goes first alternates): same-run build times and latencies, answers compared.
"""

import argparse
import os
import resource
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from glasna.matching.index import HashIndex, distances  # noqa: E402

THRESHOLD = 31


def rss_bytes() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * resource.getpagesize()


def make_data(n: int, queries: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    codes = rng.integers(0, 2**64, size=(n, 4), dtype=np.uint64, endpoint=False)
    # Realistic traffic: half near-duplicates (a re-encoded, resized copy flips a few to 30 bits),
    # half unrelated uploads that match nothing.
    picks = rng.integers(0, n, size=queries)
    query_codes = codes[picks].copy()
    for q in range(queries // 2):
        for bit in rng.choice(256, size=int(rng.integers(3, 31)), replace=False):
            query_codes[q, bit // 64] ^= np.uint64(1) << np.uint64(bit % 64)
    query_codes[queries // 2 :] = rng.integers(0, 2**64, size=(queries - queries // 2, 4), dtype=np.uint64)
    return codes, query_codes, picks


def percentiles(samples: list[float]) -> tuple[float, float]:
    arr = np.array(samples) * 1e6
    return float(np.percentile(arr, 50)), float(np.percentile(arr, 99))


def warm_up(codes: np.ndarray) -> float:
    """Compile the index's numba kernels (first use in a process) outside the timed build."""
    start = time.perf_counter()
    small = HashIndex.build(np.arange(1000), codes[:1000].copy())
    small.search_words(codes[0], THRESHOLD)
    small.add_many(np.arange(1000, 1010), codes[1000:1010])
    small.compact()  # the merge kernel
    return time.perf_counter() - start


def bench_glasna(codes: np.ndarray, queries: np.ndarray) -> dict[str, object]:
    compile_s = warm_up(codes)
    before = rss_bytes()
    start = time.perf_counter()
    index = HashIndex.build(np.arange(len(codes)), codes.copy())  # its own copy, as FAISS keeps one
    build = time.perf_counter() - start
    rss = rss_bytes() - before
    samples, results = [], []
    for q in queries:
        t0 = time.perf_counter()
        found = index.search_words(q, THRESHOLD)
        samples.append(time.perf_counter() - t0)
        results.append({i for i, _d in found})
    p50, p99 = percentiles(samples)
    import tempfile
    from pathlib import Path

    from glasna.matching import snapshot

    with tempfile.TemporaryDirectory() as folder:
        ids, live_codes = index.live_entries()
        t0 = time.perf_counter()
        snapshot.write(Path(folder), ids, live_codes, marker=0)  # builds again, sorted by id
        save_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        snapshot.read(Path(folder))  # maps the files and checks every CRC-32
        load_s = time.perf_counter() - t0
    return {
        "index": index,
        "compile_s": compile_s,
        "save_s": save_s,
        "load_s": load_s,
        "build_s": build,
        "bytes_per_hash": index.nbytes() / len(codes),
        "rss_per_hash": rss / len(codes),
        "p50_us": p50,
        "p99_us": p99,
        "results": results,
    }


def bench_against(tree: str, codes: np.ndarray, queries: np.ndarray, new: HashIndex) -> dict[str, object]:
    import importlib.util

    spec = importlib.util.spec_from_file_location("old_index", os.path.join(tree, "glasna/matching/index.py"))
    assert spec is not None and spec.loader is not None
    old_module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(old_module)
    start = time.perf_counter()
    old = old_module.HashIndex.build(np.arange(len(codes)), codes.copy())
    build = time.perf_counter() - start
    old_samples, new_samples, differ = [], [], 0
    for k, q in enumerate(queries):
        for which in (0, 1) if k % 2 else (1, 0):
            t0 = time.perf_counter()
            found = (old if which == 0 else new).search_words(q, THRESHOLD)
            (old_samples if which == 0 else new_samples).append(time.perf_counter() - t0)
            if which == 0:
                old_found = found
            else:
                new_found = found
        differ += old_found != new_found
    return {
        "build_s": build,
        "bytes_per_hash": old.nbytes() / len(codes),
        "old": percentiles(old_samples),
        "new": percentiles(new_samples),
        "differ": differ,
    }


def bench_faiss(codes: np.ndarray, queries: np.ndarray, threads: int) -> dict[str, object]:
    import faiss

    if threads:
        faiss.omp_set_num_threads(threads)

    as_bytes = codes.astype(">u8").view(np.uint8).reshape(len(codes), 32)
    query_bytes = queries.astype(">u8").view(np.uint8).reshape(len(queries), 32)
    before = rss_bytes()
    start = time.perf_counter()
    # Exactly threatexchange's PDQMultiHashIndex(nhash=16).
    mih = faiss.IndexBinaryMultiHash(256, 16, 256 // 16)
    index = faiss.IndexBinaryIDMap2(mih)
    index.add_with_ids(as_bytes, np.arange(len(codes), dtype=np.int64))
    build = time.perf_counter() - start
    rss = rss_bytes() - before
    mih.nflip = THRESHOLD // mih.nhash
    samples, results = [], []
    for q in query_bytes:
        t0 = time.perf_counter()
        limits, _dist, ids = index.range_search(q.reshape(1, 32), THRESHOLD + 1)
        samples.append(time.perf_counter() - t0)
        results.append(set(ids[limits[0] : limits[1]].tolist()))
    p50, p99 = percentiles(samples)
    return {"build_s": build, "rss_per_hash": rss / len(codes), "p50_us": p50, "p99_us": p99, "results": results}


def bench_brute(codes: np.ndarray, queries: np.ndarray, limit: int) -> dict[str, object]:
    samples, results = [], []
    for q in queries[:limit]:
        t0 = time.perf_counter()
        hit = np.flatnonzero(distances(codes, q) <= THRESHOLD)
        samples.append(time.perf_counter() - t0)
        results.append(set(hit.tolist()))
    p50, p99 = percentiles(samples)
    return {"p50_us": p50, "p99_us": p99, "results": results}


def recall(found: list[set[int]], truth: list[set[int]]) -> float:
    expected = sum(len(t) for t in truth)
    got = sum(len(f & t) for f, t in zip(found, truth, strict=False))
    return got / expected if expected else 1.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--brute-queries", type=int, default=200, help="brute force is slow: fewer queries")
    parser.add_argument("--no-faiss", action="store_true")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--against", help="another checkout's root: its index, same hashes, same queries")
    parser.add_argument("--faiss-threads", type=int, default=0, help="OpenMP threads for FAISS (0: its default)")
    args = parser.parse_args()
    codes, queries, _picks = make_data(args.n, args.queries, args.seed)
    print(f"n={args.n:,} queries={args.queries:,} threshold={THRESHOLD}")
    brute = bench_brute(codes, queries, args.brute_queries)
    truth = brute["results"]
    glasna = bench_glasna(codes, queries)
    print(
        f"glasna : build {glasna['build_s']:.2f} s, {glasna['bytes_per_hash']:.1f} B/hash (arrays), "
        f"{glasna['rss_per_hash']:.1f} B/hash (RSS), p50 {glasna['p50_us']:.0f} us, p99 {glasna['p99_us']:.0f} us, "
        f"recall {recall(glasna['results'], truth):.4f}"  # type: ignore[arg-type]
    )
    print(f"         snapshot write {glasna['save_s']:.2f} s (build included), map + verify {glasna['load_s']:.2f} s")
    print(f"         first use in the process (numba compiles the kernels): {glasna['compile_s']:.2f} s")
    print(f"brute  : p50 {brute['p50_us']:.0f} us, p99 {brute['p99_us']:.0f} us (first {args.brute_queries} queries)")
    hits = sum(1 for t in truth if t)  # type: ignore[union-attr]
    print(f"         queries with a match among the brute-force set: {hits}/{len(truth)}")  # type: ignore[arg-type]
    new_index = glasna.pop("index")
    del glasna["results"]
    if args.against:
        other = bench_against(args.against, codes, queries, new_index)  # type: ignore[arg-type]
        (old_p50, old_p99), (new_p50, new_p99) = other["old"], other["new"]  # type: ignore[misc]
        print(
            f"against {args.against}: build {other['build_s']:.2f} s (this tree {glasna['build_s']:.2f} s), "
            f"{other['bytes_per_hash']:.1f} B/hash; interleaved p50/p99 {old_p50:.0f}/{old_p99:.0f} us, "
            f"this tree {new_p50:.0f}/{new_p99:.0f} us; answers differ on {other['differ']} queries"
        )
    del new_index
    if args.no_faiss:
        return
    faiss_r = bench_faiss(codes, queries, args.faiss_threads)
    print(
        f"faiss  : build {faiss_r['build_s']:.2f} s, {faiss_r['rss_per_hash']:.1f} B/hash (RSS), "
        f"p50 {faiss_r['p50_us']:.0f} us, p99 {faiss_r['p99_us']:.0f} us, "
        f"recall {recall(faiss_r['results'], truth):.4f}"  # type: ignore[arg-type]
    )
    print(
        "ratios (faiss / glasna; >1 means Glasna is better): "
        f"p50 {faiss_r['p50_us'] / glasna['p50_us']:.2f}x, p99 {faiss_r['p99_us'] / glasna['p99_us']:.2f}x, "  # type: ignore[operator]
        # Glasna's memory: the larger of its array bytes and its RSS growth (conservative).
        f"memory {faiss_r['rss_per_hash'] / max(glasna['rss_per_hash'], glasna['bytes_per_hash']):.2f}x, "  # type: ignore[operator,call-overload]
        f"build {faiss_r['build_s'] / glasna['build_s']:.2f}x"  # type: ignore[operator]
    )
    print(f"brute / glasna p50: {brute['p50_us'] / glasna['p50_us']:.0f}x")  # type: ignore[operator]


if __name__ == "__main__":
    main()
