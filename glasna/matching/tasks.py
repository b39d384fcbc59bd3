"""Scheduled jobs of the matching room."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from glasna.matching import live_index, sightings


@db_periodic_task(crontab(hour="2", minute="41"))
def write_index_snapshot() -> None:
    """Nightly: every web process maps the new snapshot at its next refresh, so the index stays one
    shared copy and each process's private changes since the snapshot stay small."""
    live_index.save_snapshot()


@db_task()
def announce_sighting(sighting_id: int) -> None:
    """Through the job outbox (sightings.record): runs once, in the outbox's transaction."""
    sightings.announce(sighting_id)
