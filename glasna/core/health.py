"""Health checks for load balancers and orchestrators.

Liveness says the process answers; readiness says it can serve: the database answers a query, the
job broker's storage answers a read, the blob store accepts a write that reads back and deletes,
and (where configured) every shard of the hash index answers a search.
No check reads or reports anything about reports, cases or people."""

import logging
import secrets
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection
from huey.contrib.djhuey import HUEY

log = logging.getLogger(__name__)

_PROBE_FOLDER = "health"


class NotApplicable(Exception):
    """Raised by a check that this installation's configuration does not call for: left out."""


def database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        if cursor.fetchone() != (1,):
            raise RuntimeError("unexpected answer")


def job_broker() -> None:
    """A read on the queue's storage (Redis LLEN, a SQLite count), without enqueuing anything."""
    HUEY.storage.queue_size()


def blob_store() -> None:
    store = storages["blobs"]
    payload = secrets.token_bytes(16)
    name = store.save(f"{_PROBE_FOLDER}/probe-{secrets.token_hex(8)}", ContentFile(payload))
    try:
        with store.open(name, "rb") as handle:
            if handle.read() != payload:
                raise RuntimeError("the probe read back differently")
    finally:
        store.delete(name)


# Rooms add their own in AppConfig.ready (matching: the index shards, when configured).
CHECKS: dict[str, Callable[[], None]] = {"database": database, "job_broker": job_broker, "blob_store": blob_store}


def readiness() -> tuple[bool, dict[str, str]]:
    """(all passed, each check's "ok" or "failed"). Failures are logged with their type only."""
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except NotApplicable:
            continue
        except Exception as exc:  # noqa: BLE001 - any failure means not ready; the reason goes to the log
            log.warning("readiness check %s failed: %s", name, type(exc).__name__)
            results[name] = "failed"
        else:
            results[name] = "ok"
    return all(value == "ok" for value in results.values()), results
