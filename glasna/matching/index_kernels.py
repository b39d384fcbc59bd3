"""numba kernels behind `index.HashIndex`: building the chunk tables, merging the tail, searching.

Building is a counting sort per chunk: count the prefixes, turn the counts into CSR offsets,
scatter the row numbers (O(n + 2**bits) per chunk, where `np.argsort` was O(n log n)). Rows go
in ascending order within each bucket, so the tables are the same whichever way they were built
(a full build, or a build plus merged tails). The chunks are independent: each is one `nogil`
call, run on a few Python threads (not numba's `parallel=True`, whose default thread pool may not
be entered from two threads at once, and a web worker searches from several).

Searching probes, gathers and verifies in one compiled loop: no intermediate arrays of candidate
positions, rows and codes, which is what the numpy path spends most of its time building.

Compiled on first use (a few seconds), never at import: importing Glasna must not pay for numba.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from typing import Any

import numpy as np
import numpy.typing as npt

from glasna.matching import numba_popcount

TOP_BITS = 8  # the build's first pass splits the rows by this many top bits of their prefix (bits >= 16)


@cache
def _kernels() -> dict[str, Any]:
    from numba import njit

    popcount: Any = numba_popcount.popcount("uint64")

    @njit(nogil=True, inline="always")
    def prefix(w0: Any, w1: Any, w2: Any, w3: Any, start: int, bits: int) -> Any:
        # Bits [start, start + bits) of the 256-bit code, counted from the most significant;
        # a chunk may straddle two words.
        word = start // 64
        offset = start % 64
        w = w0 if word == 0 else (w1 if word == 1 else (w2 if word == 2 else w3))
        mask = (np.uint64(1) << np.uint64(bits)) - np.uint64(1)
        if offset + bits <= 64:
            return (w >> np.uint64(64 - offset - bits)) & mask
        spill = offset + bits - 64
        nxt = w1 if word == 0 else (w2 if word == 1 else w3)
        high = (w & ((np.uint64(1) << np.uint64(64 - offset)) - np.uint64(1))) << np.uint64(spill)
        return high | (nxt >> np.uint64(64 - spill))

    @njit(nogil=True, inline="always")
    def put_row(table: Any, p: int, row: int) -> None:
        # A table entry is a row number in table.shape[1] little-endian bytes (3 up to 2**24 rows).
        for b in range(table.shape[1]):
            table[p, b] = (row >> (8 * b)) & 0xFF

    @njit(nogil=True, inline="always")
    def get_row(table: Any, p: int) -> int:
        row = 0
        for b in range(table.shape[1]):
            row |= int(table[p, b]) << (8 * b)
        return row

    @njit(nogil=True)
    def keys_of(codes: Any, start: int, bits: int, out: Any) -> None:
        for i in range(codes.shape[0]):
            out[i] = prefix(codes[i, 0], codes[i, 1], codes[i, 2], codes[i, 3], start, bits)

    @njit(nogil=True)
    def build_chunk(codes: Any, start: int, bits: int, order: Any, offsets: Any) -> None:
        """order[offsets[k]:offsets[k + 1]] = the rows whose prefix is k, ascending.

        Two stable passes rather than one: the rows are first split by their prefix's top 8 bits
        (256 output streams), then each part (1/256 of the rows, its offsets a few hundred KiB)
        is counted and scattered inside the cache. One pass straight into 2**23 buckets takes
        a cache miss per row for the count and two for the scatter: measured 1.3-1.6x slower at 10M."""
        n = codes.shape[0]
        keys = np.empty(n, dtype=np.uint32)
        keys_of(codes, start, bits, keys)
        low_bits = bits - TOP_BITS
        low_mask = (1 << low_bits) - 1
        parts = np.zeros((1 << TOP_BITS) + 1, dtype=np.int64)
        for i in range(n):
            parts[(keys[i] >> low_bits) + 1] += 1
        for b in range(1 << TOP_BITS):
            parts[b + 1] += parts[b]
        cursor = parts[:-1].copy()
        part_keys = np.empty(n, dtype=np.uint32)
        part_rows = np.empty(n, dtype=np.uint32)
        for i in range(n):
            b = keys[i] >> low_bits
            j = cursor[b]
            part_keys[j] = keys[i]
            part_rows[j] = i
            cursor[b] = j + 1
        offsets[0] = 0
        for b in range(1 << TOP_BITS):
            # window[k] is offsets[(b << low_bits) + k + 1]: first the start of bucket k of the
            # part, then (after the scatter) its end, which is the next bucket's start.
            window = offsets[(b << low_bits) + 1 : ((b + 1) << low_bits) + 1]
            window[:] = 0
            for j in range(parts[b], parts[b + 1]):
                window[part_keys[j] & low_mask] += 1
            running = parts[b]
            for k in range(1 << low_bits):
                count = window[k]
                window[k] = running
                running += count
            for j in range(parts[b], parts[b + 1]):
                slot = part_keys[j] & low_mask
                put_row(order, window[slot], part_rows[j])
                window[slot] += 1

    @njit(nogil=True)
    def merge_chunk(tail: Any, first_row: int, start: int, bits: int, old: Any, offsets: Any, new: Any) -> None:
        """Rows first_row.. (codes `tail`) into a chunk table: old rows, then the tail's, per bucket."""
        t = tail.shape[0]
        keys = np.empty(t, dtype=np.uint32)
        keys_of(tail, start, bits, keys)
        by_key = np.argsort(keys, kind="mergesort")  # stable: tail rows ascending within a bucket
        read = 0
        write = 0
        for p in range(t):
            key = keys[by_key[p]]
            end = offsets[key + 1]
            new[write : write + end - read] = old[read:end]
            write += end - read
            read = end
            put_row(new, write, first_row + by_key[p])
            write += 1
        new[write:] = old[read:]
        # Every bucket from k on moves down by the tail rows with a prefix below k.
        p = 0
        for k in range(offsets.shape[0] - 1):
            while p < t and keys[by_key[p]] <= k:
                p += 1
            offsets[k + 1] += p

    @njit(nogil=True, inline="always")
    def distance(q0: Any, q1: Any, q2: Any, q3: Any, codes: Any, row: int) -> Any:
        return np.int64(
            popcount(q0 ^ codes[row, 0])
            + popcount(q1 ^ codes[row, 1])
            + popcount(q2 ^ codes[row, 2])
            + popcount(q3 ^ codes[row, 3])
        )

    @njit(nogil=True)
    def search(
        codes: Any,
        order: Any,
        offsets: Any,
        blocks: Any,
        shift: int,
        live: Any,
        check_live: bool,
        starts: Any,
        bits: int,
        masks: Any,
        sorted_rows: int,
        query: Any,
        threshold: int,
        bounds: Any,
        candidates: Any,
        out_rows: Any,
        out_dist: Any,
    ) -> int:
        """Rows within `threshold` among the probed buckets and the tail (a row may come more than
        once: it can sit in several probed buckets). Writes at most len(out_rows) and returns how
        many there are; returns -k, writing nothing, when the k candidates overflow `candidates`.

        Three passes (bucket bounds, then rows, then codes) rather than one loop per probe: each
        pass's reads are independent cache misses the CPU overlaps, where one loop chains three
        misses per bucket (measured 1.5x quicker at 1M hashes)."""
        q0, q1, q2, q3 = query[0], query[1], query[2], query[3]
        probes = masks.shape[0]
        total = 0
        if sorted_rows > 0:
            for c in range(starts.shape[0]):
                base = prefix(q0, q1, q2, q3, starts[c], bits)
                low = offsets[c]
                high = blocks[c]
                for m in range(probes):
                    key = np.int64(base ^ np.uint64(masks[m]))  # int64: uint64 + int would be a float
                    first = np.int64(high[key >> shift]) + np.int64(low[key])
                    end = np.int64(high[(key + 1) >> shift]) + np.int64(low[key + 1])
                    bounds[c * probes + m, 0] = first
                    bounds[c * probes + m, 1] = end
                    total += int(end - first)
            if total > candidates.shape[0]:
                return -total
            k = 0
            for c in range(starts.shape[0]):
                table = order[c]
                for m in range(probes):
                    for p in range(np.int64(bounds[c * probes + m, 0]), np.int64(bounds[c * probes + m, 1])):
                        candidates[k] = get_row(table, p)
                        k += 1
        found = 0
        capacity = out_rows.shape[0]
        for i in range(total + codes.shape[0] - sorted_rows):  # then the unsorted tail, brute force
            row = int(candidates[i]) if i < total else sorted_rows + i - total
            d = distance(q0, q1, q2, q3, codes, row)
            if d <= threshold and (not check_live or live[row]):
                if found < capacity:
                    out_rows[found] = row
                    out_dist[found] = d
                found += 1
        return found

    @njit(nogil=True)
    def pack(full: Any, shift: int, blocks: Any, low: Any) -> None:
        for c in range(full.shape[0]):
            for k in range(full.shape[1]):
                low[c, k] = full[c, k] - blocks[c, k >> shift]

    @njit(nogil=True)
    def unpack(low: Any, shift: int, blocks: Any, full: Any) -> None:
        for c in range(low.shape[0]):
            for k in range(low.shape[1]):
                full[c, k] = blocks[c, k >> shift] + np.uint32(low[c, k])

    return {
        "build_chunk": build_chunk,
        "merge_chunk": merge_chunk,
        "keys_of": keys_of,
        "search": search,
        "pack": pack,
        "unpack": unpack,
    }


