"""Referrals: a caseworker shares chosen parts of a case with another organisation, only with the
survivor's consent, re-sealed to the receiving organisation's key.

The shared package is built at the moment consent exists — by the survivor's own visit (her
receipt opens the data key) or by the caseworker who recorded her consent — so nothing readable
by the receiving organisation exists before she agrees."""

import json
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from glasna.accounts import directory
from glasna.accounts.keyring import OrganisationKeys
from glasna.accounts.models import KEY_HOLDING_ROLES, Role, StaffMember
from glasna.cases import permissions
from glasna.cases.models import (
    Case,
    ConsentChannel,
    Referral,
    ReferralFile,
    ReferralService,
    ReferralStatus,
    SharedPart,
)
from glasna.cases.services import CaseNotFound, NotAllowed, StaleCase, record_activity
from glasna.core import audit, blobs
from glasna.core.crypto.primitives import decrypt, encrypt, new_key, seal, unseal
from glasna.intake import sealing
from glasna.intake.models import Message, Report

# Which answers each shared part carries.
PART_FIELDS = {
    SharedPart.INCIDENT: ["forms", "narrative", "platforms", "links", "when"],
    SharedPart.PERPETRATOR: ["relationship", "perpetrator"],
    SharedPart.ABOUT: ["country", "age_band", "gender"],
    SharedPart.CONTACT: ["contact_method", "contact_value", "language"],
}
# Like cases: triage roles see every referral received; caseworkers the unassigned ones and their
# own; lawyers only their own.
_RECEIVERS_SEE_ALL = {Role.ORG_ADMIN, Role.INTAKE_OFFICER}


class ReferralNotFound(Exception):
    """No such referral for this person (another organisation's looks the same)."""


@dataclass
class PendingConsent:
    referral: Referral
    note: str


def _ctx(kind: str, ident: object) -> bytes:
    return f"{kind}:{ident}".encode()


def _report_key(report: Report, org_keys: OrganisationKeys) -> bytes:
    return unseal(org_keys.for_version(report.org_key_version), bytes(report.data_key_for_org))


# --- the referring side ---------------------------------------------------------------------------


@transaction.atomic
def create(
    staff: StaffMember,
    org_keys: OrganisationKeys,
    case_id: int,
    to_org_id: int,
    service: str,
    parts: list[str],
    note: str,
    consent_channel: str,
    request: object = None,
) -> Referral:
    case = permissions.visible_cases(staff).select_related("report").filter(pk=case_id).first()
    if case is None or case.report is None:
        raise CaseNotFound
    to_org = directory.referral_targets(staff.organisation).filter(pk=to_org_id).first()
    if to_org is None or not parts:
        raise NotAllowed
    report = case.report
    data_key = _report_key(report, org_keys)
    referral = Referral(
        case=case,
        from_org_id=staff.organisation_id,
        to_org=to_org,
        service=ReferralService(service).value,
        parts=sorted({SharedPart(part).value for part in parts}),
        consent_channel=ConsentChannel(consent_channel).value,
        status=ReferralStatus.AWAITING_CONSENT,
        created_by=staff,
        note=b"",
    )
    referral.save()
    referral.note = encrypt(data_key, note.encode(), _ctx("referral-note", referral.pk))
    referral.save(update_fields=["note"])
    actor = staff.user.get_username()
    if referral.consent_channel == ConsentChannel.RECORDED:
        _give_consent(referral, report, data_key, actor)
    else:
        answers = sealing.decrypt_answers(report, data_key)
        with translation.override(answers.get("language") or "en"):
            text = _(
                "We would like to share part of your case with %(organisation)s, so that they can help you. "
                "Nothing is shared unless you agree: please answer below."
            ) % {"organisation": to_org.name}
        sealing.add_message(report, data_key, Message.ORGANISATION, text, staff_user=staff.user)
    record_activity(
        case,
        actor,
        "referral_created",
        f"{to_org.slug} {referral.service} {referral.consent_channel}",
        request=request,
        action="referral.created",
        target=f"referral:{referral.pk}",
    )
    return referral


