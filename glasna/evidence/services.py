"""What the evidence room does: add items, read them, annotate, derive, and log every step.

Views, the portal, commands and the takedown room (api.py) are thin callers of these functions.
Every opening of survivor data is written to the audit chain; every evidence event to the custody log."""

import hashlib
import secrets
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from PIL import Image, ImageFilter, ImageOps

from glasna.accounts.keyring import OrganisationKeys
from glasna.accounts.models import StaffMember
from glasna.cases import permissions
from glasna.cases.models import Case, CaseEvent
from glasna.core import audit, blobs
from glasna.core.crypto.primitives import unseal
from glasna.core.large_uploads import CheckedStream, check_stream
from glasna.evidence import capture_time, custody_log, derivations, image_hashing, vault
from glasna.evidence.capture import Capture, platform_label
from glasna.evidence.custody_log import Action
from glasna.evidence.labels import actor_label
from glasna.evidence.models import EvidenceItem, EvidenceNote, ItemKind

IMAGE_CONTENT_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp", "image/heic"}
SURVIVOR = "survivor"


class EvidenceNotFound(Exception):
    """No such item or case for this person (another organisation's looks the same)."""


class NoReport(Exception):
    """The case has no report any more (withdrawn): nothing can be added to it."""


class NotAnImage(Exception):
    """A blurred copy can only be made of an image."""


@dataclass
class ItemView:
    item: EvidenceItem
    record: dict[str, Any]
    salt: str
    notes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def title(self) -> str:
        """As people read it: a blurred copy says so in the active language (derivations.py)."""
        return derivations.display_title(self.record)

    @property
    def derivation(self) -> str:
        return derivations.description(self.record)

    @property
    def captured_by(self) -> str:
        return actor_label(self.capture.captured_by)

    @property
    def platform_label(self) -> str:
        return platform_label(self.capture.platform) if self.capture.platform else ""

    @property
    def capture(self) -> Capture:
        return Capture.from_dict(self.record.get("capture", {}))

    @property
    def captured_on(self) -> str:
        """The capture time with its zone and UTC offset, as shown on pages and in the report."""
        capture = self.capture
        return capture_time.display(capture.captured_at, capture.captured_tz)


# --- keys and access ------------------------------------------------------------------------------


def _actor(staff: StaffMember) -> str:
    return staff.user.get_username()


def _staff_case(staff: StaffMember, case_id: int) -> Case:
    case = permissions.visible_cases(staff).select_related("report").filter(pk=case_id).first()
    if case is None:
        raise EvidenceNotFound
    return case


def _report_key(case: Case, org_keys: OrganisationKeys) -> bytes:
    report = case.report
    if report is None:
        raise NoReport
    return unseal(org_keys.for_version(report.org_key_version), bytes(report.data_key_for_org))


def _staff_item(staff: StaffMember, item_id: UUID) -> EvidenceItem:
    item = (
        EvidenceItem.objects.filter(pk=item_id, case__in=permissions.visible_cases(staff))
        .select_related("case", "report")
        .first()
    )
    if item is None:
        raise EvidenceNotFound
    return item


def _item_key(item: EvidenceItem, org_keys: OrganisationKeys) -> bytes:
    return vault.item_key(item, _report_key(item.case, org_keys))


def notes_key(case: Case, org_keys: OrganisationKeys) -> bytes:
    """The case's staff-notes key (cases/models/case.py): notes on evidence are for staff only, so they
    are not under the item key, which the survivor's receipt reaches."""
    return unseal(org_keys.for_version(case.notes_key_version), bytes(case.notes_key_for_org or b""))


def _view(item: EvidenceItem, key: bytes, staff_notes_key: bytes | None = None) -> ItemView:
    details = vault.open_details(item, key)
    notes: list[dict[str, Any]] = []
    if staff_notes_key is not None:
        for n in item.notes.order_by("created_at", "id"):
            text, salt = vault.open_note(n.pk, staff_notes_key, bytes(n.body))
            notes.append({"id": n.pk, "author": n.author, "at": n.created_at, "text": text, "salt": salt})
    return ItemView(item, details["record"], details["salt"], notes)


