"""The fork alarm: two heads of one log, both signed by its key, of the same size and different roots.

Nothing but a fork (or a stolen log key) produces that, so it is never only logged: it is kept
(ForkAlarm), recorded in the audit chain, shown on the custody log page to every staff member, and
mailed to every organisation administrator of this installation."""

import logging

from django.db import transaction

from glasna.core import audit
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
    alarm = ForkAlarm.objects.create(
        log_key_hex=log_key_hex,
        tree_size=tree_size,
        root_hash=root_hash,
        other_root_hash=other_root_hash,
        source=source[:300],
    )
    logger.error("fork of log %s at size %s seen by %s", log_key_hex[:16], tree_size, source)
    audit.record(
        "evidence.fork_detected",
        actor="system",
        target=f"log:{log_key_hex[:16]} size:{tree_size} source:{source[:120]}",
    )
    from glasna.evidence.tasks import mail_fork_alarm

    transaction.on_commit(lambda: mail_fork_alarm(alarm.pk))
    return alarm
