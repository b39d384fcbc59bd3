"""A short mail to the member an administrator's action concerns: so that a reset, a removal or a
new token made in her name does not go unnoticed. Sent within the request; a refused or
unreachable mail server loses nothing (the action stands, the audit chain has it)."""

import smtplib
from collections.abc import Callable
from typing import Any

from django.core.mail import send_mail
from django.utils import translation

from glasna.accounts.models import StaffMember
from glasna.core import audit


def tell(staff: StaffMember, write: Callable[[], tuple[str, str]], actor: str) -> bool:
    """`write` returns (subject, body), called in the organisation's language. False when she has
    no address or the mail could not be sent."""
    email = staff.user.email
    if not email:
        return False
    with translation.override(staff.organisation.language):
        subject, body = write()
    try:
        send_mail(subject=subject, message=body, from_email=None, recipient_list=[email])
    except (OSError, smtplib.SMTPException):
        return False
    audit.record(
        "staff.mailed", actor=actor, target=f"staff:{staff.user.get_username()}", organisation_id=staff.organisation_id
    )
    return True


def tell_formatted(staff: StaffMember, actor: str, subject: Any, body: Any, **params: Any) -> bool:
    """`subject` and `body` are lazy translations with %(name)s placeholders, filled with the
    organisation's name and `params` (lazy values rendered in the organisation's language too)."""

    def write() -> tuple[str, str]:
        values = {name: str(value) for name, value in {"organisation": staff.organisation.name, **params}.items()}
        return str(subject) % values, str(body) % values

    return tell(staff, write, actor)
