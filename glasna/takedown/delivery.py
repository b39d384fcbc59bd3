"""E-mailing a notice: queued, retried on a temporary SMTP failure, never lost, never sent twice.

Each attempt is a Delivery row with its own Message-ID, written with its job in the job outbox
(core/outbox.py) in one transaction, so a broker that is down delays the mail, never loses it. A
worker claims the row with one atomic UPDATE (queued/temp_failed → sending) before it talks to the
server, so two workers, or a retry racing a slow first try, cannot both send. A temporary failure
raises: the outbox hands the job over again after its lease, up to its MAX_ATTEMPTS; after that
the clock job queues the attempt again. A row left in "sending" by a crash is marked "uncertain"
by the sweep and never re-sent by itself: the caseworker checks and decides."""

import datetime as dt
import smtplib
from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils.translation import gettext as _

from glasna.accounts.models import StaffMember
from glasna.core import outbox
from glasna.takedown import clock, notice_builder, sources, tracking
from glasna.takedown.models import Delivery, DeliveryState, Notice, NoticeStatus

STALE_SENDING = dt.timedelta(minutes=15)
# After the outbox's attempts are spent, the clock job queues a temporary failure again: never lost.
REQUEUE_AFTER = dt.timedelta(minutes=30)
SENDABLE = {NoticeStatus.DRAFT, NoticeStatus.DELIVERY_FAILED, NoticeStatus.REAPPEARED}
DELIVER = "glasna.takedown.tasks.deliver_notice"


class TemporaryFailure(Exception):
    """The SMTP server or the network said "later"; the job queue retries the same attempt."""


class CannotSend(ValueError):
    """The notice is not in a state, or on a channel, that can be e-mailed."""


def _domain() -> str:
    return urlsplit(settings.GLASNA_SITE_URL).hostname or "glasna.invalid"


def queue(
    staff: StaffMember, notice_id: int, recipient: str | None = None, request: HttpRequest | None = None
) -> Delivery:
    """The caseworker's "Send": a new attempt and its job, committed together."""
    with transaction.atomic():
        notice = Notice.objects.select_for_update().get(pk=notice_id, organisation_id=staff.organisation_id)
        if notice.channel != "email" or notice.status not in SENDABLE:
            raise CannotSend(_("This notice cannot be e-mailed from its current state."))
        if recipient:
            try:
                validate_email(recipient)
            except ValidationError as exc:
                raise CannotSend(_("“%(address)s” is not an e-mail address.") % {"address": recipient[:100]}) from exc
            notice.recipient = recipient
        if not notice.recipient:
            raise CannotSend(_("Enter the platform's abuse e-mail address first."))
        if Delivery.objects.filter(
            notice=notice, state__in=[DeliveryState.QUEUED, DeliveryState.SENDING, DeliveryState.TEMP_FAILED]
        ).exists():
            raise CannotSend(_("This notice is already being sent."))
        delivery = Delivery.objects.create(notice=notice, message_id=make_msgid("notice", domain=_domain()))
        notice.save(update_fields=["recipient"])
        tracking.move(
            notice, NoticeStatus.QUEUED, staff.user.get_username(), detail=delivery.message_id, request=request
        )
        outbox.enqueue(DELIVER, delivery.pk)
    return delivery


