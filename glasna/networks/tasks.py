"""Scheduled pulls of peer installations' appearance feeds (networks/peers.py)."""

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from glasna.networks import peers

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="*/5"))
def sync_peers() -> None:
    """Every peer not tried for GLASNA_FEDERATION_SYNC_MINUTES; failures stay on the peer's row."""
    for result in peers.sync_all(due_only=True):
        if not result.ok:
            logger.warning("federation sync with %s failed: %s", result.peer.name, result.code)
