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
matching immediately there too; the refresh bounds how long new hashes take to become findable.

With GLASNA_INDEX_SHARDS set, web processes hold no index: `search` asks the shard servers
(`shard_client.py`), and each shard server holds a `LiveIndex` over its own hash range (`part`),
with its own snapshot folder, refresh and rebuild rule, the same code as here."""

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

from glasna.matching import shard_client, snapshot
from glasna.matching.index import HashIndex, hex_to_words
from glasna.matching.mapped_index import MappedIndex
from glasna.matching.shards import shard_of

if TYPE_CHECKING:
    from glasna.matching.models import HashEntry

PERCEPTUAL = ("pdq", "vpdq_frame")
log = logging.getLogger(__name__)
_lock = threading.Lock()
_state: dict[str, object] = {}


Part = tuple[int, int]  # (shard, shards): the hash range a shard server holds


class LiveIndex:
    def __init__(
        self,
        index: HashIndex | MappedIndex,
        seen_seq: int,
        snapshot_name: str | None = None,
        folder: Path | None = None,
        part: Part | None = None,
    ) -> None:
        self.index = index
        self.seen_seq = seen_seq
        self.snapshot_name = snapshot_name
        self.folder = folder  # None: this process's snapshot_dir(), read from the settings each time
        self.part = part
        self.refused: str | None = None
        self.refreshed_at = time.monotonic()

    def snapshot_folder(self) -> Path:
        return self.folder if self.folder is not None else snapshot_dir()

    def refresh(self) -> int:
        """Apply every change committed since the last one seen; returns how many rows were read."""
        from glasna.matching.models import HashEntry

        self._follow_snapshot()

        rows = list(
            HashEntry.objects.filter(change_seq__gt=self.seen_seq, signal_type__in=PERCEPTUAL)
            .order_by("change_seq")
            .values_list("pk", "hash_value", "withdrawn_at", "change_seq")
        )
        mine = [row for row, keep in zip(rows, in_part([r[1] for r in rows], self.part), strict=True) if keep]
        added = [(pk, value) for pk, value, withdrawn, _seq in mine if withdrawn is None]
        for pk, _value, withdrawn, _seq in mine:
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
        name = snapshot.current_name(self.snapshot_folder())
        if name is None or name in (self.snapshot_name, self.refused):
            return
        try:
            base, seq, name = snapshot.read(self.snapshot_folder())
        except snapshot.SnapshotError as error:
            self.refused = name  # logged once, not at every refresh
            log.warning("matching index: keeping the loaded index, the new snapshot is unusable: %s", error)
            return
        # Changes after the new snapshot's marker are read again by the caller: adds and removals replay.
        self.index, self.seen_seq, self.snapshot_name = MappedIndex(base), seq, name

    def save_snapshot(self) -> tuple[Path, int]:
        """Write what this index holds as the folder's snapshot and map it (the private delta is
        folded into the shared copy); returns the snapshot and its hash count."""
        self.refresh()
        ids, codes = self.index.live_entries()
        folder = self.snapshot_folder()
        with _writer_lock(folder):
            path = snapshot.write(folder, ids, codes, marker=self.seen_seq)
        self.refresh()  # maps it, then replays what changed while it was written
        return path, len(ids)


def in_part(values: list[str], part: Part | None) -> np.ndarray:
    """Which hashes (hex) fall in a shard's range; all of them without a part."""
    if part is None or not values:
        return np.ones(len(values), dtype=bool)
    return np.asarray(shard_of(hex_to_words(values), part[1]) == part[0])


def snapshot_dir() -> Path:
    return Path(settings.DATA_DIR) / "matching" / "index"


def legacy_snapshot_path() -> Path:
    """Where formats 1 and 2 (one .npz read whole into each process) were written."""
    return Path(settings.DATA_DIR) / "matching" / "index.npz"


