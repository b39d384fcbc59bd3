"""What this installation's feed to peer installations, and its file export, carry about each
organisation (docs/networks.md, "Network transport"): every record (the default: what every
installation sent before the choice existed, so none changes silently), every record without
the links shared in clear, or nothing. The organisation's administrator chooses; each change is
audited. federation.records() applies it, so the signed feed and the file export both follow."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from glasna.accounts.models import Role, StaffMember
from glasna.core import audit
from glasna.networks.models import FeedChoice, FeedShare


class FeedChoiceError(Exception):
    """A change refused; `message` is translated."""

    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = message


def current(organisation_id: int) -> FeedChoice | None:
    """The organisation's recorded choice; None while it has never chosen (FeedShare.ALL)."""
    return FeedChoice.objects.filter(organisation_id=organisation_id).select_related("changed_by__user").first()


def share_of(organisation_id: int) -> str:
    found = FeedChoice.objects.filter(organisation_id=organisation_id).values_list("share", flat=True).first()
    return str(found or FeedShare.ALL)


def restricted() -> dict[int, str]:
    """Every organisation whose choice is not FeedShare.ALL, with its choice (read once per feed)."""
    rows = FeedChoice.objects.exclude(share=FeedShare.ALL).values_list("organisation_id", "share")
    return {int(organisation_id): str(share) for organisation_id, share in rows}


def choose(staff: StaffMember, share: str, request: HttpRequest | None = None) -> bool:
    """Record the administrator's choice for her organisation; True when it changed (audited)."""
    if staff.role != Role.ORG_ADMIN:
        raise FeedChoiceError(_("Only the organisation's administrator chooses what peer installations receive."))
    if share not in FeedShare.values:
        raise FeedChoiceError(_("Choose what peer installations receive."))
    with transaction.atomic():
        row = FeedChoice.objects.select_for_update().filter(organisation_id=staff.organisation_id).first()
        before = row.share if row is not None else FeedShare.ALL
        if before == share:
            return False
        FeedChoice.objects.update_or_create(
            organisation_id=staff.organisation_id,
            defaults={"share": share, "changed_by": staff, "changed_at": timezone.now()},
        )
        audit.record(
            "networks.feed_choice_changed",
            actor=staff.user.get_username(),
            target=f"organisation:{staff.organisation.slug} feed:{before}->{share}",
            organisation_id=staff.organisation_id,
            request=request,
        )
    return True