def _audit(action: str, actor: str, item_or_case: str, organisation_id: int, request: HttpRequest | None) -> None:
    audit.record(action, actor=actor, target=item_or_case, organisation_id=organisation_id, request=request)


def _timeline(case: Case, actor: str, kind: str, detail: str = "") -> None:
    CaseEvent.objects.create(case=case, actor=actor, kind=kind, detail=detail[:200])


# --- adding ---------------------------------------------------------------------------------------


def _create(
    case: Case,
    data_key: bytes,
    kind: str,
    record: dict[str, Any],
    actor: str,
    staff: StaffMember | None,
    stream: CheckedStream | None = None,
    derived_from: EvidenceItem | None = None,
) -> EvidenceItem:
    """Store one item: the file streamed and encrypted, the record committed to and encrypted, the
    custody entry appended. A file stored before a failure is deleted again."""
    item = EvidenceItem(
        id=uuid.uuid4(),
        case=case,
        report=case.report,
        kind=kind,
        added_by=SURVIVOR if staff is None else EvidenceItem.ORGANISATION,
        added_by_staff=staff,
        derived_from=derived_from,
    )
    key = vault.new_item_key(item, data_key)
    record = {"id": str(item.pk), "kind": kind, "added_by": item.added_by, **record}
    if stream is not None:
        if stream.content_type in IMAGE_CONTENT_TYPES:
            record["pdq"], record["pdq_quality"] = image_hashing.pdq(stream.handle)
        item.blob_name, sha256, size = vault.store_file(item, key, stream.handle)
        record.update({"sha256": sha256, "size": size})
        item.size = size
    elif kind == ItemKind.TEXT:
        record["sha256"] = hashlib.sha256(str(record.get("excerpt", "")).encode()).hexdigest()
    salt = secrets.token_bytes(16)
    item.commitment = custody_log.commitment(salt, record)
    vault.seal_details(item, key, {"record": record, "salt": salt.hex()})
    try:
        with transaction.atomic():
            item.save()
            extra: dict[str, Any] = {"commitment": item.commitment}
            if "submission" in record:  # imported from a file she sent: the event of its submission
                extra["submitted"] = record["submission"]["index"]
            if derived_from is not None:
                extra["source"] = str(derived_from.pk)
                custody_log.append(Action.DERIVATIVE_MADE, derived_from.pk, actor, case.pk, derivative=str(item.pk))
            custody_log.append(
                Action.DERIVED if derived_from is not None else Action.ADDED, item.pk, actor, case.pk, **extra
            )
            _timeline(case, actor, "evidence_added", f"{kind} {item.pk}")
    except BaseException:
        if item.blob_name:
            blobs.delete(item.blob_name)
        raise
    return item


def _file_record(title: str, capture: Capture, stream: CheckedStream) -> dict[str, Any]:
    return {
        "title": title or stream.name,
        "file_name": stream.name,
        "content_type": stream.content_type,
        "metadata": stream.metadata,
        "capture": capture.as_dict(),
    }


def check_file(handle: Any, name: str, size: int, claimed_type: str = "") -> CheckedStream:
    """Raise core.uploads.UploadRejected for a file the vault will not keep."""
    return check_stream(handle, name, size, claimed_type)


def add_file(
    staff: StaffMember,
    org_keys: OrganisationKeys,
    case_id: int,
    stream: CheckedStream,
    title: str,
    capture: Capture,
    request: HttpRequest | None = None,
) -> EvidenceItem:
    case = _staff_case(staff, case_id)
    item = _create(
        case,
        _report_key(case, org_keys),
        ItemKind.FILE,
        _file_record(title, capture, stream),
        _actor(staff),
        staff,
        stream,
    )
    _audit("evidence.added", _actor(staff), f"evidence:{item.pk}", staff.organisation_id, request)
    return item