def _threads() -> int:
    return max(1, min(len(os.sched_getaffinity(0)), 4))


def _readonly(array: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """A read-only view: memory-mapped snapshots are read-only, so every array is passed as one and
    numba compiles each kernel once per process, not once per writability."""
    if not array.flags.writeable:
        return array
    view = array.view()
    view.flags.writeable = False
    return view


def row_bytes(n: int) -> int:
    """Bytes a chunk table spends on a row number: 3 up to 2**24 rows (10M needs 24 bits), else 4."""
    return 3 if n <= 1 << 24 else 4


def unpack_rows(order: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint32]:
    """The chunk tables' row numbers as uint32 (tests and tools; the kernels read the bytes)."""
    rows = np.zeros(order.shape[:2], dtype=np.uint32)
    for b in range(order.shape[2]):
        rows |= order[:, :, b].astype(np.uint32) << np.uint32(8 * b)
    return rows


def build_tables(
    codes: npt.NDArray[np.uint64], starts: tuple[int, ...], bits: int
) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.uint32]]:
    """(order, offsets): per chunk, the rows sorted by prefix (ascending within a bucket) and the
    CSR offsets of each prefix's bucket."""
    kernel = _kernels()["build_chunk"]
    codes = _readonly(np.ascontiguousarray(codes, dtype=np.uint64))
    order = np.empty((len(starts), len(codes), row_bytes(len(codes))), dtype=np.uint8)
    offsets = np.empty((len(starts), (1 << bits) + 1), dtype=np.uint32)
    with ThreadPoolExecutor(_threads()) as pool:
        list(pool.map(lambda c: kernel(codes, starts[c], bits, order[c], offsets[c]), range(len(starts))))
    return order, offsets


