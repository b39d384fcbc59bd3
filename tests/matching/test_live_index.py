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
