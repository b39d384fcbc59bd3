"""The nightly snapshot job writes a snapshot that a fresh process maps."""

import pytest

from glasna.matching import live_index, snapshot
from glasna.matching.mapped_index import MappedIndex
from tests.matching.helpers import random_hash
from tests.matching.test_live_index import _add

pytestmark = pytest.mark.django_db


def test_the_nightly_job_writes_a_snapshot_workers_map(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from glasna.matching.tasks import write_index_snapshot

    settings.DATA_DIR = tmp_path
    live_index.reset()
    (entry,) = _add([random_hash()])
    assert snapshot.current_name(live_index.snapshot_dir()) is None
    write_index_snapshot()  # tests run huey in immediate mode: the job runs now
    live_index.reset()
    live = live_index.current()
    assert isinstance(live.index, MappedIndex) and live.index.search(entry.hash_value) == [(entry.pk, 0)]
