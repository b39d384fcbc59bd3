"""Encrypting one report's contents under its data key, and reaching that key.

Each report has a random data key. It is sealed to the organisation's public key (staff reach it
through their organisation key) and encrypted under the receipt-derived key (the survivor reaches
it with the receipt). Answers, messages, file keys and file metadata are encrypted under it, each
bound to its own row by an AEAD context so ciphertexts cannot be swapped between rows."""

import hashlib
import json
import secrets
from typing import Any

from glasna.core import blobs
from glasna.core.crypto.primitives import decrypt, encrypt, new_key, seal
from glasna.core.uploads import CheckedFile
from glasna.intake.models import Attachment, Message, Report


def ctx(kind: str, ident: object) -> bytes:
    return f"{kind}:{ident}".encode()


def seal_data_key(report: Report, data_key: bytes, org_public_key: bytes, receipt_key: bytes) -> None:
    report.data_key_for_org = seal(org_public_key, data_key)
    report.data_key_for_receipt = encrypt(receipt_key, data_key, ctx("receipt", report.pk))


def encrypt_answers(report: Report, data_key: bytes, answers: dict[str, Any]) -> None:
    body = json.dumps(answers, ensure_ascii=False, separators=(",", ":")).encode()
    report.payload = encrypt(data_key, body, ctx("report", report.pk))


def decrypt_answers(report: Report, data_key: bytes) -> dict[str, Any]:
    answers: dict[str, Any] = json.loads(decrypt(data_key, bytes(report.payload), ctx("report", report.pk)))
    return answers


def add_message(report: Report, data_key: bytes, author: str, text: str, staff_user: Any = None) -> Message:
    message = Message(report=report, author=author, staff_user=staff_user)
    message.body = encrypt(data_key, text.encode(), ctx("message", message.pk))
    message.read_by_survivor = author == Message.SURVIVOR
    message.read_by_organisation = author == Message.ORGANISATION
    message.save()
    return message


def message_text(message: Message, data_key: bytes) -> str:
    return decrypt(data_key, bytes(message.body), ctx("message", message.pk)).decode()


SUBMISSION_SALT_BYTES = 16


def add_attachment(report: Report, data_key: bytes, checked: CheckedFile, added_by: str) -> Attachment:
    """Store one file, encrypted. Its metadata keeps the salt of the custody log's `submitted` commitment
    (evidence.api.record_submission), which the caller appends once the report has a case."""
    attachment = Attachment(report=report, added_by=added_by)
    file_key = new_key()
    attachment.file_key = encrypt(data_key, file_key, ctx("file-key", attachment.pk))
    meta = {
        "name": checked.name,
        "type": checked.content_type,
        "size": len(checked.data),
        "sha256": hashlib.sha256(checked.data).hexdigest(),
        "commit_salt": secrets.token_hex(SUBMISSION_SALT_BYTES),
    }
    attachment.meta = encrypt(data_key, json.dumps(meta).encode(), ctx("file-meta", attachment.pk))
    attachment.blob_name = blobs.put(encrypt(file_key, checked.data, ctx("file", attachment.pk)))
    attachment.save()
    return attachment


def attachment_meta(attachment: Attachment, data_key: bytes) -> dict[str, Any]:
    meta: dict[str, Any] = json.loads(decrypt(data_key, bytes(attachment.meta), ctx("file-meta", attachment.pk)))
    return meta


def attachment_content(attachment: Attachment, data_key: bytes) -> bytes:
    file_key = decrypt(data_key, bytes(attachment.file_key), ctx("file-key", attachment.pk))
    return decrypt(file_key, blobs.get(attachment.blob_name), ctx("file", attachment.pk))
