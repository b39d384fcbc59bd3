"""Several processes, one database: adds appear after the refresh interval, withdrawals at once,
the snapshot loads with the changes since it, and results do not depend on the database."""

import pytest

from glasna.matching import banks, live_index
from glasna.matching.hash_input import SubmittedHash
from glasna.matching.models import HashEntry
from tests.factories import make_organisation, submit
from tests.matching.helpers import flip, random_hash

pytestmark = pytest.mark.django_db


def _add(values: list[str]) -> list[HashEntry]:
    bundle = make_organisation()
    submit()
    from glasna.intake.models import Report

    report = Report.objects.latest("received_on")
    items = [SubmittedHash("pdq", v, 90, i, None, "image") for i, v in enumerate(values)]
    return banks.add_report_hashes(report.pk, None, bundle.organisation.pk, items, ["*"])


def test_another_process_sees_adds_after_refresh_and_never_withdrawn_hashes(settings) -> None:  # type: ignore[no-untyped-def]
    settings.GLASNA_MATCH_REFRESH_SECONDS = 30
    live_index.reset()
    other = live_index.load()  # "another process": its own index, loaded from the same database
    value = random_hash()
    (entry,) = _add([value])
    assert other.index.search(value) == []  # not yet refreshed
    assert other.refresh() == 1 and other.index.search(flip(value, 4)) == [(entry.pk, 4)]
    banks.withdraw(HashEntry.objects.filter(pk=entry.pk), "survivor", None, "test")
    other.refresh()
    assert other.index.search(value) == []


def test_current_refreshes_on_the_interval(settings) -> None:  # type: ignore[no-untyped-def]
    live_index.reset()
    settings.GLASNA_MATCH_REFRESH_SECONDS = 3600
    live_index.current()
    # Inside the test transaction on_commit hooks do not run: the write looks like another process's.
    (entry,) = _add([random_hash()])
    assert live_index.current().index.search(entry.hash_value) == []
    settings.GLASNA_MATCH_REFRESH_SECONDS = 0
    assert live_index.current().index.search(entry.hash_value) == [(entry.pk, 0)]


