"""The fork alarm: two heads of one log, both signed by its key, of the same size and different roots.

Nothing but a fork (or a stolen log key) produces that, so it is never only logged: it is kept
(ForkAlarm), recorded in the audit chain, shown on the custody log page to every staff member, and
mailed to every organisation administrator of this installation: the mail's job is written with
the alarm (core/outbox.py), so a broker that is down delays it, never loses it."""

import logging

from django.db import transaction

from glasna.core import audit, outbox
from glasna.evidence.models import ForkAlarm

logger = logging.getLogger(__name__)


def raise_alarm(log_key_hex: str, tree_size: int, root_hash: bytes, other_root_hash: bytes, source: str) -> ForkAlarm:
    """Record the fork once per pair of heads (seen again, it is not mailed again)."""
    pair = sorted([bytes(root_hash), bytes(other_root_hash)])
    alarm = ForkAlarm.objects.filter(
        log_key_hex=log_key_hex, tree_size=tree_size, root_hash__in=pair, other_root_hash__in=pair
    ).first()
    if alarm is not None:
        return alarm
    with transaction.atomic():
        alarm = ForkAlarm.objects.create(
            log_key_hex=log_key_hex,
            tree_size=tree_size,
            root_hash=root_hash,
            other_root_hash=other_root_hash,
            source=source[:300],
        )
        audit.record(
            "evidence.fork_detected",
            actor="system",
            target=f"log:{log_key_hex[:16]} size:{tree_size} source:{source[:120]}",
        )
        outbox.enqueue("glasna.evidence.tasks.mail_fork_alarm", alarm.pk)
    logger.error("fork of log %s at size %s seen by %s", log_key_hex[:16], tree_size, source)
    return alarm
