"""Jobs of the takedown room: e-mail delivery (through the job outbox), the SLA clocks, the re-upload watch."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from glasna.core import outbox
from glasna.takedown import delivery, reupload, tracking


@db_task()
@outbox.claims_itself
def deliver_notice(delivery_id: int) -> str:
    """Run through the outbox (delivery.queue), outside its transaction: the claim in `deliver`
    commits before the send. A TemporaryFailure (SMTP 4xx, server down) leaves the job pending, and
    the outbox hands it over again after its lease; the claim makes every repeat safe."""
    return delivery.deliver(delivery_id)


@db_periodic_task(crontab(minute="*/10"))
def sla_clocks() -> None:
    tracking.run_sla_clocks()
    delivery.sweep_stale()
    delivery.requeue_stalled()


@db_periodic_task(crontab(minute="23"))
def reupload_watch() -> None:
    reupload.run()
