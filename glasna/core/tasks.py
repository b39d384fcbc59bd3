"""Scheduled jobs of the core room, and the worker's side of the job outbox (core/outbox.py)."""

import logging

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from glasna.core import blob_sweep, outbox
from glasna.core.audit_checkpoint import verify_full

logger = logging.getLogger(__name__)


@db_periodic_task(crontab(hour="2", minute="41"))
def verify_audit_chain() -> None:
    """Walk the whole audit chain nightly; page views walk only what is newer than its checkpoint."""
    problems = verify_full().problems
    if problems:
        logger.error("audit chain broken: %s", "; ".join(problems))


@db_task()
def run_outbox_job(job_id: int) -> None:
    """Not retried by huey: a failed job stays in the outbox and the relay hands it over again."""
    outbox.run(job_id)


@db_periodic_task(crontab(minute="*"))
def relay_outbox() -> None:
    """Jobs whose relay after the commit failed (the broker was down) or that were lost on the way."""
    handed = outbox.relay()
    if handed:
        logger.info("outbox: %s jobs handed to the broker", handed)


@db_periodic_task(crontab(hour="4", minute="7"))
def prune_outbox() -> None:
    pruned = outbox.prune()
    if pruned:
        logger.info("outbox: %s done jobs deleted", pruned)


@db_periodic_task(crontab(hour="4", minute="23"))
def sweep_orphan_blobs() -> None:
    """Delete blobs no record names, older than the grace period (core/blob_sweep.py)."""
    try:
        blob_sweep.sweep(actor="system")
    except blob_sweep.SweepRefused:
        pass  # logged and audited by the sweep; an operator decides (`glasna blob_sweep --force`)
