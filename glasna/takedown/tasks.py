"""Jobs of the takedown room: e-mail delivery with retries, the SLA clocks, the re-upload watch."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from glasna.takedown import delivery, reupload, tracking


@db_task(retries=8, retry_delay=120)
def deliver_notice(delivery_id: int) -> str:
    """Retried by huey on TemporaryFailure (SMTP 4xx, server down); the claim makes retries safe."""
    return delivery.deliver(delivery_id)


@db_periodic_task(crontab(minute="*/10"))
def sla_clocks() -> None:
    tracking.run_sla_clocks()
    delivery.sweep_stale()
    delivery.requeue_stalled()


@db_periodic_task(crontab(minute="23"))
def reupload_watch() -> None:
    reupload.run()