def merge_tail(
    codes: npt.NDArray[np.uint64],
    first_row: int,
    starts: tuple[int, ...],
    bits: int,
    order: npt.NDArray[np.uint8],
    offsets: npt.NDArray[np.uint32],
) -> npt.NDArray[np.uint8]:
    """The chunk tables with rows first_row.. of `codes` added; `offsets` is updated in place."""
    kernel = _kernels()["merge_chunk"]
    tail = _readonly(np.ascontiguousarray(codes[first_row:], dtype=np.uint64))
    old = _readonly(order)
    new = np.empty((len(starts), len(codes), order.shape[2]), dtype=np.uint8)
    with ThreadPoolExecutor(_threads()) as pool:
        list(
            pool.map(lambda c: kernel(tail, first_row, starts[c], bits, old[c], offsets[c], new[c]), range(len(starts)))
        )
    return new


def chunk_keys(codes: npt.NDArray[np.uint64], start: int, bits: int) -> npt.NDArray[np.uint32]:
    """Bits [start, start + bits) of each code (the kernels' prefix; tested against the numpy one)."""
    out = np.empty(len(codes), dtype=np.uint32)
    _kernels()["keys_of"](_readonly(np.ascontiguousarray(codes, dtype=np.uint64)), start, bits, out)
    return out