def _give_consent(referral: Referral, report: Report, data_key: bytes, actor: str) -> None:
    """Build the package the receiving organisation will read, and send the referral."""
    answers = sealing.decrypt_answers(report, data_key)
    shared: dict[str, Any] = {}
    for part in referral.parts:
        for field in PART_FIELDS.get(SharedPart(part), []):
            if field in answers:
                shared[field] = answers[field]
    package_key = new_key()
    files = []
    if SharedPart.FILES in referral.parts:
        for attachment in report.attachments.all():
            meta = sealing.attachment_meta(attachment, data_key)
            content = sealing.attachment_content(attachment, data_key)
            item = ReferralFile(referral=referral, blob_name="", meta=b"")
            item.save()
            item.blob_name = blobs.put(encrypt(package_key, content, _ctx("referral-file", item.pk)))
            item.meta = encrypt(package_key, json.dumps(meta).encode(), _ctx("referral-file-meta", item.pk))
            item.save(update_fields=["blob_name", "meta"])
            files.append(item.pk)
    note = decrypt(data_key, bytes(referral.note), _ctx("referral-note", referral.pk)).decode()
    body = {"answers": shared, "note": note, "received_on": report.received_on.isoformat()}
    recipient_key = referral.to_org.current_key
    sender_key = referral.from_org.current_key
    referral.package = encrypt(
        package_key, json.dumps(body, ensure_ascii=False).encode(), _ctx("referral", referral.pk)
    )
    referral.package_key_for_recipient = seal(bytes(recipient_key.public_key), package_key)
    referral.recipient_key_version = recipient_key.version
    referral.package_key_for_sender = seal(bytes(sender_key.public_key), package_key)
    referral.sender_key_version = sender_key.version
    referral.status = ReferralStatus.SENT
    referral.consent_at = timezone.now()
    referral.version += 1
    referral.save()
    record_activity(
        referral.case,
        actor,
        "referral_consented",
        referral.consent_channel,
        action="referral.consented",
        target=f"referral:{referral.pk}",
    )


def outgoing(staff: StaffMember, org_keys: OrganisationKeys, case: Case) -> list[dict[str, Any]]:
    """The case's referrals as the referring organisation sees them, feedback decrypted."""
    if not permissions.can_view(staff, case):
        raise CaseNotFound
    return [
        {"referral": referral, "response": _response_text(referral, org_keys, staff.organisation_id)}
        for referral in case.referrals.select_related("to_org")
    ]


# --- the survivor -----------------------------------------------------------------------------------


def pending_consents(report_id: UUID, data_key: bytes) -> list[PendingConsent]:
    referrals = Referral.objects.filter(case__report_id=report_id, status=ReferralStatus.AWAITING_CONSENT)
    return [
        PendingConsent(r, decrypt(data_key, bytes(r.note), _ctx("referral-note", r.pk)).decode())
        for r in referrals.select_related("to_org")
    ]


@transaction.atomic
def answer_consent(report_id: UUID, data_key: bytes, referral_id: int, agree: bool) -> Referral:
    referral = (
        Referral.objects.select_for_update()
        .filter(pk=referral_id, case__report_id=report_id, status=ReferralStatus.AWAITING_CONSENT)
        .first()
    )
    if referral is None:
        raise ReferralNotFound
    report = Report.objects.get(pk=report_id)
    if agree:
        _give_consent(referral, report, data_key, "survivor")
    else:
        referral.status = ReferralStatus.CONSENT_REFUSED
        referral.version += 1
        referral.save(update_fields=["status", "version", "updated_at"])
        record_activity(
            referral.case, "survivor", "referral_refused", action="referral.refused", target=f"referral:{referral.pk}"
        )
    return referral


# --- the receiving side ---------------------------------------------------------------------------


def incoming(staff: StaffMember) -> QuerySet[Referral]:
    """Referrals sent to this organisation that this person may open (never before consent)."""
    received = Referral.objects.filter(to_org_id=staff.organisation_id).exclude(
        status__in=[ReferralStatus.AWAITING_CONSENT, ReferralStatus.CONSENT_REFUSED]
    )
    if staff.role in _RECEIVERS_SEE_ALL:
        return received.select_related("from_org", "assigned_to__user")
    if staff.role == Role.CASEWORKER:
        return received.filter(Q(assigned_to=staff) | Q(assigned_to__isnull=True)).select_related(
            "from_org", "assigned_to__user"
        )
    if staff.role == Role.LAWYER:
        return received.filter(assigned_to=staff).select_related("from_org", "assigned_to__user")
    return Referral.objects.none()


def _incoming(staff: StaffMember, referral_id: int) -> Referral:
    referral = incoming(staff).filter(pk=referral_id).first()
    if referral is None:
        raise ReferralNotFound
    return referral


def _package_key(referral: Referral, org_keys: OrganisationKeys, organisation_id: int) -> bytes:
    if organisation_id == referral.to_org_id:
        sealed, version = referral.package_key_for_recipient, referral.recipient_key_version
    else:
        sealed, version = referral.package_key_for_sender, referral.sender_key_version
    return unseal(org_keys.for_version(version or 1), bytes(sealed or b""))


