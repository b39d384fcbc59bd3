"""Append to and verify the audit chain."""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from glasna.core import audit_shipping
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
        transaction.on_commit(lambda: audit_shipping.ship(event))  # a copy off the server (audit_shipping.py)
    return event


@dataclass
class Walk:
    """What walking part of the chain found: problems, the last entry reached, and how many
    entries were read (page views must read only the new ones)."""

    problems: list[str]
    last_id: int
    last_hash: str
    checked: int


def walk(events: Iterable[AuditEvent], expected_prev: str = GENESIS, last_id: int = 0) -> Walk:
    """Check each link from `expected_prev` on, and that the chain reaches the head. The head is
    read first: entries appended while walking lie past it and are left for the next check."""
    head = AuditHead.objects.filter(pk=1).values_list("last_hash", flat=True).first()
    problems: list[str] = []
    checked = 0
    for event in events:
        if event.prev_hash != expected_prev:
            problems.append(f"entry {event.pk}: previous hash does not match (an entry before it was removed)")
        if _digest(event.prev_hash, event) != event.entry_hash:
            problems.append(f"entry {event.pk}: content does not match its hash (edited)")
        expected_prev, last_id, checked = event.entry_hash, event.pk, checked + 1
        if event.entry_hash == head:
            break
    if head is not None and head != expected_prev:
        problems.append("the newest entries were removed (chain head does not match)")
    return Walk(problems, last_id, expected_prev, checked)


def verify(events: Iterable[AuditEvent] | None = None) -> list[str]:
    """Return problems found in the whole chain (empty when intact), checking each link and the head."""
    return walk(events if events is not None else AuditEvent.objects.order_by("id").iterator()).problems