def search(
    codes: npt.NDArray[np.uint64],
    order: npt.NDArray[np.uint8],
    offsets: npt.NDArray[np.uint16],
    blocks: npt.NDArray[np.uint32],
    shift: int,
    live: npt.NDArray[np.bool_] | None,
    starts: npt.NDArray[np.int64],
    bits: int,
    masks: npt.NDArray[np.uint32],
    sorted_rows: int,
    query: npt.NDArray[np.uint64],
    threshold: int,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """(rows, distances) of the hashes within `threshold` (rows may repeat; `live` None: all live)."""
    kernel = _kernels()["search"]
    ro_codes, ro_order, ro_offsets, ro_blocks = (
        _readonly(codes),
        _readonly(order),
        _readonly(offsets),
        _readonly(blocks),
    )
    ro_live = _readonly(live if live is not None else _NO_LIVE)
    q = _readonly(np.ascontiguousarray(query, dtype=np.uint64))
    bounds = np.empty((len(starts) * len(masks), 2), dtype=np.uint32)
    capacity, room = 256, 16_384
    while True:
        candidates = np.empty(room, dtype=np.uint32)
        rows = np.empty(capacity, dtype=np.int64)
        dist = np.empty(capacity, dtype=np.int64)
        found = kernel(
            ro_codes,
            ro_order,
            ro_offsets,
            ro_blocks,
            shift,
            ro_live,
            live is not None,
            starts,
            bits,
            masks,
            sorted_rows,
            q,
            threshold,
            bounds,
            candidates,
            rows,
            dist,
        )
        if found < 0:  # more candidates than room (a crowded bucket): again with room for all
            room = -found
        elif found > capacity:  # rare (hundreds of near-duplicates): again with room for all matches
            capacity = found
        else:
            return rows[:found], dist[:found]


_NO_LIVE = np.ones(1, dtype=bool)

MAX_SHIFT = 8  # a block of 256 buckets: about 300 rows at the usual 1-2 rows a bucket


def pack_offsets(
    offsets: npt.NDArray[np.uint32],
) -> tuple[npt.NDArray[np.uint16], npt.NDArray[np.uint32], int]:
    """CSR offsets (chunks, buckets + 1) as (low, blocks, shift): offset k = blocks[k >> shift] + low[k].

    Two bytes a bucket instead of four, plus four bytes every 2**shift buckets. `shift` is the
    largest (up to MAX_SHIFT) whose blocks each hold at most 65,535 rows; a bucket of more (the
    same hash tens of thousands of times) lowers it, down to 0 (every offset in `blocks`), so any
    data packs exactly."""
    full = np.asarray(offsets, dtype=np.uint32)
    shift = MAX_SHIFT
    while shift > 0 and int(np.diff(full[:, :: 1 << shift], axis=1).max(initial=0)) > np.iinfo(np.uint16).max:
        shift -= 1
    blocks = np.ascontiguousarray(full[:, :: 1 << shift])
    low = np.empty(full.shape, dtype=np.uint16)
    _kernels()["pack"](_readonly(full), shift, _readonly(blocks), low)
    return low, blocks, shift


def unpack_offsets(low: npt.NDArray[np.uint16], blocks: npt.NDArray[np.uint32], shift: int) -> npt.NDArray[np.uint32]:
    full = np.empty(low.shape, dtype=np.uint32)
    _kernels()["unpack"](_readonly(low), shift, _readonly(blocks), full)
    return full
