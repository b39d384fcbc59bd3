"""An exact Hamming-radius index over 256-bit PDQ hashes: multi-index hashing.

The 256 bits are cut into 16 chunks of 16 bits. Two hashes within distance r differ in at most
floor(r / 16) bits of some chunk (pigeonhole), so for r <= 31 probing every chunk's value and its
16 one-bit neighbours finds every candidate; candidates are then checked with a popcount over four
uint64 words. For larger radii the probe would miss matches, so the index scans everything (still
vectorised, still exact): recall is 100% at every radius.

Layout, per hash: 32 bytes of code, a uint32 row number in each of the 16 chunk tables (sorted by
chunk value, CSR offsets of 65,537 entries per chunk) and an int64 external id: 104 bytes. Adds go
to a small unsorted tail that is scanned brute force and merged into the sorted tables (one
merge-insert per chunk, no re-sort of the whole) once it passes `tail_limit`; removals are a
tombstone mask, compacted on the next merge. Snapshots are one uncompressed .npz, loaded without
recomputation.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import numpy.typing as npt

CHUNKS = 16
CHUNK_BITS = 16
PROBE_RADIUS = 31  # (1 + 1) * CHUNKS - 1: the largest radius one-bit probes answer exactly
DEFAULT_THRESHOLD = 31
_FLIPS = np.concatenate([[0], 1 << np.arange(CHUNK_BITS)]).astype(np.uint32)

Codes = npt.NDArray[np.uint64]


def hex_to_words(hashes: Iterable[str]) -> Codes:
    """64-hex-digit hashes to an (n, 4) uint64 array, most significant word first."""
    raw = b"".join(bytes.fromhex(h) for h in hashes)
    return np.frombuffer(raw, dtype=">u8").astype(np.uint64).reshape(-1, 4)


def words_to_hex(words: Codes) -> list[str]:
    return [row.astype(">u8").tobytes().hex() for row in np.atleast_2d(words)]


def _chunks(codes: Codes) -> npt.NDArray[np.uint32]:
    """(n, 16) chunk values: chunk 4*w + k is bits [16k, 16k+16) of word w."""
    shifts = np.array([48, 32, 16, 0], dtype=np.uint64)
    parts = (codes[:, :, None] >> shifts[None, None, :]) & np.uint64(0xFFFF)
    return parts.reshape(len(codes), CHUNKS).astype(np.uint32)


def distances(codes: Codes, query: Codes) -> npt.NDArray[np.int64]:
    """Hamming distance from each row of `codes` to the one `query` row."""
    counts = np.bitwise_count(codes ^ query.reshape(1, 4)).astype(np.int64)
    return counts[:, 0] + counts[:, 1] + counts[:, 2] + counts[:, 3]  # faster than .sum(axis=1) on 4 columns


class HashIndex:
    """Thread-safe: one lock around mutation and search (searches are short)."""

    def __init__(self, tail_limit: int = 65_536) -> None:
        self.tail_limit = tail_limit
        self._lock = threading.Lock()
        self._codes: Codes = np.zeros((0, 4), dtype=np.uint64)
        self._ids = np.zeros(0, dtype=np.int64)
        self._live = np.zeros(0, dtype=bool)
        self._order = np.zeros((CHUNKS, 0), dtype=np.uint32)  # rows sorted by chunk value
        self._offsets = np.zeros((CHUNKS, (1 << CHUNK_BITS) + 1), dtype=np.uint32)
        self._sorted = 0  # rows [0, _sorted) are in the chunk tables; the rest is the tail
        # No id -> row dict: at millions of hashes it would cost more than the index itself;
        # removals (rare) scan the id array instead.

    # -- size -----------------------------------------------------------------------------------
    def __len__(self) -> int:
        return int(self._live.sum())

    def __contains__(self, entry_id: int) -> bool:
        return self._row(entry_id) is not None

    def _row(self, entry_id: int) -> int | None:
        rows = np.flatnonzero((self._ids == entry_id) & self._live)
        return int(rows[0]) if len(rows) else None

    def nbytes(self) -> int:
        parts = (self._codes, self._ids, self._live, self._order, self._offsets)
        return sum(int(p.nbytes) for p in parts)

    # -- building -------------------------------------------------------------------------------
    @classmethod
    def build(cls, ids: npt.ArrayLike, codes: Codes, tail_limit: int = 65_536) -> HashIndex:
        index = cls(tail_limit)
        ids_arr = np.asarray(ids, dtype=np.int64)
        if len(np.unique(ids_arr)) != len(ids_arr):
            raise ValueError("ids must be unique")
        index._codes = np.ascontiguousarray(codes, dtype=np.uint64).reshape(-1, 4)
        index._ids = ids_arr.copy()
        index._live = np.ones(len(ids_arr), dtype=bool)
        index._rebuild_tables()
        return index

    def _rebuild_tables(self) -> None:
        chunks = _chunks(self._codes)
        n = len(self._codes)
        order = np.empty((CHUNKS, n), dtype=np.uint32)
        offsets = np.empty((CHUNKS, (1 << CHUNK_BITS) + 1), dtype=np.uint32)
        for c in range(CHUNKS):
            column = chunks[:, c]
            order[c] = np.argsort(column, kind="stable")
            counts = np.bincount(column, minlength=1 << CHUNK_BITS)
            offsets[c, 0] = 0
            np.cumsum(counts, out=offsets[c, 1:])
        self._order, self._offsets, self._sorted = order, offsets, n

    def add(self, entry_id: int, hash_hex: str) -> None:
        self.add_many([entry_id], hex_to_words([hash_hex]))

    def add_many(self, ids: npt.ArrayLike, codes: Codes) -> None:
        ids_arr = np.asarray(ids, dtype=np.int64)
        with self._lock:
            _unique, first = np.unique(ids_arr, return_index=True)
            fresh = np.sort(first)[~np.isin(ids_arr[np.sort(first)], self._ids[self._live])]
            if len(fresh) == 0:
                return
            self._codes = np.concatenate([self._codes, np.asarray(codes, dtype=np.uint64).reshape(-1, 4)[fresh]])
            self._ids = np.concatenate([self._ids, ids_arr[fresh]])
            self._live = np.concatenate([self._live, np.ones(len(fresh), dtype=bool)])
            if len(self._ids) - self._sorted > self.tail_limit:
                self._merge()

    def remove(self, entry_id: int) -> bool:
        with self._lock:
            row = self._row(entry_id)
            if row is None:
                return False
            self._live[row] = False
            return True

    def _merge(self) -> None:
        """Fold the tail into the chunk tables and drop tombstones: a linear merge per chunk."""
        keep = np.flatnonzero(self._live)
        if len(keep) == len(self._live):
            self._merge_tail()
            return
        # Tombstones present: compact, which renumbers rows, so the tables are rebuilt.
        self._codes, self._ids = self._codes[keep], self._ids[keep]
        self._live = np.ones(len(keep), dtype=bool)
        self._rebuild_tables()

    def _merge_tail(self) -> None:
        tail_rows = np.arange(self._sorted, len(self._codes), dtype=np.uint32)
        tail_chunks = _chunks(self._codes[self._sorted :])
        order = np.empty((CHUNKS, len(self._codes)), dtype=np.uint32)
        for c in range(CHUNKS):
            column = tail_chunks[:, c]
            sort = np.argsort(column, kind="stable")
            # Where each tail row lands among the sorted rows: after every row with a chunk value <= its own.
            positions = self._offsets[c][column[sort].astype(np.int64) + 1].astype(np.int64)
            order[c] = np.insert(self._order[c], positions, tail_rows[sort])
            counts = np.bincount(column, minlength=1 << CHUNK_BITS)
            self._offsets[c, 1:] += np.cumsum(counts).astype(np.uint32)
        self._order, self._sorted = order, len(self._codes)

    def compact(self) -> None:
        with self._lock:
            self._merge()

    # -- searching ------------------------------------------------------------------------------
    def search(self, hash_hex: str, threshold: int = DEFAULT_THRESHOLD) -> list[tuple[int, int]]:
        """(id, distance) of every live hash within `threshold` bits, nearest first."""
        return self.search_words(hex_to_words([hash_hex])[0], threshold)

    def search_words(self, query: Codes, threshold: int = DEFAULT_THRESHOLD) -> list[tuple[int, int]]:
        if threshold < 0:
            return []
        with self._lock:
            if threshold > PROBE_RADIUS:
                rows = np.arange(len(self._codes))
            elif self._sorted == len(self._codes):
                rows = self._probe(query)
            else:
                rows = np.concatenate([self._probe(query), np.arange(self._sorted, len(self._codes))])
            if len(rows) == 0:
                return []
            dist = distances(self._codes[rows], query)
            hit = (dist <= threshold) & self._live[rows]
            found_rows, found_dist = rows[hit], dist[hit]
            found_rows, first = np.unique(found_rows, return_index=True)
            found_dist = found_dist[first]
            ids = self._ids[found_rows]
        order = np.lexsort((ids, found_dist))
        return list(zip(ids[order].tolist(), found_dist[order].tolist(), strict=True))

    def _probe(self, query: Codes) -> npt.NDArray[np.int64]:
        keys = (_chunks(query.reshape(1, 4))[0][:, None] ^ _FLIPS[None, :]).astype(np.int64)  # (16, 17)
        table = np.arange(CHUNKS)[:, None]
        starts = self._offsets[table, keys].astype(np.int64).ravel()
        ends = self._offsets[table, keys + 1].astype(np.int64).ravel()
        lengths = ends - starts
        total = int(lengths.sum())
        if total == 0:
            return np.zeros(0, dtype=np.int64)
        # Positions start_i .. end_i - 1 for every probe, flattened without a Python loop.
        chunk_of = np.repeat(np.repeat(np.arange(CHUNKS), len(_FLIPS)), lengths)
        base = np.repeat(starts - np.concatenate([[0], np.cumsum(lengths)[:-1]]), lengths)
        positions = base + np.arange(total)
        return self._order[chunk_of, positions].astype(np.int64)

    # -- snapshots ------------------------------------------------------------------------------
    def save(self, path: Path, marker: int = 0) -> None:
        """Write atomically; `marker` records how far the data source had been read (a change seq)."""
        with self._lock:
            live = np.flatnonzero(self._live)
            if len(live) == len(self._live):
                codes, ids, order, offsets, sorted_rows = (
                    self._codes,
                    self._ids,
                    self._order,
                    self._offsets,
                    self._sorted,
                )
            else:
                fresh = HashIndex.build(self._ids[live], self._codes[live])
                codes, ids, order, offsets, sorted_rows = (
                    fresh._codes,
                    fresh._ids,
                    fresh._order,
                    fresh._offsets,
                    fresh._sorted,
                )
        tmp = path.with_name(path.name + ".tmp")
        with open(tmp, "wb") as handle:
            np.savez(
                handle,
                codes=codes,
                ids=ids,
                order=order,
                offsets=offsets,
                meta=np.array([sorted_rows, marker], dtype=np.int64),
            )
        os.replace(tmp, path)

    @classmethod
    def load(cls, path: Path, tail_limit: int = 65_536) -> tuple[HashIndex, int]:
        with np.load(path, allow_pickle=False) as data:
            index = cls(tail_limit)
            index._codes = data["codes"]
            index._ids = data["ids"]
            index._order = data["order"]
            index._offsets = data["offsets"]
            sorted_rows, marker = (int(v) for v in data["meta"])
        index._sorted = sorted_rows
        index._live = np.ones(len(index._ids), dtype=bool)
        return index, marker


def brute_force(ids: npt.NDArray[np.int64], codes: Codes, hash_hex: str, threshold: int) -> list[tuple[int, int]]:
    """The reference answer the index must equal."""
    if len(codes) == 0:
        return []
    dist = distances(codes, hex_to_words([hash_hex])[0])
    hit = np.flatnonzero(dist <= threshold)
    pairs = sorted(zip(dist[hit].tolist(), ids[hit].tolist(), strict=True))
    return [(i, d) for d, i in pairs]
