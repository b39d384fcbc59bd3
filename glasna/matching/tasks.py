"""Scheduled jobs of the matching room."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from glasna.matching import live_index


@db_periodic_task(crontab(hour="2", minute="41"))
def write_index_snapshot() -> None:
    """Nightly: every web process maps the new snapshot at its next refresh, so the index stays one
    shared copy and each process's private changes since the snapshot stay small."""
    live_index.save_snapshot()