def load(folder: Path | None = None, part: Part | None = None) -> LiveIndex:
    """The snapshot if there is one, then the changes since it. A shard server passes its own
    folder and part; it always has a snapshot (built from the database when missing)."""
    where = folder if folder is not None else snapshot_dir()
    try:
        base, seq, name = snapshot.read(where)
        live = LiveIndex(MappedIndex(base), seq, name, folder, part)
    except snapshot.SnapshotMissing:
        if folder is not None:
            live = rebuild(folder, part)
        elif legacy_snapshot_path().exists():
            log.warning("matching index: %s is an older snapshot format; rebuilding", legacy_snapshot_path())
            live = rebuild()
        else:
            live = LiveIndex(HashIndex(), 0)
    except snapshot.SnapshotError as error:
        log.warning("matching index: snapshot not served (%s); rebuilding from the database", error)
        live = rebuild(folder, part)
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


def rebuild(folder: Path | None = None, part: Part | None = None) -> LiveIndex:
    """A new snapshot from the database, mapped; in this process's memory if it cannot be written."""
    from glasna.matching.models import HashEntry

    where = folder if folder is not None else snapshot_dir()
    try:
        with _writer_lock(where):
            try:  # another process may have rebuilt it while this one waited
                base, seq, name = snapshot.read(where)
                return LiveIndex(MappedIndex(base), seq, name, folder, part)
            except snapshot.SnapshotError:
                pass
            ids, codes, marker = _read_database(HashEntry, part)
            snapshot.write(where, ids, codes, marker)
            base, seq, name = snapshot.read(where)
            if folder is None:
                legacy_snapshot_path().unlink(missing_ok=True)
            log.warning("matching index: snapshot %s/%s rebuilt from the database (%d hashes)", where, name, len(ids))
            return LiveIndex(MappedIndex(base), seq, name, folder, part)
    except (OSError, snapshot.SnapshotError) as error:
        log.error("matching index: cannot write a snapshot (%s); this process keeps its own copy", error)
        ids, codes, marker = _read_database(HashEntry, part)
        return LiveIndex(HashIndex.build(ids, codes), marker, None, folder, part)


def _read_database(model: type[HashEntry], part: Part | None = None) -> tuple[np.ndarray, np.ndarray, int]:
    """Every active perceptual hash up to a change number; later changes are replayed by refresh()."""
    perceptual = model.objects.filter(signal_type__in=PERCEPTUAL)
    marker = perceptual.aggregate(top=Max("change_seq"))["top"] or 0
    rows = list(
        perceptual.filter(withdrawn_at__isnull=True, change_seq__lte=marker)
        .order_by("pk")
        .values_list("pk", "hash_value")
    )
    ids = np.array([pk for pk, _value in rows], dtype=np.int64)
    codes = hex_to_words(value for _pk, value in rows)
    if part is not None:
        keep = np.flatnonzero(shard_of(codes, part[1]) == part[0])
        ids, codes = ids[keep], codes[keep]
    return ids, codes, marker


def save_snapshot() -> tuple[Path, int]:
    """This process's snapshot, or with shards every shard server's (each writes its own)."""
    if shard_client.configured():
        return shard_client.save_snapshots()
    live = current()
    with _lock:  # no refresh of this process's index from another thread while it is written and mapped
        return live.save_snapshot()


def search(hash_hex: str, threshold: int) -> list[tuple[int, int]]:
    """(id, distance) of every indexed hash within `threshold` bits, nearest first: this process's
    index, or the shard servers' answers merged (shard_client.IndexUnavailable if one is down)."""
    if shard_client.configured():
        return shard_client.search(hash_hex, threshold)
    return current().index.search(hash_hex, threshold)


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
    if shard_client.configured():
        shard_client.nudge()  # the shards read the new rows now rather than at their next refresh
        return
    live = _state.get("live")
    if isinstance(live, LiveIndex):
        fresh = [e for e in entries if e.signal_type in PERCEPTUAL and e.withdrawn_at is None]
        if fresh:
            live.index.add_many([e.pk for e in fresh], hex_to_words(e.hash_value for e in fresh))


def remove_local(ids: Iterable[int]) -> None:
    if shard_client.configured():
        shard_client.nudge()  # lookups re-check the database anyway; this keeps the shards lean
        return
    live = _state.get("live")
    if isinstance(live, LiveIndex):
        for pk in ids:
            live.index.remove(pk)
