"""This process's copy of the index, kept in step with the database.

Each web process holds one `HashIndex` over every active PDQ and vPDQ-frame hash. It starts from
the snapshot file (if any) plus the changes since, and re-reads changes (`change_seq` above the
last one seen) at most every GLASNA_MATCH_REFRESH_SECONDS (default 30) when queried. A process
that withdraws a hash removes it from its own index at once. Lookups also re-check every hit
against the database (withdrawn, bank, consent), so a hash withdrawn in another process stops
matching immediately there too; the refresh bounds how long new hashes take to become findable."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from django.conf import settings

from glasna.matching.index import HashIndex, hex_to_words

if TYPE_CHECKING:
    from glasna.matching.models import HashEntry

PERCEPTUAL = ("pdq", "vpdq_frame")
_lock = threading.Lock()
_state: dict[str, object] = {}


class LiveIndex:
    def __init__(self, index: HashIndex, seen_seq: int) -> None:
        self.index = index
        self.seen_seq = seen_seq
        self.refreshed_at = time.monotonic()

    def refresh(self) -> int:
        """Apply every change committed since the last one seen; returns how many rows were read."""
        from glasna.matching.models import HashEntry

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


def snapshot_path() -> Path:
    return Path(settings.DATA_DIR) / "matching" / "index.npz"


def load() -> LiveIndex:
    """The snapshot if there is one, then the changes since it."""
    path = snapshot_path()
    if path.exists():
        index, seq = HashIndex.load(path)
    else:
        index, seq = HashIndex(), 0
    live = LiveIndex(index, seq)
    live.refresh()
    return live


def save_snapshot() -> tuple[Path, int]:
    live = current(refresh=True)
    path = snapshot_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    live.index.save(path, marker=live.seen_seq)
    return path, len(live.index)


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
