"""What the survivor portal does: submit a report, come back with the receipt, talk, withdraw."""

import hashlib
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db import IntegrityError, transaction
from django.utils import timezone

from glasna.accounts.models import Organisation
from glasna.cases import services as cases
from glasna.core import audit, blobs, outbox
from glasna.core.crypto.primitives import DecryptionError, decrypt, new_key
from glasna.core.crypto.receipt_keys import receipt_secrets
from glasna.core.uploads import CheckedFile
from glasna.intake import receipts, sealing
from glasna.intake.models import Attachment, Message, Report, SubmissionMarker
from glasna.intake.routing import choose_organisation
from glasna.intake.taxonomy import CHILD


class AlreadySubmitted(Exception):
    """This wizard was submitted before (a replayed or double-clicked final step)."""


class ReceiptNotFound(Exception):
    """No report opens with this receipt (or the report was withdrawn)."""


@dataclass(frozen=True)
class Submitted:
    receipt: str
    organisation: Organisation
    is_child: bool


@dataclass(frozen=True)
class SurvivorAccess:
    """What a survivor's visit holds: the report id and its data key, for one visit only."""

    report_id: UUID
    data_key: bytes


# Stats fields copied in clear only with consent: coarse categories, never free text.
def _statistics(answers: dict[str, Any]) -> dict[str, Any]:
    if answers.get("consent_stats") != "yes":
        return {"stats_consent": False}
    return {
        "stats_consent": True,
        "stat_country": answers.get("country", ""),
        "stat_forms": answers.get("forms", []),
        "stat_platforms": answers.get("platforms", []),
        "stat_age_band": answers.get("age_band", ""),
    }


def submit_report(answers: dict[str, Any], files: list[CheckedFile], submission_nonce: str) -> Submitted:
    organisation = choose_organisation(answers.get("country", ""), answers.get("age_band", ""), answers.get("help", []))
    org_key = organisation.current_key
    receipt = receipts.new_receipt()
    secrets_ = receipt_secrets(receipt)
    data_key = new_key()
    try:
        with transaction.atomic():
            SubmissionMarker.objects.create(digest=hashlib.sha256(submission_nonce.encode()).hexdigest())
            report = Report(
                organisation=organisation,
                received_on=timezone.localdate(),
                receipt_lookup=secrets_.lookup_id,
                org_key_version=org_key.version,
                **_statistics(answers),
            )
            sealing.seal_data_key(report, data_key, bytes(org_key.public_key), secrets_.key)
            sealing.encrypt_answers(report, data_key, answers)
            report.save()
            sent = [sealing.add_attachment(report, data_key, checked, Attachment.SURVIVOR) for checked in files]
            case = cases.open_case_for_report(report, bytes(org_key.public_key), org_key.version)
            _triage(case, answers, files, sent, bytes(org_key.public_key), org_key.version)
            _commit_submissions(sent, data_key, case.pk)
            audit.record(
                "report.submitted", actor="survivor", target=f"report:{report.pk}", organisation_id=organisation.pk
            )
            outbox.enqueue("glasna.intake.tasks.notify_new_report", organisation.pk)
    except IntegrityError as exc:
        raise AlreadySubmitted from exc
    return Submitted(receipt=receipt, organisation=organisation, is_child=answers.get("age_band") == CHILD)


def _triage(case: Any, answers: dict[str, Any], files: list[CheckedFile], sent: list[Attachment], *key: Any) -> None:
    """Route the case by language and urgency cues and score its images (glasna/triage/submission.py)."""
    from glasna.triage.submission import on_submit

    on_submit(case, answers, files, sent, *key)


def _triage_reply(case_id: int, organisation: Organisation, files: list[CheckedFile], sent: list[Attachment]) -> None:
    """Score the images of a later message like those of the report (glasna/triage/submission.py)."""
    from glasna.cases.models import Case
    from glasna.triage.submission import on_reply

    key = organisation.current_key
    on_reply(Case.objects.get(pk=case_id), files, sent, bytes(key.public_key), key.version)


def record_flood(organisation: Organisation, level: int) -> None:
    """A report arrived while reports were flooding in (its challenge was made harder): recorded
    for the receiving organisation, so a flood shows in its audit log; the report itself is kept."""
    audit.record(
        "report.sent_during_flood", actor="system", target=f"difficulty:+{level}", organisation_id=organisation.pk
    )