def add_record(
    staff: StaffMember,
    org_keys: OrganisationKeys,
    case_id: int,
    kind: str,
    title: str,
    capture: Capture,
    excerpt: str = "",
    request: HttpRequest | None = None,
) -> EvidenceItem:
    """A URL (kind "url") or a text excerpt (kind "text") with its capture details."""
    case = _staff_case(staff, case_id)
    record = _text_record(kind, title, capture, excerpt)
    item = _create(case, _report_key(case, org_keys), kind, record, _actor(staff), staff)
    _audit("evidence.added", _actor(staff), f"evidence:{item.pk}", staff.organisation_id, request)
    return item


def _text_record(kind: str, title: str, capture: Capture, excerpt: str) -> dict[str, Any]:
    record: dict[str, Any] = {"title": title or capture.url or excerpt[:60], "capture": capture.as_dict()}
    if ItemKind(kind) == ItemKind.TEXT:
        record["excerpt"] = excerpt
    return record


def import_attachment(
    staff: StaffMember, org_keys: OrganisationKeys, case_id: int, attachment_id: UUID, request: HttpRequest | None
) -> EvidenceItem:
    """Keep a file the survivor sent with her report as an evidence item (byte for byte)."""
    import io

    from glasna.intake import sealing
    from glasna.intake.models import Attachment

    case = _staff_case(staff, case_id)
    data_key = _report_key(case, org_keys)
    attachment = Attachment.objects.filter(pk=attachment_id, report=case.report).first()
    if attachment is None:
        raise EvidenceNotFound
    existing = EvidenceItem.objects.filter(case=case, source_attachment_id=attachment.pk).first()
    if existing is not None:
        return existing
    meta = sealing.attachment_meta(attachment, data_key)
    content = sealing.attachment_content(attachment, data_key)
    stream = check_stream(io.BytesIO(content), meta["name"], len(content), meta["type"])
    capture = Capture(captured_by=SURVIVOR if attachment.added_by == attachment.SURVIVOR else "")
    record = _file_record(meta["name"], capture, stream)
    record["source"] = "report attachment"
    submitted = custody_log.CustodyEntry.objects.filter(item_id=attachment.pk, action=Action.SUBMITTED).first()
    if submitted is not None and meta.get("commit_salt"):
        # What the bundle needs to check the file against what she sent (custody_log.submission_commitment).
        record["submission"] = {"attachment": str(attachment.pk), "index": submitted.index, "salt": meta["commit_salt"]}
    item = _create(case, data_key, ItemKind.FILE, record, _actor(staff), staff, stream)
    EvidenceItem.objects.filter(pk=item.pk).update(source_attachment_id=attachment.pk)
    _audit("evidence.added", _actor(staff), f"evidence:{item.pk}", staff.organisation_id, request)
    return item


# --- the survivor ------------------------------------------------------------------------------------


def _survivor_case(report_id: UUID) -> Case:
    case = Case.objects.filter(report_id=report_id).select_related("report").first()
    if case is None or case.report is None:
        raise NoReport
    return case


def survivor_add(
    report_id: UUID,
    data_key: bytes,
    kind: str,
    title: str,
    capture: Capture,
    excerpt: str = "",
    stream: CheckedStream | None = None,
) -> EvidenceItem:
    case = _survivor_case(report_id)
    if kind == ItemKind.FILE:
        if stream is None:
            raise ValueError("a file item needs a file")
        record = _file_record(title, capture, stream)
    else:
        record = _text_record(kind, title, capture, excerpt)
    item = _create(case, data_key, kind, record, SURVIVOR, None, stream)
    Case.objects.filter(pk=case.pk).update(survivor_waiting=True)
    audit.record(
        "evidence.added_by_survivor",
        actor=SURVIVOR,
        target=f"evidence:{item.pk}",
        organisation_id=case.organisation_id,
    )
    return item


