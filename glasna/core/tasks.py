"""Scheduled jobs of the core room."""

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from glasna.core.audit_checkpoint import verify_full

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(hour="2", minute="41"))
def verify_audit_chain() -> None:
    """Walk the whole audit chain nightly; page views walk only what is newer than its checkpoint."""
    problems = verify_full().problems
    if problems:
        logger.error("audit chain broken: %s", "; ".join(problems))
