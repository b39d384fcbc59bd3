"""The snapshot format: memory-mapped on load, written atomically, and refused when corrupt,
truncated or of an older format."""

import json
from pathlib import Path

import numpy as np
import pytest

from glasna.matching import snapshot
from glasna.matching.index import HashIndex, words_to_hex


def _data(n: int = 500, seed: int = 3) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    ids = rng.permutation(10 * n)[:n].astype(np.int64) + 1  # unsorted: the writer sorts by id
    return ids, rng.integers(0, 2**64, size=(n, 4), dtype=np.uint64, endpoint=False)


def _current(folder: Path) -> Path:
    name = snapshot.current_name(folder)
    assert name is not None
    return folder / name


def test_round_trip_maps_the_arrays_and_answers_the_same(tmp_path: Path) -> None:
    ids, codes = _data()
    snapshot.write(tmp_path, ids, codes, marker=42)
    loaded, marker, name = snapshot.read(tmp_path)
    assert marker == 42 and name == _current(tmp_path).name
    for array in (loaded._codes, loaded._ids, loaded._order, loaded._offsets, loaded._blocks):
        assert isinstance(array.base, np.memmap) and not array.flags.writeable
    assert list(loaded._ids) == sorted(ids.tolist())
    fresh = HashIndex.build(ids, codes)
    for row in range(0, 500, 25):
        query = words_to_hex(codes[row])[0]
        assert loaded.search(query, 40) == fresh.search(query, 40)


def test_a_failed_write_leaves_the_previous_snapshot_current(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    ids, codes = _data()
    first = snapshot.write(tmp_path, ids, codes, marker=1)
    real_save = np.save
    calls = []

    def failing_save(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 3:
            raise OSError("disk full")
        return real_save(*args, **kwargs)

    monkeypatch.setattr(snapshot.np, "save", failing_save)
    with pytest.raises(OSError, match="disk full"):
        snapshot.write(tmp_path, ids[:10], codes[:10], marker=2)
    assert _current(tmp_path) == first
    assert snapshot.read(tmp_path)[1] == 1
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".tmp")] == []


def test_older_snapshots_are_pruned_keeping_two(tmp_path: Path) -> None:
    ids, codes = _data(50)
    written = [snapshot.write(tmp_path, ids, codes, marker=m) for m in range(4)]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("snap-")) == sorted(
        p.name for p in written[-2:]
    )
    assert snapshot.read(tmp_path)[1] == 3


def test_missing(tmp_path: Path) -> None:
    with pytest.raises(snapshot.SnapshotMissing):
        snapshot.read(tmp_path)


def _corrupt_byte(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("array", ["codes", "ids", "order", "offsets"])
def test_a_flipped_bit_in_any_array_is_detected(tmp_path: Path, array: str) -> None:
    ids, codes = _data()
    snapshot.write(tmp_path, ids, codes, marker=1)
    path = _current(tmp_path) / f"{array}.npy"
    _corrupt_byte(path, path.stat().st_size - 3)
    with pytest.raises(snapshot.SnapshotCorrupt, match="CRC"):
        snapshot.read(tmp_path)


def test_a_truncated_file_is_detected(tmp_path: Path) -> None:
    ids, codes = _data()
    snapshot.write(tmp_path, ids, codes, marker=1)
    path = _current(tmp_path) / "codes.npy"
    path.write_bytes(path.read_bytes()[:-32])
    with pytest.raises(snapshot.SnapshotCorrupt):
        snapshot.read(tmp_path)


def test_a_header_changed_without_its_checksum_is_detected(tmp_path: Path) -> None:
    ids, codes = _data()
    snapshot.write(tmp_path, ids, codes, marker=1)
    header_path = _current(tmp_path) / snapshot.HEADER
    header = json.loads(header_path.read_text())
    header["marker"] = 10**9  # a later marker would skip changes on refresh
    header_path.write_text(json.dumps(header))
    with pytest.raises(snapshot.SnapshotCorrupt, match="checksum"):
        snapshot.read(tmp_path)
    header_path.write_text("{not json")
    with pytest.raises(snapshot.SnapshotCorrupt, match="unreadable"):
        snapshot.read(tmp_path)


def test_an_older_format_is_outdated_not_served(tmp_path: Path) -> None:
    ids, codes = _data()
    snapshot.write(tmp_path, ids, codes, marker=1)
    header_path = _current(tmp_path) / snapshot.HEADER
    header = json.loads(header_path.read_text())
    body = {k: v for k, v in header.items() if k != "checksum"}
    body["format"] = snapshot.FORMAT - 1
    header_path.write_text(json.dumps({**body, "checksum": snapshot._digest(body)}))
    with pytest.raises(snapshot.SnapshotOutdated):
        snapshot.read(tmp_path)
    body["format"] = snapshot.FORMAT
    body["layout"] = {**body["layout"], "format": body["layout"]["format"] - 1}  # an older table layout
    header_path.write_text(json.dumps({**body, "checksum": snapshot._digest(body)}))
    with pytest.raises(snapshot.SnapshotOutdated):
        snapshot.read(tmp_path)


def test_an_empty_index_round_trips(tmp_path: Path) -> None:
    snapshot.write(tmp_path, np.zeros(0, dtype=np.int64), np.zeros((0, 4), dtype=np.uint64), marker=0)
    loaded, _marker, _name = snapshot.read(tmp_path)
    assert loaded.search("0" * 64, 31) == [] and loaded.search("0" * 64, 100) == []