def test_this_process_sees_its_own_adds_at_once(settings, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    live_index.reset()
    settings.GLASNA_MATCH_REFRESH_SECONDS = 3600
    live_index.current()
    with django_capture_on_commit_callbacks(execute=True):
        (entry,) = _add([random_hash()])
    assert live_index.current().index.search(entry.hash_value) == [(entry.pk, 0)]


def test_withdrawn_elsewhere_stops_matching_before_any_refresh(settings) -> None:  # type: ignore[no-untyped-def]
    from django.utils import timezone

    from glasna.matching import lookup, tokens

    live_index.reset()
    settings.GLASNA_MATCH_REFRESH_SECONDS = 3600
    (entry,) = _add([random_hash()])
    platform, _token = tokens.issue("telegram", "Telegram", [banks.survivor_bank()])
    assert [m.entry.pk for m in lookup.lookup(platform, "pdq", entry.hash_value)] == [entry.pk]
    # Another process withdrew it: this process's index still holds it, the database check does not.
    HashEntry.objects.filter(pk=entry.pk).update(withdrawn_at=timezone.now())
    assert entry.pk in live_index.current().index
    assert lookup.lookup(platform, "pdq", entry.hash_value) == []


def test_snapshot_then_changes_since(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.DATA_DIR = tmp_path
    live_index.reset()
    kept, gone = _add([random_hash(), random_hash()])
    path, count = live_index.save_snapshot()
    assert path.exists() and count == 2
    banks.withdraw(HashEntry.objects.filter(pk=gone.pk), "survivor", None, "test")
    (new,) = _add([random_hash()])
    live_index.reset()
    reloaded = live_index.load()
    assert reloaded.index.search(kept.hash_value) == [(kept.pk, 0)]
    assert reloaded.index.search(gone.hash_value) == []
    assert reloaded.index.search(new.hash_value) == [(new.pk, 0)]


def test_index_from_database_rows_equals_brute_force() -> None:
    """Run on SQLite and on PostgreSQL (scripts/with-postgres): the same answers from either."""
    import numpy as np

    from glasna.matching.index import brute_force, hex_to_words

    base = random_hash()
    _add([flip(base, n) for n in range(0, 60, 3)] + [random_hash() for _ in range(40)])
    live_index.reset()
    live = live_index.load()
    rows = list(HashEntry.objects.values_list("pk", "hash_value"))
    ids = np.array([pk for pk, _v in rows], dtype=np.int64)
    codes = hex_to_words(v for _pk, v in rows)
    for threshold in (0, 10, 31, 50):
        assert live.index.search(base, threshold) == brute_force(ids, codes, base, threshold)


def test_the_snapshot_is_mapped_and_a_newer_one_is_followed(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from glasna.matching.mapped_index import MappedIndex

    settings.DATA_DIR = tmp_path
    settings.GLASNA_MATCH_REFRESH_SECONDS = 0
    live_index.reset()
    (first,) = _add([random_hash()])
    live_index.save_snapshot()
    live_index.reset()
    worker = live_index.current()
    assert isinstance(worker.index, MappedIndex) and worker.index.search(first.hash_value) == [(first.pk, 0)]
    old_name = worker.snapshot_name
    (second,) = _add([random_hash()])
    banks.withdraw(HashEntry.objects.filter(pk=first.pk), "survivor", None, "test")
    live_index.reset()
    live_index.save_snapshot()  # "the snapshot command", run while the worker is up
    live_index.reset()
    worker.refresh()  # the worker maps the newer snapshot; nothing is left for its private delta
    assert isinstance(worker.index, MappedIndex)
    assert worker.snapshot_name != old_name and len(worker.index.delta) == 0
    assert worker.index.search(second.hash_value) == [(second.pk, 0)]
    assert worker.index.search(first.hash_value) == []


def test_a_corrupt_snapshot_is_rebuilt_from_the_database(settings, tmp_path, caplog) -> None:  # type: ignore[no-untyped-def]
    from glasna.matching import snapshot

    settings.DATA_DIR = tmp_path
    live_index.reset()
    entries = _add([random_hash() for _ in range(5)])
    folder, _count = live_index.save_snapshot()
    codes = folder / "codes.npy"
    data = bytearray(codes.read_bytes())
    data[-1] ^= 0xFF
    codes.write_bytes(bytes(data))
    live_index.reset()
    with caplog.at_level("WARNING", logger="glasna.matching.live_index"):
        live = live_index.current()
    assert "not served" in caplog.text and "CRC-32" in caplog.text and "rebuilt" in caplog.text
    assert live.snapshot_name != folder.name
    assert snapshot.read(live_index.snapshot_dir())[1] == live.seen_seq  # a good snapshot replaced it
    for entry in entries:
        assert live.index.search(entry.hash_value) == [(entry.pk, 0)]


def test_a_snapshot_of_the_previous_table_layout_is_rebuilt_with_a_log_line(settings, tmp_path, caplog) -> None:  # type: ignore[no-untyped-def]
    import json

    from glasna.matching import snapshot
    from glasna.matching.index import FORMAT

    settings.DATA_DIR = tmp_path
    live_index.reset()
    entries = _add([random_hash() for _ in range(3)])
    folder, _count = live_index.save_snapshot()
    header = json.loads((folder / snapshot.HEADER).read_text())
    body = {k: v for k, v in header.items() if k != "checksum"}
    body["layout"] = {"format": FORMAT - 1, "bits": body["layout"]["bits"]}  # uint32 offsets, no blocks
    (folder / snapshot.HEADER).write_text(json.dumps({**body, "checksum": snapshot._digest(body)}))
    live_index.reset()
    with caplog.at_level("WARNING", logger="glasna.matching.live_index"):
        live = live_index.current()
    assert "not served" in caplog.text and f"layout {FORMAT}" in caplog.text and "rebuilt" in caplog.text
    assert live.snapshot_name != folder.name
    rebuilt = json.loads((live_index.snapshot_dir() / str(live.snapshot_name) / snapshot.HEADER).read_text())
    assert rebuilt["layout"]["format"] == FORMAT
    for entry in entries:
        assert live.index.search(entry.hash_value) == [(entry.pk, 0)]


def test_an_old_format_snapshot_is_rebuilt_with_a_log_line(settings, tmp_path, caplog) -> None:  # type: ignore[no-untyped-def]
    import numpy as np

    from glasna.matching.mapped_index import MappedIndex

    settings.DATA_DIR = tmp_path
    live_index.reset()
    (entry,) = _add([random_hash()])
    legacy = live_index.legacy_snapshot_path()
    legacy.parent.mkdir(parents=True, exist_ok=True)
    np.savez(legacy, codes=np.zeros((1, 4), dtype=np.uint64), ids=np.array([-1]), meta=np.array([1, 10**9]))
    with caplog.at_level("WARNING", logger="glasna.matching.live_index"):
        live = live_index.current()
    assert "older snapshot format" in caplog.text
    assert isinstance(live.index, MappedIndex) and not legacy.exists()
    assert live.index.search(entry.hash_value) == [(entry.pk, 0)] and -1 not in live.index


def test_without_a_writable_folder_the_rebuild_stays_in_memory(settings, tmp_path, caplog, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from glasna.matching import snapshot
    from glasna.matching.index import HashIndex

    settings.DATA_DIR = tmp_path
    live_index.reset()
    (entry,) = _add([random_hash()])

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise OSError("read-only file system")

    monkeypatch.setattr(snapshot, "write", refuse)
    with caplog.at_level("ERROR", logger="glasna.matching.live_index"):
        live = live_index.rebuild()
    assert "read-only" in caplog.text and isinstance(live.index, HashIndex)
    assert live.index.search(entry.hash_value) == [(entry.pk, 0)]


def test_a_process_without_a_snapshot_maps_the_first_one_written(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from glasna.matching.index import HashIndex
    from glasna.matching.mapped_index import MappedIndex

    settings.DATA_DIR = tmp_path
    live_index.reset()
    (entry,) = _add([random_hash()])
    worker = live_index.load()
    assert isinstance(worker.index, HashIndex)  # no snapshot yet: its own copy
    live_index.save_snapshot()
    worker.refresh()
    assert isinstance(worker.index, MappedIndex) and worker.index.search(entry.hash_value) == [(entry.pk, 0)]