def _commit_submissions(attachments: list[Attachment], data_key: bytes, case_id: int | None) -> None:
    """Each file's first custody event, when she sends it: the log commits to its SHA-256 before any
    staff member has touched it, and the evidence item imported from it later refers to this event."""
    from glasna.evidence import api as evidence

    for attachment in attachments:
        meta = sealing.attachment_meta(attachment, data_key)
        evidence.record_submission(
            attachment.pk, case_id, meta["sha256"], meta["size"], bytes.fromhex(meta["commit_salt"])
        )


def open_with_receipt(receipt_text: str) -> SurvivorAccess:
    """Raise receipts.MalformedReceipt (typing mistake) or ReceiptNotFound."""
    receipt = receipts.parse(receipt_text)
    secrets_ = receipt_secrets(receipt)
    report = Report.objects.filter(receipt_lookup=secrets_.lookup_id).first()
    if report is None:
        try:  # a decryption that fails, as a right receipt's successful one costs the same
            decrypt(secrets_.key, b"\x01" + bytes(24) + bytes(48), b"dummy")
        except DecryptionError:
            pass
        # Right and wrong receipts both write one audit entry: the same work, the same time.
        audit.record("report.receipt_failed", actor="survivor")
        raise ReceiptNotFound
    try:
        data_key = decrypt(secrets_.key, bytes(report.data_key_for_receipt), sealing.ctx("receipt", report.pk))
    except DecryptionError as exc:
        raise ReceiptNotFound from exc
    audit.record(
        "report.opened_by_survivor",
        actor="survivor",
        target=f"report:{report.pk}",
        organisation_id=report.organisation_id,
    )
    return SurvivorAccess(report.pk, data_key)


def _report(access: SurvivorAccess) -> Report:
    report = Report.objects.filter(pk=access.report_id).select_related("organisation").first()
    if report is None:
        raise ReceiptNotFound
    return report


@dataclass
class ThreadEntry:
    author: str
    text: str
    created_at: Any
    unread: bool


def thread(report: Report, data_key: bytes, reader: str = "") -> list[ThreadEntry]:
    """The messages in order; `unread` marks what `reader` (survivor or organisation) has not seen."""
    entries = []
    for message in report.messages.all():
        unread = (reader == Message.SURVIVOR and not message.read_by_survivor) or (
            reader == Message.ORGANISATION and not message.read_by_organisation
        )
        entries.append(ThreadEntry(message.author, sealing.message_text(message, data_key), message.created_at, unread))
    return entries


def attachments(report: Report, data_key: bytes) -> list[dict[str, Any]]:
    return [
        {"id": a.pk, "added_by": a.added_by, **sealing.attachment_meta(a, data_key)} for a in report.attachments.all()
    ]


def survivor_view(access: SurvivorAccess) -> dict[str, Any]:
    report = _report(access)
    entries = thread(report, access.data_key, reader=Message.SURVIVOR)
    report.messages.filter(read_by_survivor=False).update(read_by_survivor=True)
    return {
        "report": report,
        "status": cases.survivor_status(report),
        "answers": sealing.decrypt_answers(report, access.data_key),
        "thread": entries,
        "files": attachments(report, access.data_key),
    }


def survivor_reply(access: SurvivorAccess, text: str, files: list[CheckedFile]) -> None:
    report = _report(access)
    with transaction.atomic():
        if text:
            sealing.add_message(report, access.data_key, Message.SURVIVOR, text)
        sent = [sealing.add_attachment(report, access.data_key, checked, Attachment.SURVIVOR) for checked in files]
        case_id = cases.case_id_of(report)
        _commit_submissions(sent, access.data_key, case_id)
        if sent and case_id is not None:
            _triage_reply(case_id, report.organisation, files, sent)
        audit.record(
            "report.survivor_replied",
            actor="survivor",
            target=f"report:{report.pk}",
            organisation_id=report.organisation_id,
        )
    cases.note_survivor_activity(report)


def withdraw(access: SurvivorAccess) -> None:
    """The survivor's right to withdraw: the report, its messages, files and keys are deleted;
    what remains is an audit entry that a report was withdrawn."""
    report = _report(access)
    blob_names = list(report.attachments.values_list("blob_name", flat=True))
    with transaction.atomic():
        organisation_id = report.organisation_id
        cases.close_for_withdrawal(report)
        report.delete()
        audit.record(
            "report.withdrawn", actor="survivor", target=f"report:{access.report_id}", organisation_id=organisation_id
        )
    for name in blob_names:
        blobs.delete(name)
