"""A short mail to the member an administrator's action concerns: so that a reset, a removal or a
new token made in her name does not go unnoticed. Written in her organisation's language within
the action's transaction and sent by the job outbox (core/outbox.py): a rolled-back action mails
nothing, and a mail server or broker that is down delays the mail, never loses it. What is stored
until then is her address and the mail's text, never a link or a secret (invitation links stay in
the request: accounts/invitations.py)."""

import logging
import smtplib
from collections.abc import Callable
from typing import Any

from django.core.mail import send_mail
from django.utils import translation

from glasna.accounts.models import StaffMember
from glasna.core import audit, outbox

logger = logging.getLogger(__name__)

SEND = "glasna.accounts.tasks.send_member_mail"


def tell(staff: StaffMember, write: Callable[[], tuple[str, str]], actor: str) -> bool:
    """`write` returns (subject, body), called in the organisation's language. False when she has
    no address; True when the mail is queued."""
    email = staff.user.email
    if not email:
        return False
    with translation.override(staff.organisation.language):
        subject, body = write()
    outbox.enqueue(SEND, email, subject, body, staff.user.get_username(), staff.organisation_id, actor)
    return True


def tell_formatted(staff: StaffMember, actor: str, subject: Any, body: Any, **params: Any) -> bool:
    """`subject` and `body` are lazy translations with %(name)s placeholders, filled with the
    organisation's name and `params` (lazy values rendered in the organisation's language too)."""

    def write() -> tuple[str, str]:
        values = {name: str(value) for name, value in {"organisation": staff.organisation.name, **params}.items()}
        return str(subject) % values, str(body) % values

    return tell(staff, write, actor)


def send(email: str, subject: str, body: str, username: str, organisation_id: int, actor: str) -> bool:
    """The job: send, and record it in the audit chain (committed with the job's done mark, so
    once however often the job is handed over). A temporary failure (4xx, server down) raises, and
    the outbox tries again; a permanent refusal (5xx) is logged and not retried."""
    try:
        send_mail(subject=subject, message=body, from_email=None, recipient_list=[email])
    except smtplib.SMTPRecipientsRefused as exc:
        if not all(code >= 500 for code, _message in exc.recipients.values()):
            raise
        logger.warning("member mail refused for good: %s", sorted(code for code, _m in exc.recipients.values()))
        return False
    except smtplib.SMTPResponseException as exc:
        if exc.smtp_code < 500:
            raise
        logger.warning("member mail refused for good: %s", exc.smtp_code)
        return False
    audit.record("staff.mailed", actor=actor, target=f"staff:{username}", organisation_id=organisation_id)
    return True