def _response_text(referral: Referral, org_keys: OrganisationKeys | None, organisation_id: int) -> str:
    if referral.response is None or org_keys is None:
        return ""
    key = _package_key(referral, org_keys, organisation_id)
    return decrypt(key, bytes(referral.response), _ctx("referral-response", referral.pk)).decode()


def open_incoming(
    staff: StaffMember, org_keys: OrganisationKeys, referral_id: int, request: object = None
) -> dict[str, Any]:
    referral = _incoming(staff, referral_id)
    key = _package_key(referral, org_keys, staff.organisation_id)
    body = json.loads(decrypt(key, bytes(referral.package or b""), _ctx("referral", referral.pk)))
    files = [
        {"id": item.pk, **json.loads(decrypt(key, bytes(item.meta), _ctx("referral-file-meta", item.pk)))}
        for item in referral.files.all()
    ]
    audit.record(
        "referral.viewed",
        actor=staff.user.get_username(),
        target=f"referral:{referral.pk}",
        organisation_id=staff.organisation_id,
        request=request,  # type: ignore[arg-type]
    )
    return {
        "referral": referral,
        "answers": body["answers"],
        "note": body["note"],
        "files": files,
        "response": _response_text(referral, org_keys, staff.organisation_id),
    }


def referral_file(
    staff: StaffMember, org_keys: OrganisationKeys, referral_id: int, file_id: int
) -> tuple[dict[str, Any], bytes]:
    referral = _incoming(staff, referral_id)
    item = referral.files.filter(pk=file_id).first()
    if item is None:
        raise ReferralNotFound
    key = _package_key(referral, org_keys, staff.organisation_id)
    meta = json.loads(decrypt(key, bytes(item.meta), _ctx("referral-file-meta", item.pk)))
    audit.record(
        "referral.file_downloaded",
        actor=staff.user.get_username(),
        target=f"referral-file:{item.pk}",
        organisation_id=staff.organisation_id,
    )
    return meta, decrypt(key, blobs.get(item.blob_name), _ctx("referral-file", item.pk))


_NEXT = {
    "accept": ({ReferralStatus.SENT}, ReferralStatus.ACCEPTED),
    "decline": ({ReferralStatus.SENT}, ReferralStatus.DECLINED),
    "complete": ({ReferralStatus.ACCEPTED}, ReferralStatus.COMPLETED),
}


@transaction.atomic
def respond(
    staff: StaffMember,
    org_keys: OrganisationKeys,
    referral_id: int,
    version: int,
    action: str,
    text: str = "",
    assignee_id: int | None = None,
    request: object = None,
) -> Referral:
    """Accept (and assign), decline with a reason, or complete with feedback for the referrer."""
    referral = _incoming(staff, referral_id)
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.version != version:
        raise StaleCase
    if action not in _NEXT or referral.status not in _NEXT[action][0]:
        raise NotAllowed
    if action == "decline" and not text:
        raise NotAllowed
    if action == "accept":
        assignee = staff
        if assignee_id is not None and staff.role in _RECEIVERS_SEE_ALL:
            found = StaffMember.objects.filter(
                pk=assignee_id, organisation_id=staff.organisation_id, role__in=KEY_HOLDING_ROLES, user__is_active=True
            ).first()
            if found is None:
                raise NotAllowed
            assignee = found
        referral.assigned_to = assignee
    if text:
        key = _package_key(referral, org_keys, staff.organisation_id)
        referral.response = encrypt(key, text.encode(), _ctx("referral-response", referral.pk))
    referral.status = _NEXT[action][1]
    referral.version += 1
    referral.save()
    actor = staff.user.get_username()
    # The timeline belongs to the referring organisation's case; the audit entry to the receiver.
    record_activity(
        referral.case,
        actor,
        f"referral_{referral.status}",
        referral.to_org.slug,
        request=request,
        action=f"referral.{referral.status}",
        target=f"referral:{referral.pk}",
        organisation_id=staff.organisation_id,
    )
    return referral


def waiting_on_others(staff: StaffMember) -> QuerySet[Case]:
    """Open cases with a referral still waiting on the survivor or the receiving organisation."""
    return (
        permissions.visible_cases(staff)
        .filter(Q(referrals__status=ReferralStatus.AWAITING_CONSENT) | Q(referrals__status=ReferralStatus.SENT))
        .distinct()
        .order_by("-urgency", "opened_on", "id")
    )
