"""Append to and verify the audit chain."""

import hashlib
import json
from collections.abc import Iterable

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from glasna.core.client_address import client_address
from glasna.core.models import AuditEvent, AuditHead

GENESIS = "0" * 64


def _digest(prev_hash: str, event: AuditEvent) -> str:
    body = json.dumps(
        [prev_hash, event.at.isoformat(), event.actor, event.organisation_id, event.action, event.target, event.source],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode()).hexdigest()


def record(
    action: str,
    *,
    actor: str,
    target: str = "",
    organisation_id: int | None = None,
    request: HttpRequest | None = None,
) -> AuditEvent:
    source = ""
    if request is not None and actor != "survivor":
        # Behind proxies the socket peer is our proxy: record the client they vouch for.
        source = client_address(request.META)[:64]
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1, defaults={"last_hash": GENESIS})
        event = AuditEvent(
            at=timezone.now(),
            actor=actor[:150],
            organisation_id=organisation_id,
            action=action,
            target=target[:200],
            source=source,
            prev_hash=head.last_hash,
        )
        event.entry_hash = _digest(head.last_hash, event)
        event.save()
        head.last_hash = event.entry_hash
        head.save(update_fields=["last_hash"])
    return event


def verify(events: Iterable[AuditEvent] | None = None) -> list[str]:
    """Return problems found (empty when the chain is intact), checking each link and the head."""
    problems: list[str] = []
    expected_prev = GENESIS
    for event in events if events is not None else AuditEvent.objects.order_by("id").iterator():
        if event.prev_hash != expected_prev:
            problems.append(f"entry {event.pk}: previous hash does not match (an entry before it was removed)")
        if _digest(event.prev_hash, event) != event.entry_hash:
            problems.append(f"entry {event.pk}: content does not match its hash (edited)")
        expected_prev = event.entry_hash
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and head.last_hash != expected_prev:
        problems.append("the newest entries were removed (chain head does not match)")
    return problems