def survivor_items(report_id: UUID, data_key: bytes) -> list[ItemView]:
    """The survivor's own view of her case's evidence (titles and capture details; audited)."""
    items = EvidenceItem.objects.filter(report__pk=report_id).select_related("case")
    views = [_view(item, vault.item_key(item, data_key)) for item in items]
    if views:
        audit.record(
            "evidence.listed_by_survivor",
            actor=SURVIVOR,
            target=f"report:{report_id}",
            organisation_id=views[0].item.case.organisation_id,
        )
    return views


# --- reading ------------------------------------------------------------------------------------------


def case_items(
    staff: StaffMember, org_keys: OrganisationKeys, case_id: int, request: HttpRequest | None = None
) -> list[ItemView]:
    """Every item of a case, records decrypted. Listing is audited (it shows survivor data)."""
    case = _staff_case(staff, case_id)
    items = list(case.evidence_items.select_related("case", "report"))
    if not items:
        return []
    data_key = _report_key(case, org_keys)
    _audit("evidence.listed", _actor(staff), f"case:{case.pk}", staff.organisation_id, request)
    return [_view(item, vault.item_key(item, data_key)) for item in items]


def open_item(
    staff: StaffMember, org_keys: OrganisationKeys, item_id: UUID, request: HttpRequest | None = None
) -> ItemView:
    item = _staff_item(staff, item_id)
    view = _view(item, _item_key(item, org_keys), notes_key(item.case, org_keys))
    custody_log.append(Action.VIEWED, item.pk, _actor(staff), item.case_id)
    _audit("evidence.viewed", _actor(staff), f"evidence:{item.pk}", staff.organisation_id, request)
    return view


def original(
    staff: StaffMember, org_keys: OrganisationKeys, item_id: UUID, request: HttpRequest | None = None
) -> tuple[ItemView, Iterator[bytes]]:
    item = _staff_item(staff, item_id)
    if item.kind != ItemKind.FILE:
        raise EvidenceNotFound
    key = _item_key(item, org_keys)
    view = _view(item, key)
    custody_log.append(Action.VIEWED, item.pk, _actor(staff), item.case_id, what="original")
    _audit("evidence.downloaded", _actor(staff), f"evidence:{item.pk}", staff.organisation_id, request)
    return view, vault.file_chunks(item, key)


def history(item_ids: list[UUID]) -> list[dict[str, Any]]:
    """The custody entries of these items, parsed, oldest first."""
    import json

    return [
        {**json.loads(bytes(entry.entry)), "index": entry.index}
        for entry in custody_log.entries_for(item_ids, custody_log.size())
    ]


# --- changing -----------------------------------------------------------------------------------------


def annotate(
    staff: StaffMember, org_keys: OrganisationKeys, item_id: UUID, text: str, request: HttpRequest | None = None
) -> None:
    item = _staff_item(staff, item_id)
    key = notes_key(item.case, org_keys)
    salt = secrets.token_bytes(vault.NOTE_SALT_BYTES)
    with transaction.atomic():
        note = EvidenceNote(item=item, author=_actor(staff), body=b"")
        note.save()
        # The note and its salt are sealed together; the log holds only the commitment, and a bundle
        # discloses note and salt so that verify.py can check the note against the log.
        note.body = vault.seal_note(note.pk, key, text, salt)
        note.save(update_fields=["body"])
        custody_log.append(
            Action.ANNOTATED,
            item.pk,
            _actor(staff),
            item.case_id,
            ref=f"note:{note.pk}",
            commitment=custody_log.note_commitment(salt, text),
        )
    _audit("evidence.annotated", _actor(staff), f"evidence:{item.pk}", staff.organisation_id, request)


BLUR_FRACTION = 20  # radius = longest side / 20: faces and bodies unrecognisable, layout still visible


