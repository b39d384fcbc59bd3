"""Verifying the audit chain at a constant cost per page view.

A full walk reads every entry, so a page that walked it on each view would slow as the log grows.
Instead the last position found intact (entry id and hash) is kept in a sealed checkpoint row:
page views check that the entry there still has that hash, then walk only the entries after it.
An edit to an older entry that is re-hashed forward changes the checkpoint entry's hash and is
caught at once; one that is not re-hashed forward is caught by the full walk, which the worker
runs nightly (`verify_audit_chain`) and `glasna verify_audit` runs on demand. Its findings are
kept in the checkpoint and shown on the audit page until a full walk finds the chain intact."""

import json
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from glasna.core import audit
from glasna.core.crypto.server_keys import tag, tag_matches
from glasna.core.models import AuditCheckpoint, AuditEvent

PURPOSE = "audit-checkpoint"
ALTERED = "the record of the last verified position was altered (checkpoint seal does not match)"
ANCHOR_CHANGED = "entry {id}, the last one verified, was changed or removed since"


@dataclass
class Verification:
    problems: list[str] = field(default_factory=list)
    checked: int = 0  # entries read
    full_check_at: datetime | None = None


def _message(event_id: int, entry_hash: str, full_at: datetime | None, problems: list[str]) -> bytes:
    body = [event_id, entry_hash, full_at.isoformat() if full_at else None, problems]
    return json.dumps(body, separators=(",", ":")).encode()


def _sealed(checkpoint: AuditCheckpoint) -> bool:
    message = _message(
        checkpoint.event_id, checkpoint.entry_hash, checkpoint.full_check_at, list(checkpoint.full_check_problems)
    )
    return tag_matches(PURPOSE, message, checkpoint.seal)


def _store(
    event_id: int, entry_hash: str, *, full_at: datetime | None = None, problems: list[str] | None = None
) -> None:
    """Move the checkpoint forward to (event_id, entry_hash); a full check also records its findings.
    Never moves it back, and never re-seals a row that no longer opens (that would hide the change)."""
    with transaction.atomic():
        checkpoint = AuditCheckpoint.objects.select_for_update().filter(pk=1).first()
        if checkpoint is None:
            checkpoint = AuditCheckpoint(pk=1, event_id=0, entry_hash=audit.GENESIS)
        elif not _sealed(checkpoint) and full_at is None:
            return
        if event_id >= checkpoint.event_id:
            checkpoint.event_id, checkpoint.entry_hash = event_id, entry_hash
        if full_at is not None:
            checkpoint.full_check_at = full_at.replace(microsecond=0)
            checkpoint.full_check_problems = problems or []
        checkpoint.seal = tag(
            PURPOSE,
            _message(
                checkpoint.event_id, checkpoint.entry_hash, checkpoint.full_check_at, checkpoint.full_check_problems
            ),
        )
        checkpoint.save()


def verify_recent() -> Verification:
    """For page views: the entries recorded since the last verified position, plus what the last
    full check found. Reads the checkpoint, one anchor entry and the new entries; nothing older."""
    checkpoint = AuditCheckpoint.objects.filter(pk=1).first()
    if checkpoint is None:
        return _walk_from(0, audit.GENESIS, [], None)
    if not _sealed(checkpoint):
        walked = audit.walk(AuditEvent.objects.order_by("id").iterator())
        return Verification([ALTERED, *walked.problems], walked.checked)
    anchor_problems = []
    if checkpoint.event_id:
        anchor = AuditEvent.objects.filter(pk=checkpoint.event_id).values_list("entry_hash", flat=True).first()
        if anchor != checkpoint.entry_hash:
            anchor_problems.append(ANCHOR_CHANGED.format(id=checkpoint.event_id))
    found = _walk_from(checkpoint.event_id, checkpoint.entry_hash, anchor_problems, checkpoint.full_check_at)
    # What the last full check found stays on the page until a full check finds the chain intact.
    found.problems[:0] = list(checkpoint.full_check_problems)
    return found


def _walk_from(event_id: int, entry_hash: str, problems: list[str], full_at: datetime | None) -> Verification:
    newer = AuditEvent.objects.filter(id__gt=event_id).order_by("id").iterator()
    walked = audit.walk(newer, entry_hash, event_id)
    if not problems and not walked.problems and walked.last_id > event_id:
        # Only an intact stretch that starts at an intact checkpoint moves it forward.
        _store(walked.last_id, walked.last_hash)
    return Verification([*problems, *walked.problems], walked.checked, full_at)


def verify_full() -> Verification:
    """Walk the whole chain (the nightly job and `glasna verify_audit`) and record the result."""
    checkpoint = AuditCheckpoint.objects.filter(pk=1).first()
    problems = [ALTERED] if checkpoint is not None and not _sealed(checkpoint) else []
    walked = audit.walk(AuditEvent.objects.order_by("id").iterator())
    problems += walked.problems
    now = timezone.now()
    if walked.problems:
        _store(0, audit.GENESIS, full_at=now, problems=problems)
    else:
        _store(walked.last_id, walked.last_hash, full_at=now, problems=problems)
    return Verification(problems, walked.checked, now)