def deliver(delivery_id: int) -> str:
    """Send one attempt. Returns the final state; raises TemporaryFailure to be retried (by the
    outbox, which runs it outside its own transaction: the claim must commit before the send)."""
    claimed = Delivery.objects.filter(
        pk=delivery_id, state__in=[DeliveryState.QUEUED, DeliveryState.TEMP_FAILED]
    ).update(state=DeliveryState.SENDING, claimed_at=clock.now(), tries=F("tries") + 1)
    if not claimed:
        return Delivery.objects.filter(pk=delivery_id).values_list("state", flat=True).first() or "missing"
    delivery = Delivery.objects.select_related("notice__platform", "notice__organisation").get(pk=delivery_id)
    notice = delivery.notice
    try:
        _message(notice, delivery.message_id).send()
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _msg in exc.recipients.values()]
        return _failed(delivery, f"recipient refused: {codes}", temporary=all(400 <= c < 500 for c in codes))
    except smtplib.SMTPResponseException as exc:
        return _failed(delivery, f"{exc.smtp_code} {exc.smtp_error!r}"[:300], temporary=400 <= exc.smtp_code < 500)
    except (smtplib.SMTPException, OSError) as exc:  # server down, connection refused or dropped, timeout
        return _failed(delivery, f"{type(exc).__name__}: {exc}"[:300], temporary=True)
    now = clock.now()
    with transaction.atomic():
        Delivery.objects.filter(pk=delivery.pk).update(state=DeliveryState.SENT, sent_at=now, last_error="")
        notice = Notice.objects.select_for_update().get(pk=notice.pk)
        tracking.mark_sent(notice, "glasna", detail=delivery.message_id)
    item_ids = [i["id"] for i in notice.items]
    sources.record_use_quietly(
        notice, item_ids, "takedown_notice", f"notice {notice.pk} to {notice.platform.key} by e-mail"
    )
    return DeliveryState.SENT


def _failed(delivery: Delivery, error: str, temporary: bool) -> str:
    if temporary:
        Delivery.objects.filter(pk=delivery.pk).update(state=DeliveryState.TEMP_FAILED, last_error=error)
        raise TemporaryFailure(error)
    with transaction.atomic():
        Delivery.objects.filter(pk=delivery.pk).update(state=DeliveryState.FAILED, last_error=error)
        notice = Notice.objects.select_for_update().get(pk=delivery.notice_id)
        tracking.move(notice, NoticeStatus.DELIVERY_FAILED, "glasna", detail=error)
    return DeliveryState.FAILED


def _message(notice: Notice, message_id: str) -> EmailMessage:
    name, email = notice_builder.notifier(notice.organisation)
    body = notice.body_en if not notice.body_local else f"{notice.body_en}\n\n-----\n\n{notice.body_local}"
    return EmailMessage(
        subject=notice.subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notice.recipient],
        reply_to=[email],
        headers={"Message-ID": message_id, "X-Glasna-Reference": notice_builder.reference(notice)},
    )


def record_bounce(staff: StaffMember, notice_id: int, reason: str, request: HttpRequest | None = None) -> None:
    """A bounce that arrived later in the organisation's mailbox: the notice can be sent again elsewhere."""
    with transaction.atomic():
        notice = Notice.objects.select_for_update().get(pk=notice_id, organisation_id=staff.organisation_id)
        Delivery.objects.filter(notice=notice, state=DeliveryState.SENT).update(
            state=DeliveryState.FAILED, last_error=f"bounced: {reason}"[:300]
        )
        tracking.move(
            notice,
            NoticeStatus.DELIVERY_FAILED,
            staff.user.get_username(),
            detail=f"bounced: {reason}",
            request=request,
        )


def sweep_stale() -> int:
    """Attempts stuck in "sending" (a worker died mid-send) become "uncertain" for a human to check."""
    cutoff = clock.now() - STALE_SENDING
    stale = list(Delivery.objects.filter(state=DeliveryState.SENDING, claimed_at__lt=cutoff).select_related("notice"))
    for delivery in stale:
        if Delivery.objects.filter(pk=delivery.pk, state=DeliveryState.SENDING).update(state=DeliveryState.UNCERTAIN):
            tracking.note(delivery.notice, "glasna", "delivery_uncertain", delivery.message_id)
    return len(stale)


def requeue_stalled() -> int:
    """Queue again the attempts still failing temporarily after the outbox's attempts ran out
    (SMTP down for hours). The claim in `deliver` makes an extra queued job harmless."""
    cutoff = clock.now() - REQUEUE_AFTER
    stalled = list(
        Delivery.objects.filter(state=DeliveryState.TEMP_FAILED, claimed_at__lt=cutoff).values_list("pk", flat=True)
    )
    for delivery_id in stalled:
        outbox.enqueue(DELIVER, delivery_id)
    return len(stalled)
