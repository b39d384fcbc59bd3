"""This process's view of the index, kept in step with the database.

Each web process holds one index over every active PDQ and vPDQ-frame hash. It starts from the
snapshot (`snapshot.py`: memory-mapped, one copy shared by every process on the machine) plus the
changes since, kept in memory, and re-reads changes (`change_seq` above the last one seen) at most
every GLASNA_MATCH_REFRESH_SECONDS (default 30) when queried; a refresh that finds a newer snapshot
maps it instead. A corrupt snapshot or one of an older format is never served: the process logs
why, rebuilds the snapshot from the database (one process at a time, under a file lock; the others
then map what it wrote) and maps it. Without any snapshot the index is built from the database in
this process's memory, as before, until the nightly job (`tasks.py`) or `glasna matching_snapshot`
writes one. A process
that withdraws a hash removes it from its own index at once. Lookups also re-check every hit
against the database (withdrawn, bank, consent), so a hash withdrawn in another process stops
matching immediately there too; the refresh bounds how long new hashes take to become findable."""

from __future__ import annotations

import fcntl
import logging
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from django.conf import settings
from django.db.models import Max

from glasna.matching import snapshot
from glasna.matching.index import HashIndex, hex_to_words
from glasna.matching.mapped_index import MappedIndex

if TYPE_CHECKING:
    from glasna.matching.models import HashEntry

PERCEPTUAL = ("pdq", "vpdq_frame")
log = logging.getLogger(__name__)
_lock = threading.Lock()
_state: dict[str, object] = {}


class LiveIndex:
    def __init__(self, index: HashIndex | MappedIndex, seen_seq: int, snapshot_name: str | None = None) -> None:
        self.index = index
        self.seen_seq = seen_seq
        self.snapshot_name = snapshot_name
        self.refused: str | None = None
        self.refreshed_at = time.monotonic()

    def refresh(self) -> int:
        """Apply every change committed since the last one seen; returns how many rows were read."""
        from glasna.matching.models import HashEntry

        self._follow_snapshot()

        rows = list(
            HashEntry.objects.filter(change_seq__gt=self.seen_seq, signal_type__in=PERCEPTUAL)
            .order_by("change_seq")
            .values_list("pk", "hash_value", "withdrawn_at", "change_seq")
        )
        added = [(pk, value) for pk, value, withdrawn, _seq in rows if withdrawn is None]
        for pk, _value, withdrawn, _seq in rows:
            if withdrawn is not None:
                self.index.remove(pk)
        if added:
            self.index.add_many([pk for pk, _v in added], hex_to_words(v for _pk, v in added))
        if rows:
            self.seen_seq = max(self.seen_seq, rows[-1][3])
        self.refreshed_at = time.monotonic()
        return len(rows)

    def _follow_snapshot(self) -> None:
        """Map a snapshot written since this one was loaded (or since this process built its own
        index): one shared copy again, a smaller private delta."""
        name = snapshot.current_name(snapshot_dir())
        if name is None or name in (self.snapshot_name, self.refused):
            return
        try:
            base, seq, name = snapshot.read(snapshot_dir())
        except snapshot.SnapshotError as error:
            self.refused = name  # logged once, not at every refresh
            log.warning("matching index: keeping the loaded index, the new snapshot is unusable: %s", error)
            return
        # Changes after the new snapshot's marker are read again by the caller: adds and removals replay.
        self.index, self.seen_seq, self.snapshot_name = MappedIndex(base), seq, name


def snapshot_dir() -> Path:
    return Path(settings.DATA_DIR) / "matching" / "index"


def legacy_snapshot_path() -> Path:
    """Where formats 1 and 2 (one .npz read whole into each process) were written."""
    return Path(settings.DATA_DIR) / "matching" / "index.npz"


def load() -> LiveIndex:
    """The snapshot if there is one, then the changes since it."""
    try:
        base, seq, name = snapshot.read(snapshot_dir())
        live = LiveIndex(MappedIndex(base), seq, name)
    except snapshot.SnapshotMissing:
        if legacy_snapshot_path().exists():
            log.warning("matching index: %s is an older snapshot format; rebuilding", legacy_snapshot_path())
            live = rebuild()
        else:
            live = LiveIndex(HashIndex(), 0)
    except snapshot.SnapshotError as error:
        log.warning("matching index: snapshot not served (%s); rebuilding from the database", error)
        live = rebuild()
    live.refresh()
    return live


@contextmanager
def _writer_lock(folder: Path) -> Iterator[None]:
    """One rebuilder at a time on this machine; the others wait and then map its snapshot."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def rebuild() -> LiveIndex:
    """A new snapshot from the database, mapped; in this process's memory if it cannot be written."""
    from glasna.matching.models import HashEntry

    folder = snapshot_dir()
    try:
        with _writer_lock(folder):
            try:  # another process may have rebuilt it while this one waited
                base, seq, name = snapshot.read(folder)
                return LiveIndex(MappedIndex(base), seq, name)
            except snapshot.SnapshotError:
                pass
            ids, codes, marker = _read_database(HashEntry)
            snapshot.write(folder, ids, codes, marker)
            base, seq, name = snapshot.read(folder)
            legacy_snapshot_path().unlink(missing_ok=True)
            log.warning("matching index: snapshot %s rebuilt from the database (%d hashes)", name, len(ids))
            return LiveIndex(MappedIndex(base), seq, name)
    except (OSError, snapshot.SnapshotError) as error:
        log.error("matching index: cannot write a snapshot (%s); this process keeps its own copy", error)
        ids, codes, marker = _read_database(HashEntry)
        return LiveIndex(HashIndex.build(ids, codes), marker)


def _read_database(model: type[HashEntry]) -> tuple[np.ndarray, np.ndarray, int]:
    """Every active perceptual hash up to a change number; later changes are replayed by refresh()."""
    perceptual = model.objects.filter(signal_type__in=PERCEPTUAL)
    marker = perceptual.aggregate(top=Max("change_seq"))["top"] or 0
    rows = list(
        perceptual.filter(withdrawn_at__isnull=True, change_seq__lte=marker)
        .order_by("pk")
        .values_list("pk", "hash_value")
    )
    ids = np.array([pk for pk, _value in rows], dtype=np.int64)
    return ids, hex_to_words(value for _pk, value in rows), marker


def save_snapshot() -> tuple[Path, int]:
    live = current(refresh=True)
    ids, codes = live.index.live_entries()
    folder = snapshot_dir()
    with _writer_lock(folder):
        return snapshot.write(folder, ids, codes, marker=live.seen_seq), len(ids)


def current(refresh: bool = False) -> LiveIndex:
    with _lock:
        live = _state.get("live")
        if not isinstance(live, LiveIndex):
            live = load()
            _state["live"] = live
        elif refresh or time.monotonic() - live.refreshed_at >= settings.GLASNA_MATCH_REFRESH_SECONDS:
            live.refresh()
        return live


def reset() -> None:
    """Forget the in-memory index (tests; a restored database)."""
    with _lock:
        _state.clear()


def apply_local(entries: Iterable[HashEntry]) -> None:
    live = _state.get("live")
    if isinstance(live, LiveIndex):
        fresh = [e for e in entries if e.signal_type in PERCEPTUAL and e.withdrawn_at is None]
        if fresh:
            live.index.add_many([e.pk for e in fresh], hex_to_words(e.hash_value for e in fresh))


def remove_local(ids: Iterable[int]) -> None:
    live = _state.get("live")
    if isinstance(live, LiveIndex):
        for pk in ids:
            live.index.remove(pk)
