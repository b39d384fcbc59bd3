"""Index snapshots that every process on a machine maps from one copy in the page cache.

A snapshot folder (GLASNA_DATA_DIR/matching/index/) holds `CURRENT`, naming the live snapshot,
and one sub-folder per snapshot: `header.json` and one `.npy` file per array of the index (hashes,
ids, the chunk tables, the bucket offsets). Loading maps each file read-only
(`np.load(mmap_mode="r")`): the arrays are the kernel's page cache, shared by every worker, and
nothing is copied or recomputed. Rows are sorted by id, so finding an id is a binary search.

Writing is atomic: the arrays and header go to a temporary folder that is renamed into place, and
`CURRENT` is replaced with `os.replace`; a reader sees the old snapshot or the new one, never half
of one. The two newest snapshots are kept (a reader may have just read `CURRENT`); older ones are
deleted, which is safe for processes still mapping them (Linux keeps the pages until unmapped).

The header carries the format, the layout of the tables, each array's dtype, shape, size and CRC-32,
and a SHA-256 of all of that. A missing, truncated or altered file, a header that does not match
its checksum, or an older format raises `SnapshotCorrupt` / `SnapshotOutdated`: callers rebuild
from the database (`live_index`) rather than serve it.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import zlib
from pathlib import Path

import numpy as np
import numpy.typing as npt

from glasna.matching.index import FORMAT as LAYOUT_FORMAT
from glasna.matching.index import Codes, HashIndex

FORMAT = 3  # 1 and 2 were single .npz files (index.npz), read whole into each process
POINTER = "CURRENT"
HEADER = "header.json"
KEEP = 2


class SnapshotError(Exception):
    """No usable snapshot; the caller builds the index from the database."""


class SnapshotMissing(SnapshotError):
    pass


class SnapshotCorrupt(SnapshotError):
    pass


class SnapshotOutdated(SnapshotError):
    pass


def _digest(body: dict[str, object]) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def _crc(array: npt.NDArray[np.generic]) -> int:
    # Over the raw bytes; zlib reads a buffer of any size in one call.
    return zlib.crc32(np.ascontiguousarray(array).reshape(-1).view(np.uint8))


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def current_name(folder: Path) -> str | None:
    """The name of the live snapshot, or None when there is none."""
    try:
        return (folder / POINTER).read_text().strip() or None
    except FileNotFoundError:
        return None


def write(folder: Path, ids: npt.ArrayLike, codes: Codes, marker: int) -> Path:
    """Build the index of (ids, codes) and make it the folder's current snapshot; returns its path.

    `marker` records how far the data source had been read (a change sequence number)."""
    ids_arr = np.asarray(ids, dtype=np.int64)
    by_id = np.argsort(ids_arr, kind="stable")
    index = HashIndex.build(ids_arr[by_id], np.asarray(codes, dtype=np.uint64).reshape(-1, 4)[by_id])
    arrays, layout = index.tables()
    folder.mkdir(parents=True, exist_ok=True)
    token = secrets.token_hex(4)
    tmp = folder / f".tmp-{token}"
    tmp.mkdir()
    try:
        entries: dict[str, dict[str, object]] = {}
        for name, array in arrays.items():
            path = tmp / f"{name}.npy"
            with open(path, "wb") as handle:
                np.save(handle, array, allow_pickle=False)
                handle.flush()
                os.fsync(handle.fileno())
            entries[name] = {
                "file": path.name,
                "dtype": array.dtype.str,
                "shape": list(array.shape),
                "bytes": path.stat().st_size,
                "crc32": _crc(array),
            }
        body: dict[str, object] = {
            "format": FORMAT,
            "layout": layout,
            "marker": int(marker),
            "count": len(ids_arr),
            "arrays": entries,
        }
        with open(tmp / HEADER, "w") as handle:
            json.dump({**body, "checksum": _digest(body)}, handle, sort_keys=True)
            handle.flush()
            os.fsync(handle.fileno())
        _fsync(tmp)
        final = folder / f"snap-{int(marker)}-{token}"
        os.rename(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    pointer = folder / f".{POINTER}-{token}"
    pointer.write_text(final.name + "\n")
    _fsync(pointer)
    previous = current_name(folder)
    os.replace(pointer, folder / POINTER)
    _fsync(folder)
    _prune(folder, keep={final.name, previous or ""})
    return final


def _prune(folder: Path, keep: set[str]) -> None:
    for child in folder.iterdir():
        if child.is_dir() and child.name.startswith("snap-") and child.name not in keep:
            shutil.rmtree(child, ignore_errors=True)


def read(folder: Path) -> tuple[HashIndex, int, str]:
    """The current snapshot's index (arrays memory-mapped), its marker and its name.

    Raises SnapshotMissing, SnapshotCorrupt or SnapshotOutdated; never returns unchecked data."""
    name = current_name(folder)
    if name is None:
        raise SnapshotMissing(f"no snapshot in {folder}")
    where = folder / name
    try:
        header = json.loads((where / HEADER).read_text())
    except (OSError, ValueError) as error:
        raise SnapshotCorrupt(f"{where}: unreadable header ({error})") from error
    if not isinstance(header, dict) or "checksum" not in header:
        raise SnapshotCorrupt(f"{where}: header without a checksum")
    body = {k: v for k, v in header.items() if k != "checksum"}
    if _digest(body) != header["checksum"]:
        raise SnapshotCorrupt(f"{where}: header checksum mismatch")
    layout = body.get("layout")
    if body.get("format") != FORMAT or not isinstance(layout, dict) or layout.get("format") != LAYOUT_FORMAT:
        raise SnapshotOutdated(
            f"{where}: format {body.get('format')} layout {layout}, this version reads format {FORMAT} "
            f"layout {LAYOUT_FORMAT}"
        )
    arrays: dict[str, npt.NDArray[np.generic]] = {}
    try:
        for key, entry in body["arrays"].items():
            path = where / entry["file"]
            if path.stat().st_size != entry["bytes"]:
                raise SnapshotCorrupt(f"{path}: {path.stat().st_size} bytes, header says {entry['bytes']}")
            mapped = np.load(path, mmap_mode="r", allow_pickle=False)
            if mapped.dtype.str != entry["dtype"] or list(mapped.shape) != entry["shape"]:
                raise SnapshotCorrupt(f"{path}: dtype or shape differs from the header")
            if _crc(mapped) != entry["crc32"]:
                raise SnapshotCorrupt(f"{path}: CRC-32 mismatch")
            # A plain ndarray view of the map: np.memmap's subclass hooks cost time on every np.take.
            arrays[key] = mapped.view(np.ndarray)
        index = HashIndex.from_tables(arrays, layout)
    except SnapshotCorrupt:
        raise
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise SnapshotCorrupt(f"{where}: {error}") from error
    if len(index._ids) != body.get("count"):
        raise SnapshotCorrupt(f"{where}: row count differs from the header")
    return index, int(body["marker"]), name
