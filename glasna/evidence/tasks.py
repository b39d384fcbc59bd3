"""Background jobs of the evidence room: stamping signed tree heads with an RFC 3161 authority."""

import logging

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from glasna.evidence import custody_log
from glasna.evidence.models import TreeHead, TreeHeadStamp
from glasna.evidence.timestamping import HttpTimestampAuthority, TimestampError

logger = logging.getLogger(__name__)


def stamp_now(head_id: int, url: str, timeout: float = 20) -> TreeHeadStamp | None:
    """Stamp the head now (raises TimestampError when the TSA fails or does not answer within timeout)."""
    head = TreeHead.objects.filter(pk=head_id).first()
    if head is None:
        return None
    token = HttpTimestampAuthority(url, timeout).stamp(custody_log.stamp_digest(head))
    return TreeHeadStamp.objects.create(
        tree_head=head,
        tsa_url=url,
        token=token.token,
        gen_time=token.gen_time,
        serial_number=str(token.serial_number),
    )


@db_task(retries=3, retry_delay=60)
def stamp_tree_head(head_id: int) -> None:
    """Retried by huey when the TSA is down; the head stays valid, only unstamped, meanwhile."""
    if not settings.GLASNA_TSA_URL or TreeHeadStamp.objects.filter(tree_head_id=head_id).exists():
        return  # an export may have stamped it already, waiting for the TSA
    try:
        stamp_now(head_id, settings.GLASNA_TSA_URL)
    except TimestampError:
        logger.warning("time-stamping tree head %s failed; will retry", head_id)
        raise


@db_periodic_task(crontab(minute="17"))
def sign_log_hourly() -> None:
    """An hourly signed (and, with a TSA, stamped) head bounds how far back anyone could rewrite the log."""
    custody_log.sign_head()
