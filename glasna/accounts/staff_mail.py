"""Telling a staff member by mail what was done to her account: role changes, suspension,
removal, key rotation. Sent in her organisation's language through the ordinary mail path; the
mail says what happened and never carries a link or a secret."""

import smtplib
from typing import Any

from django.core.mail import send_mail
from django.utils import translation

from glasna.accounts.models import StaffMember
from glasna.core import audit


def tell(member: StaffMember, actor: str, subject: Any, body: Any, **params: Any) -> bool:
    """`subject` and `body` are lazy translations, formatted with `params` (lazy values are
    rendered in the organisation's language too). False when she has no address or the mail
    server refused: the action stands, the audit chain records it either way."""
    email = member.user.email
    if not email:
        return False
    organisation = member.organisation
    with translation.override(organisation.language):
        values = {name: str(value) for name, value in {"organisation": organisation.name, **params}.items()}
        subject_text, body_text = str(subject) % values, str(body) % values
    try:
        send_mail(subject=subject_text, message=body_text, from_email=None, recipient_list=[email])
    except (OSError, smtplib.SMTPException):
        return False
    audit.record(
        "staff.mailed", actor=actor, target=f"staff:{member.user.get_username()}", organisation_id=organisation.pk
    )
    return True
