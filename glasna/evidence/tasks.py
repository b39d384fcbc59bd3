"""Background jobs of the evidence room: stamping signed tree heads with an RFC 3161 authority,
cosigning them by the organisations' witnesses, witnessing other installations, fork alarm mail."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils import translation
from django.utils.translation import gettext as _
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from glasna.accounts.models import Membership, Role, StaffMember
from glasna.evidence import cosigning, custody_log, remote_witness
from glasna.evidence.models import ForkAlarm, TreeHead, TreeHeadStamp
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


@db_task()
def cosign_tree_head(head_id: int) -> None:
    """Each organisation's witness cosigns a newly signed head of this installation's log."""
    head = TreeHead.objects.filter(pk=head_id).first()
    if head is not None:
        cosigning.cosign_locally(head)


@db_periodic_task(crontab(minute="*/15"))
def witness_peers() -> None:
    """Witness the logs of GLASNA_WITNESS_LOGS, collect cosignatures from GLASNA_WITNESSES."""
    report = remote_witness.run_configured()
    for failure in report["failed"]:
        logger.warning("witnessing: %s", failure)


@db_task(retries=3, retry_delay=60)
def mail_fork_alarm(alarm_id: int) -> None:
    """Every organisation administrator, in her organisation's language. The mail names the log and the
    size only: the page behind the sign-in says the rest."""
    alarm = ForkAlarm.objects.filter(pk=alarm_id).first()
    if alarm is None:
        return
    admins = StaffMember.objects.filter(role=Role.ORG_ADMIN, membership=Membership.ACTIVE).select_related(
        "user", "organisation"
    )
    for admin in admins:
        if not admin.user.email:
            continue
        with translation.override(admin.organisation.language):
            send_mail(
                subject=_("Glasna: the evidence custody log forked"),
                message=_(
                    "Two different signed heads of size %(size)s of the evidence custody log %(log)s were seen. "
                    "Sign in to Glasna and open the custody log page."
                )
                % {"size": alarm.tree_size, "log": alarm.log_key_hex[:16]},
                from_email=None,
                recipient_list=[admin.user.email],
            )