def make_blurred(
    staff: StaffMember, org_keys: OrganisationKeys, item_id: UUID, request: HttpRequest | None = None
) -> EvidenceItem:
    """A blurred PNG copy (no EXIF) for sharing, e.g. with a platform notice: a new item derived
    from the original, each with its own hash, and custody entries on both."""
    import tempfile

    source = _staff_item(staff, item_id)
    key = _item_key(source, org_keys)
    view = _view(source, key)
    if source.kind != ItemKind.FILE or view.record.get("content_type") not in IMAGE_CONTENT_TYPES:
        raise NotAnImage
    with vault.original_to_tempfile(source, key) as original_file, tempfile.TemporaryFile() as blurred:
        with Image.open(original_file) as image:
            upright = ImageOps.exif_transpose(image).convert("RGB")
        radius = max(4, max(upright.size) // BLUR_FRACTION)
        upright.filter(ImageFilter.GaussianBlur(radius)).save(blurred, "PNG")
        size = blurred.tell()
        stream = check_stream(blurred, f"blurred-{view.record.get('file_name', 'image')}", size, "image/png")
        record = _file_record(derivations.base_title(view.record), view.capture, stream)
        record.update(
            {
                "derived_from": str(source.pk),
                "derived_from_sha256": view.record.get("sha256", ""),
                **derivations.blur_fields(radius),
            }
        )
        item = _create(
            source.case, _report_key(source.case, org_keys), ItemKind.FILE, record, _actor(staff), staff, stream, source
        )
    _audit("evidence.derived", _actor(staff), f"evidence:{item.pk}", staff.organisation_id, request)
    return item


def record_use(
    staff: StaffMember, item_ids: list[UUID], purpose: str, detail: str, request: HttpRequest | None = None
) -> None:
    items = [_staff_item(staff, item_id) for item_id in item_ids]
    for item in items:
        custody_log.append(Action.USED, item.pk, _actor(staff), item.case_id, purpose=purpose[:64], detail=detail[:200])
        _audit(f"evidence.used.{purpose[:32]}", _actor(staff), f"evidence:{item.pk}", staff.organisation_id, request)


def record_submission(attachment_id: UUID, case_id: int | None, sha256: str, size: int, salt: bytes) -> None:
    custody_log.append(
        Action.SUBMITTED,
        attachment_id,
        SURVIVOR,
        case_id,
        commitment=custody_log.submission_commitment(salt, sha256, size),
    )


def record_referral_share(case_id: int, referral_id: int, to_org_slug: str, attachment_ids: list[UUID]) -> int:
    """Items imported from attachments that a referral package carried: one custody entry each, once."""
    ref = f"referral:{referral_id}"
    shared = 0
    for item in EvidenceItem.objects.filter(case_id=case_id, source_attachment_id__in=attachment_ids):
        if custody_log.CustodyEntry.objects.filter(item_id=item.pk, action=Action.SHARED_BY_REFERRAL, ref=ref).exists():
            continue
        custody_log.append(Action.SHARED_BY_REFERRAL, item.pk, "system", case_id, ref=ref, to=to_org_slug)
        shared += 1
    return shared


def now_iso() -> str:
    return timezone.now().isoformat(timespec="seconds")


def importable_attachments(staff: StaffMember, org_keys: OrganisationKeys, case_id: int) -> list[dict[str, Any]]:
    """Files the survivor sent with her report that are not in the vault yet (name, size, id)."""
    from glasna.intake import sealing

    case = _staff_case(staff, case_id)
    if case.report is None:
        return []
    data_key = _report_key(case, org_keys)
    done = set(EvidenceItem.objects.filter(case=case).values_list("source_attachment_id", flat=True))
    return [
        {"id": a.pk, **sealing.attachment_meta(a, data_key)} for a in case.report.attachments.all() if a.pk not in done
    ]
