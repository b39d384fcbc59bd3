"""Reports as staff see them: only their own organisation's, decrypted with their unlocked keys,
and every opening written to the audit log."""

from collections.abc import Iterable
from typing import Any
from uuid import UUID

from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest

from glasna.accounts.keyring import OrganisationKeys
from glasna.accounts.models import StaffMember
from glasna.cases import permissions
from glasna.cases import services as cases
from glasna.cases.models import Case
from glasna.core import audit
from glasna.core.crypto.primitives import unseal
from glasna.intake import sealing
from glasna.intake.models import Attachment, Message, Report
from glasna.intake.services import attachments, thread
from glasna.intake.taxonomy import CHILD


class ReportNotFound(Exception):
    """No such report in this staff member's organisation (another organisation's looks the same)."""


def case_id_of(staff: StaffMember, report_id: UUID) -> int:
    return _get(staff, report_id).case.pk


def _data_key(report: Report, org_keys: OrganisationKeys) -> bytes:
    return unseal(org_keys.for_version(report.org_key_version), bytes(report.data_key_for_org))


def _get(staff: StaffMember, report_id: UUID) -> Report:
    """The report, if its case is visible to this staff member (cases.permissions)."""
    report = Report.objects.filter(pk=report_id, organisation_id=staff.organisation_id).select_related("case").first()
    if report is None or not hasattr(report, "case") or not permissions.can_view(staff, report.case):
        raise ReportNotFound
    return report


def rows(staff: StaffMember, org_keys: OrganisationKeys, cases: Iterable[Case]) -> list[dict[str, Any]]:
    """One line per case of a work queue, with what triage needs at a glance."""
    cases = list(cases)
    # Unread survivor messages for the whole queue in one query, not one per line.
    unread = dict(
        Message.objects.filter(
            report_id__in=[case.report_id for case in cases if case.report_id],
            author=Message.SURVIVOR,
            read_by_organisation=False,
        )
        .values_list("report_id")
        .annotate(count=Count("id"))
    )
    result = []
    for case in cases:
        report = case.report
        answers = sealing.decrypt_answers(report, _data_key(report, org_keys)) if report else {}
        result.append(
            {
                "case": case,
                "id": report.pk if report else None,
                "received_on": case.opened_on,
                "status": case.get_status_display(),
                "forms": answers.get("forms", []),
                "country": answers.get("country", ""),
                "is_child": answers.get("age_band") == CHILD,
                "unread": unread.get(case.report_id, 0),
            }
        )
    return result


def open_report(
    staff: StaffMember, org_keys: OrganisationKeys, report_id: UUID, request: HttpRequest | None
) -> dict[str, Any]:
    report = _get(staff, report_id)
    data_key = _data_key(report, org_keys)
    view = {
        "report": report,
        "answers": sealing.decrypt_answers(report, data_key),
        "thread": thread(report, data_key, reader=Message.ORGANISATION),
        "files": attachments(report, data_key),
    }
    report.messages.filter(read_by_organisation=False).update(read_by_organisation=True)
    audit.record(
        "report.viewed",
        actor=staff.user.get_username(),
        target=f"report:{report.pk}",
        organisation_id=staff.organisation_id,
        request=request,
    )
    return view


def open_answers(
    staff: StaffMember, org_keys: OrganisationKeys, report_id: UUID, request: HttpRequest | None, purpose: str
) -> tuple[Report, dict[str, Any]]:
    """Only the report's answers, for another room's page (the legal navigator, a draft): unlike
    open_report it leaves the message thread unread, and the audit entry says what for."""
    report = _get(staff, report_id)
    answers = sealing.decrypt_answers(report, _data_key(report, org_keys))
    audit.record(
        "report.answers_read",
        actor=staff.user.get_username(),
        target=f"report:{report.pk}:{purpose}",
        organisation_id=staff.organisation_id,
        request=request,
    )
    return report, answers


def reply(
    staff: StaffMember, org_keys: OrganisationKeys, report_id: UUID, text: str, request: HttpRequest | None
) -> None:
    report = _get(staff, report_id)
    with transaction.atomic():
        sealing.add_message(report, _data_key(report, org_keys), Message.ORGANISATION, text, staff_user=staff.user)
        audit.record(
            "report.replied",
            actor=staff.user.get_username(),
            target=f"report:{report.pk}",
            organisation_id=staff.organisation_id,
            request=request,
        )
    cases.note_organisation_reply(report, staff)


def attachment(
    staff: StaffMember, org_keys: OrganisationKeys, report_id: UUID, attachment_id: UUID, request: HttpRequest | None
) -> tuple[dict[str, Any], bytes]:
    report = _get(staff, report_id)
    item = Attachment.objects.filter(pk=attachment_id, report=report).first()
    if item is None:
        raise ReportNotFound
    data_key = _data_key(report, org_keys)
    audit.record(
        "attachment.downloaded",
        actor=staff.user.get_username(),
        target=f"attachment:{item.pk}",
        organisation_id=staff.organisation_id,
        request=request,
    )
    return sealing.attachment_meta(item, data_key), sealing.attachment_content(item, data_key)
