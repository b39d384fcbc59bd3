"""A transactional outbox between the database and huey's broker.

A job that follows from a change (a report's "new report" mail, cosigning a signed tree head) is
written as an OutboxJob row inside the change's own transaction. After the commit, and once a
minute in the worker (core/tasks.py), `relay` hands pending rows to huey. So a broker that is down
loses no job: the row waits and goes out when the broker answers again. A row handed over but not
done after GLASNA_OUTBOX_LEASE_SECONDS (a worker killed mid-job, a broker that lost its queue) is
handed over again; `run` locks the row and does the job at most once to completion: the job's own
database writes commit together with its `done_at`. A job's outside effect (a mail) may happen
twice if the worker dies between the effect and that commit: jobs routed here must be safe to repeat.

A job that must commit a claim of its own before its outside effect (a takedown e-mail: a worker
killed mid-send must leave "sending" behind, not a rolled-back "queued" that is sent again) is
marked `claims_itself`: it runs outside the outbox's transaction, its claim makes a second
delivery a no-op, and the row is marked done after it returns. A job that raises stays pending and
is handed over again after the lease, MAX_ATTEMPTS times in all."""

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string

from glasna.core.models import OutboxJob

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 10
_CLAIMS_ITSELF: set[str] = set()


def claims_itself[Job: Callable[..., Any]](function: Job) -> Job:
    """Mark a job function (under its huey decorator) as one that commits its own claim: `run`
    calls it outside the outbox's transaction."""
    _CLAIMS_ITSELF.add(f"{function.__module__}.{function.__qualname__}")
    return function


def enqueue(task: str, *args: Any) -> OutboxJob:
    """Record the job in the current transaction; it is relayed to huey after the commit."""
    job = OutboxJob.objects.create(task=task, args=list(args))
    transaction.on_commit(lambda: relay_quietly(only=[job.pk]))
    return job


def pending() -> QuerySet[OutboxJob]:
    lease = timezone.now() - timedelta(seconds=settings.GLASNA_OUTBOX_LEASE_SECONDS)
    return OutboxJob.objects.filter(done_at__isnull=True, attempts__lt=MAX_ATTEMPTS).filter(
        Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=lease)
    )


def relay(limit: int = 500, only: list[int] | None = None) -> int:
    """Hand pending jobs (or those of `only` that are pending) to huey; return how many. Raises the
    broker's error on the first failure (what was handed over before it stays marked)."""
    from glasna.core.tasks import run_outbox_job

    jobs = pending() if only is None else pending().filter(pk__in=only)
    handed = 0
    for job_id in jobs.order_by("pk").values_list("pk", flat=True)[:limit]:
        run_outbox_job(job_id)
        OutboxJob.objects.filter(pk=job_id).update(enqueued_at=timezone.now())
        handed += 1
    return handed


def relay_quietly(only: list[int]) -> None:
    """After a commit, this transaction's jobs only (the backlog is the worker's periodic relay's,
    so web processes do not all rush at it): the change is stored whatever the broker says; a
    broker error only leaves the job pending for that relay."""
    try:
        relay(only=only)
    except Exception as exc:  # noqa: BLE001 - any broker failure: the row waits, the request succeeds
        logger.warning("job broker unavailable, jobs kept in the outbox: %s", type(exc).__name__)


def run(job_id: int) -> bool:
    """Do the job once: True if this call did it, False if it was done already (or is being done)."""
    OutboxJob.objects.filter(pk=job_id, done_at__isnull=True).update(attempts=F("attempts") + 1)
    task = OutboxJob.objects.filter(pk=job_id, done_at__isnull=True).values_list("task", flat=True).first()
    if task is None:
        return False
    function = import_string(task)  # imports the task's module, which registers claims_itself
    if task in _CLAIMS_ITSELF:
        args = OutboxJob.objects.values_list("args", flat=True).get(pk=job_id)
        function.call_local(*args)
        return bool(OutboxJob.objects.filter(pk=job_id, done_at__isnull=True).update(done_at=timezone.now()))
    with transaction.atomic():
        job = OutboxJob.objects.select_for_update(skip_locked=True).filter(pk=job_id, done_at__isnull=True).first()
        if job is None:
            return False
        function.call_local(*job.args)
        job.done_at = timezone.now()
        job.save(update_fields=["done_at"])
    return True


def prune() -> int:
    """Delete jobs done more than GLASNA_OUTBOX_KEEP_DAYS ago: their arguments (a member's address
    and mail text) are kept no longer than a retry could need them. Undone rows stay for an operator."""
    cutoff = timezone.now() - timedelta(days=settings.GLASNA_OUTBOX_KEEP_DAYS)
    deleted, _by_model = OutboxJob.objects.filter(done_at__lt=cutoff).delete()
    return deleted
