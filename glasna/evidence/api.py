"""The evidence room's published functions for other rooms (the takedown room first).

Every function checks that `staff` may see the case (cases.permissions), writes the custody log
and the audit chain, and never returns file bytes: callers that need to send a copy to a platform
make a blurred derivative and refer to it by id.

- list_items(staff, keys, case) -> list[EvidenceSummary]
    The case's items, newest last. `keys` are the staff member's unlocked OrganisationKeys.
    Listing is audited ("evidence.listed"), not a custody event.
- record_use(staff, item_ids, purpose, detail, request=None) -> None
    One custody entry per item (action "used") with `purpose` (a short code such as "notice_sent")
    and `detail` (a reference such as "notice:42 telegram"). Both are stored and exported IN CLEAR:
    never put survivor content (names, URLs, messages) in them. Raises EvidenceNotFound if any item
    is not visible to `staff`.
- make_blurred_derivative(staff, keys, item_id, request=None) -> EvidenceSummary
    A blurred PNG copy of an image item (Pillow GaussianBlur, metadata stripped), kept as a new
    item whose record names the original and both SHA-256 hashes; custody entries "derived" on the
    copy and "derivative_made" on the original. Raises NotAnImage for a non-image item.
- record_submission(attachment_id, case_id, sha256, size, salt) -> None
    For the survivor portal: the first custody event of a file she sends ("submitted", its item the
    attachment's id), committing to its SHA-256 and size with the salt kept in the attachment's
    encrypted metadata. The evidence item imported from it later names this event.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from django.http import HttpRequest

from glasna.accounts.keyring import OrganisationKeys
from glasna.accounts.models import StaffMember
from glasna.evidence import services
from glasna.evidence.capture import PLATFORM_KEYS
from glasna.evidence.services import EvidenceNotFound, NotAnImage

__all__ = [
    "EvidenceNotFound",
    "EvidenceSummary",
    "NotAnImage",
    "list_items",
    "make_blurred_derivative",
    "record_use",
]


@dataclass(frozen=True)
class EvidenceSummary:
    id: UUID
    kind: str  # "file" | "url" | "text"
    title: str
    url: str  # "" if none
    platform: str  # a platform key (capture.PLATFORMS), "" if unknown
    account: str
    captured_at: datetime | None
    sha256: str  # of the exact bytes (file), of the excerpt's UTF-8 (text), "" for a URL
    derived_from: UUID | None
    content_type: str


def _parse_time(value: str) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _summary(view: services.ItemView) -> EvidenceSummary:
    record: dict[str, Any] = view.record
    capture = view.capture
    derived = record.get("derived_from")
    return EvidenceSummary(
        id=view.item.pk,
        kind=view.item.kind,
        title=view.title,
        url=capture.url,
        platform=capture.platform if capture.platform in PLATFORM_KEYS else ("other" if capture.platform else ""),
        account=capture.account,
        captured_at=_parse_time(capture.captured_at),
        sha256=str(record.get("sha256", "")),
        derived_from=UUID(derived) if derived else None,
        content_type=str(record.get("content_type", "")),
    )


def list_items(staff: StaffMember, keys: OrganisationKeys, case: Any) -> list[EvidenceSummary]:
    return [_summary(view) for view in services.case_items(staff, keys, case.pk)]


def record_use(
    staff: StaffMember, item_ids: list[UUID], purpose: str, detail: str, request: HttpRequest | None = None
) -> None:
    services.record_use(staff, item_ids, purpose, detail, request)


def make_blurred_derivative(
    staff: StaffMember, keys: OrganisationKeys, item_id: UUID, request: HttpRequest | None = None
) -> EvidenceSummary:
    item = services.make_blurred(staff, keys, item_id, request)
    key = services._item_key(item, keys)
    return _summary(services._view(item, key))


def record_submission(attachment_id: UUID, case_id: int | None, sha256: str, size: int, salt: bytes) -> None:
    services.record_submission(attachment_id, case_id, sha256, size, salt)
