"""Deleting orphan blobs: objects in the blob store that no record refers to.

They come from a request that wrote its files and then failed before its transaction committed
(the database restarting, a worker killed): nothing refers to them and nothing can read them (their
keys were in the rows that were never stored), but they take space. The sweep deletes only

- objects named as core/blobs.py names blobs (anything else in the store is left alone),
- written longer ago than GLASNA_BLOB_SWEEP_GRACE_HOURS (24 h): a request in flight has written
  its blobs and not yet committed the records naming them,
- that no record names (core/blob_references.py), checked once while listing and again just
  before deleting.

Deleting a blob a record names destroys evidence, so the sweep also refuses to delete when most of
the old blobs look orphaned (a database that is not this store's: a wrong DATABASE_URL, a restore
into the wrong place) unless forced. Logs and the audit log get counts, never names."""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from glasna.core import audit, blob_references, blobs

logger = logging.getLogger(__name__)

_CHUNK = 1000
# Refused unless forced: more than this many orphans that are also more than half of the old blobs.
REFUSE_ABOVE = 10


class SweepRefused(Exception):
    """Most old blobs look orphaned: the database is probably not this store's. Nothing was deleted."""


@dataclass(frozen=True)
class Swept:
    listed: int  # objects in the store
    foreign: int  # objects not named as blobs are: left alone
    fresh: int  # written within the grace period: left alone
    referenced: int  # old, and named by a record: kept
    orphans: int  # old and named by no record
    deleted: int  # 0 on a dry run
    dry_run: bool

    @property
    def suspicious(self) -> bool:
        """Most old blobs look orphaned: the database is probably not this store's."""
        return self.orphans > REFUSE_ABOVE and 2 * self.orphans > self.referenced + self.orphans

    def summary(self) -> str:
        return (
            f"listed:{self.listed} foreign:{self.foreign} fresh:{self.fresh} referenced:{self.referenced} "
            f"orphans:{self.orphans} deleted:{self.deleted}" + (" dry-run" if self.dry_run else "")
        )


def grace() -> timedelta:
    hours = int(settings.GLASNA_BLOB_SWEEP_GRACE_HOURS)
    if hours < 1:
        # A shorter wait could delete the blobs of a report being sent right now.
        raise ValueError("GLASNA_BLOB_SWEEP_GRACE_HOURS must be at least 1")
    return timedelta(hours=hours)


def sweep(*, actor: str, dry_run: bool = False, force: bool = False, now: datetime | None = None) -> Swept:
    """List the store, delete its old orphans (none on a dry run), write one audit record."""
    cutoff = (now or timezone.now()) - grace()
    listed = foreign = fresh = old = 0
    orphans: list[str] = []
    batch: list[str] = []
    for blob in blobs.listing():
        listed += 1
        if not blobs.NAME.fullmatch(blob.name):
            foreign += 1
        elif blob.modified is None or blob.modified > cutoff:
            fresh += 1
        else:
            old += 1
            batch.append(blob.name)
            if len(batch) == _CHUNK:
                orphans += _unreferenced(batch)
                batch = []
    orphans += _unreferenced(batch)
    counted = Swept(listed, foreign, fresh, old - len(orphans), len(orphans), 0, dry_run)
    if counted.suspicious and not force and not dry_run:
        logger.error("blob sweep refused, most old blobs look orphaned: %s", counted.summary())
        audit.record("blobs.sweep_refused", actor=actor, target=counted.summary())
        raise SweepRefused(counted.summary())
    deleted = 0
    if not dry_run:
        for name in _unreferenced(orphans):  # asked again: a record may have been stored since the listing
            blobs.delete(name)
            deleted += 1
    result = Swept(listed, foreign, fresh, counted.referenced, counted.orphans, deleted, dry_run)
    logger.info("blob sweep: %s", result.summary())
    audit.record("blobs.swept", actor=actor, target=result.summary())
    return result


def _unreferenced(names: list[str]) -> list[str]:
    named = blob_references.referenced_among(names)
    return [name for name in names if name not in named]
