"""A memory-mapped snapshot index plus this process's changes since the snapshot.

The snapshot's `HashIndex` (`base`) is read-only and shared with every process that maps the same
files; it is never modified. Hashes added since go to a small in-memory `HashIndex` (`delta`), and
hashes removed from the snapshot are remembered by id (`removed`) and filtered out of its results.
Both are private to the process and small next to the snapshot; the next snapshot folds them in.
Same interface and same answers as one `HashIndex` over the same live hashes."""

from __future__ import annotations

import threading

import numpy as np
import numpy.typing as npt

from glasna.matching.index import DEFAULT_THRESHOLD, Codes, HashIndex, hex_to_words


class MappedIndex:
    def __init__(self, base: HashIndex, tail_limit: int = 65_536) -> None:
        self.base = base
        self.delta = HashIndex(tail_limit)
        self.removed: set[int] = set()
        self._base_ids = base._ids  # sorted by id (snapshot.write sorts the rows)
        self._lock = threading.Lock()

    def _in_base(self, ids: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
        """Which ids are rows of the snapshot (removed or not): a binary search each."""
        if len(self._base_ids) == 0:
            return np.zeros(len(ids), dtype=bool)
        pos = np.minimum(np.searchsorted(self._base_ids, ids), len(self._base_ids) - 1)
        return np.asarray(self._base_ids[pos] == ids)

    def __len__(self) -> int:
        return len(self._base_ids) - len(self.removed) + len(self.delta)

    def __contains__(self, entry_id: int) -> bool:
        if entry_id in self.delta:
            return True
        return entry_id not in self.removed and bool(self._in_base(np.array([entry_id], dtype=np.int64))[0])

    def nbytes(self) -> int:
        return self.base.nbytes() + self.delta.nbytes()

    def private_nbytes(self) -> int:
        """Bytes this process holds on its own (the snapshot's pages are shared); ids set excluded."""
        return self.delta.nbytes()

    def add(self, entry_id: int, hash_hex: str) -> None:
        self.add_many([entry_id], hex_to_words([hash_hex]))

    def add_many(self, ids: npt.ArrayLike, codes: Codes) -> None:
        ids_arr = np.asarray(ids, dtype=np.int64)
        codes_arr = np.asarray(codes, dtype=np.uint64).reshape(-1, 4)
        with self._lock:
            # A live snapshot row is already here; a removed one comes back through the delta.
            shadowed = self._in_base(ids_arr) & ~np.isin(ids_arr, list(self.removed))
            keep = np.flatnonzero(~shadowed)
            if len(keep):
                self.delta.add_many(ids_arr[keep], codes_arr[keep])

    def remove(self, entry_id: int) -> bool:
        with self._lock:
            if self.delta.remove(entry_id):
                return True
            if entry_id in self.removed or not self._in_base(np.array([entry_id], dtype=np.int64))[0]:
                return False
            self.removed.add(entry_id)
            return True

    def compact(self) -> None:
        self.delta.compact()

    def search(self, hash_hex: str, threshold: int = DEFAULT_THRESHOLD) -> list[tuple[int, int]]:
        return self.search_words(hex_to_words([hash_hex])[0], threshold)

    def search_words(self, query: Codes, threshold: int = DEFAULT_THRESHOLD) -> list[tuple[int, int]]:
        found = self.base.search_words(query, threshold)
        if self.removed:
            found = [(i, d) for i, d in found if i not in self.removed]
        if len(self.delta):
            # Live ids are unique across base and delta, so a merge by (distance, id) is the answer.
            found = sorted(found + self.delta.search_words(query, threshold), key=lambda hit: (hit[1], hit[0]))
        return found

    def live_entries(self) -> tuple[npt.NDArray[np.int64], Codes]:
        ids, codes = self.base.live_entries()
        if self.removed:
            keep = ~np.isin(ids, list(self.removed))
            ids, codes = ids[keep], codes[keep]
        delta_ids, delta_codes = self.delta.live_entries()
        return np.concatenate([ids, delta_ids]), np.concatenate([codes, delta_codes])
