"""An exact Hamming-radius index over 256-bit PDQ hashes: multi-index hashing with 11 long chunks.

The 256 bits are cut into 11 chunks (three of 24 bits, eight of 23). Two hashes within distance r
differ in at most floor(r / 11) bits of some chunk (pigeonhole), so for r <= 32 it is enough to
probe each chunk with every key at most 2 bits away, and for r <= 43 at most 3 bits away. Each
chunk table is keyed by the chunk's first `bits` bits (floor(log2 n) clamped to 16..23, so a
bucket holds one or two hashes); a key within k bits of the query's chunk has a prefix within k
bits of the query's prefix, so probing the prefixes is still exact. At radius 31 and 10M hashes a
query reads 11 x 277 buckets (about 3,600 candidates) where 16 chunks of 16 bits (FAISS's
layout, and this module's before) read 272 buckets of ~150 hashes each (~41,000 candidates, each
a scattered 32-byte read). 8 chunks of 32 bits would need 5,489 probes per chunk: measured
slower (docs/performance.md). Candidates are verified with a popcount over four uint64 words.
For radii above 43 the probes would miss matches, so the index scans everything (still
vectorised, still exact): recall is 100% at every radius.

Layout, per hash: 32 bytes of code, a 3-byte row number (4 past 2**24 rows) in each of the 11
chunk tables (rows sorted by prefix, ascending within a bucket), an int64 external id and a live
flag, plus the bucket offsets: 2**bits + 1 uint16 per chunk, relative to a uint32 every 256
buckets (`index_kernels.pack_offsets`; 22 * 2**bits / n, 11 to 22 bytes per hash): 85 to 97
bytes from 65,536 hashes on (docs/performance.md has the arithmetic, and why 64 is out of
reach). The tables are built by a counting sort (`index_kernels`, numba). Adds go to a small
unsorted tail that is scanned brute force and merged into the sorted tables (one linear merge per
chunk, no re-sort of the whole) once it passes `tail_limit`; removals are a tombstone mask,
compacted on the next merge; a merge that changes the ideal prefix width rebuilds (at most once
per doubling). Snapshots (`snapshot.py`) are these arrays as .npy files, memory-mapped by every
process that loads them.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from functools import cache
from itertools import combinations
from math import comb

import numpy as np
import numpy.typing as npt

from glasna.matching import index_kernels

WIDTHS = (24, 24, 24, 23, 23, 23, 23, 23, 23, 23, 23)  # sums to 256
CHUNKS = len(WIDTHS)
STARTS = tuple(sum(WIDTHS[:i]) for i in range(CHUNKS))
MAX_FLIPS = 3  # probes per chunk at most 3 bits away from the query's prefix
PROBE_RADIUS = (MAX_FLIPS + 1) * CHUNKS - 1  # 43: the largest radius the probes answer exactly
MIN_BITS, MAX_BITS = 16, min(WIDTHS)
DEFAULT_THRESHOLD = 31
_STARTS = np.array(STARTS, dtype=np.int64)
_STARTS.flags.writeable = False
FORMAT = 3  # table layout written into snapshots (2: uint32 offsets); another layout is rebuilt

Codes = npt.NDArray[np.uint64]


def hex_to_words(hashes: Iterable[str]) -> Codes:
    """64-hex-digit hashes to an (n, 4) uint64 array, most significant word first."""
    raw = b"".join(bytes.fromhex(h) for h in hashes)
    return np.frombuffer(raw, dtype=">u8").astype(np.uint64).reshape(-1, 4)


def words_to_hex(words: Codes) -> list[str]:
    return [row.astype(">u8").tobytes().hex() for row in np.atleast_2d(words)]


def ideal_bits(n: int) -> int:
    """Prefix width for n hashes: about one hash per bucket, offsets costing <= 22 bytes a hash."""
    return max(MIN_BITS, min(MAX_BITS, n.bit_length() - 1 if n else 0))


def _prefixes(codes: Codes, bits: int) -> npt.NDArray[np.uint32]:
    """(n, CHUNKS): the first `bits` bits of each chunk (the keys the tables are sorted by)."""
    return np.stack([index_kernels.chunk_keys(codes, start, bits) for start in STARTS], axis=1)


@cache
def _flips(bits: int) -> tuple[npt.NDArray[np.uint32], tuple[int, ...]]:
    """Every mask of at most MAX_FLIPS set bits among `bits`, by popcount; and how many have <= k."""
    masks = [sum(1 << b for b in chosen) for k in range(MAX_FLIPS + 1) for chosen in combinations(range(bits), k)]
    counts = tuple(sum(comb(bits, j) for j in range(k + 1)) for k in range(MAX_FLIPS + 1))
    return np.array(masks, dtype=np.uint32), counts


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
        self._all_live = True  # no tombstones: the search kernel need not read `_live`
        self._bits = MIN_BITS
        # Rows sorted by chunk prefix, each row number in 3 bytes (4 past 2**24 rows): index_kernels.
        self._order = np.zeros((CHUNKS, 0, index_kernels.row_bytes(0)), dtype=np.uint8)
        # Bucket k of chunk c holds _order[c, o(k):o(k + 1)], o(k) = _blocks[c, k >> _shift] + _offsets[c, k]
        # (index_kernels.pack_offsets: two bytes a bucket, not four).
        self._offsets = np.zeros((CHUNKS, (1 << MIN_BITS) + 1), dtype=np.uint16)
        self._blocks = np.zeros((CHUNKS, ((1 << MIN_BITS) >> index_kernels.MAX_SHIFT) + 1), dtype=np.uint32)
        self._shift = index_kernels.MAX_SHIFT
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
        parts = (self._codes, self._ids, self._live, self._order, self._offsets, self._blocks)
        return sum(int(p.nbytes) for p in parts)

    # -- building -------------------------------------------------------------------------------
    @classmethod
    def build(cls, ids: npt.ArrayLike, codes: Codes, tail_limit: int = 65_536) -> HashIndex:
        index = cls(tail_limit)
        ids_arr = np.asarray(ids, dtype=np.int64)
        # Ids usually come sorted (snapshot.write sorts them): checking that is O(n), sorting is not.
        if not bool((ids_arr[1:] > ids_arr[:-1]).all()) and len(np.unique(ids_arr)) != len(ids_arr):
            raise ValueError("ids must be unique")
        index._codes = np.ascontiguousarray(codes, dtype=np.uint64).reshape(-1, 4)
        index._ids = ids_arr.copy()
        index._live = np.ones(len(ids_arr), dtype=bool)
        index._rebuild_tables()
        return index

    def _rebuild_tables(self) -> None:
        bits = ideal_bits(len(self._codes))
        self._order, offsets = index_kernels.build_tables(self._codes, STARTS, bits)
        self._offsets, self._blocks, self._shift = index_kernels.pack_offsets(offsets)
        self._bits, self._sorted = bits, len(self._codes)

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
            self._all_live = False
            return True

    def _merge(self) -> None:
        """Fold the tail into the chunk tables and drop tombstones: a linear merge per chunk."""
        keep = np.flatnonzero(self._live)
        if (
            len(keep) == len(self._live)
            and ideal_bits(len(keep)) == self._bits
            and index_kernels.row_bytes(len(keep)) == self._order.shape[2]
        ):
            self._merge_tail()
            return
        # Tombstones (compacting renumbers rows), a new prefix width or wider row numbers: rebuilt.
        if len(keep) != len(self._live):
            self._codes, self._ids = self._codes[keep], self._ids[keep]
            self._live = np.ones(len(keep), dtype=bool)
            self._all_live = True
        self._rebuild_tables()

    def _merge_tail(self) -> None:
        offsets = self.bucket_offsets()
        self._order = index_kernels.merge_tail(self._codes, self._sorted, STARTS, self._bits, self._order, offsets)
        self._offsets, self._blocks, self._shift = index_kernels.pack_offsets(offsets)
        self._sorted = len(self._codes)

    def bucket_offsets(self) -> npt.NDArray[np.uint32]:
        """The chunk tables' CSR offsets, unpacked: (CHUNKS, 2**bits + 1) uint32."""
        return index_kernels.unpack_offsets(self._offsets, self._blocks, self._shift)

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
            if threshold > PROBE_RADIUS:  # the probes would miss matches: verify every row
                dist = distances(self._codes, query)
                found_rows = np.flatnonzero((dist <= threshold) & self._live)
                found_dist = dist[found_rows]
            else:
                masks, counts = _flips(self._bits)
                found_rows, found_dist = index_kernels.search(
                    self._codes,
                    self._order,
                    self._offsets,
                    self._blocks,
                    self._shift,
                    None if self._all_live else self._live,
                    _STARTS,
                    self._bits,
                    masks[: counts[threshold // CHUNKS]],
                    self._sorted,
                    query,
                    threshold,
                )
                if len(found_rows) > 1:  # a hash near the query can sit in several probed buckets: once
                    found_rows, first = np.unique(found_rows, return_index=True)
                    found_dist = found_dist[first]
            ids = self._ids[found_rows]
        if len(ids) <= 1:  # most queries: nothing to sort
            return list(zip(ids.tolist(), found_dist.tolist(), strict=True))
        order = np.lexsort((ids, found_dist))
        return list(zip(ids[order].tolist(), found_dist[order].tolist(), strict=True))

    # -- snapshots (written and memory-mapped by snapshot.py) --------------------------------------
    def live_entries(self) -> tuple[npt.NDArray[np.int64], Codes]:
        """Copies of the ids and codes of every live hash."""
        with self._lock:
            return self._ids[self._live].copy(), self._codes[self._live].copy()

    def tables(self) -> tuple[dict[str, npt.NDArray[np.generic]], dict[str, int]]:
        """The arrays that make up this index (merged, no tombstones) and the numbers that describe them."""
        with self._lock:
            if self._sorted != len(self._codes) or not bool(self._live.all()):
                self._merge()
            arrays = {
                "codes": self._codes,
                "ids": self._ids,
                "order": self._order,
                "offsets": self._offsets,
                "blocks": self._blocks,
            }
            layout = {"format": FORMAT, "bits": self._bits, "shift": self._shift}
            return arrays, layout  # type: ignore[return-value]

    @classmethod
    def from_tables(
        cls, arrays: dict[str, npt.NDArray[np.generic]], layout: dict[str, int], tail_limit: int = 65_536
    ) -> HashIndex:
        """An index over arrays written by `tables()`, used as they are (read-only memory maps included).

        Such an index is only searched: `MappedIndex` keeps additions and removals beside it."""
        codes, ids, order, offsets, blocks = (arrays[k] for k in ("codes", "ids", "order", "offsets", "blocks"))
        n, bits, shift = len(ids), int(layout["bits"]), int(layout.get("shift", -1))
        if (
            layout.get("format") != FORMAT
            or codes.shape != (n, 4)
            or order.shape != (CHUNKS, n, index_kernels.row_bytes(n))
            or not 0 <= shift <= index_kernels.MAX_SHIFT
            or offsets.shape != (CHUNKS, (1 << bits) + 1)
            or blocks.shape != (CHUNKS, ((1 << bits) >> shift) + 1)
            or codes.dtype != np.uint64
            or ids.dtype != np.int64
            or order.dtype != np.uint8
            or offsets.dtype != np.uint16
            or blocks.dtype != np.uint32
            or bool((blocks[:, -1] != n).any())
            or bool((offsets[:, -1] != 0).any())
        ):
            raise ValueError("arrays do not make an index of this layout")
        index = cls(tail_limit)
        index._codes, index._ids = codes, ids  # type: ignore[assignment]
        index._order, index._offsets, index._blocks = order, offsets, blocks  # type: ignore[assignment]
        index._shift = shift
        index._bits, index._sorted = bits, n
        # Every row is live; a broadcast view costs no memory (a bool array would be 1 B/hash per process).
        index._live = np.broadcast_to(np.True_, (n,))
        return index


def brute_force(ids: npt.NDArray[np.int64], codes: Codes, hash_hex: str, threshold: int) -> list[tuple[int, int]]:
    """The reference answer the index must equal."""
    if len(codes) == 0:
        return []
    dist = distances(codes, hex_to_words([hash_hex])[0])
    hit = np.flatnonzero(dist <= threshold)
    pairs = sorted(zip(dist[hit].tolist(), ids[hit].tolist(), strict=True))
    return [(i, d) for d, i in pairs]
