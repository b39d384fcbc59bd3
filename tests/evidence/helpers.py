"""Synthetic cases with evidence for the evidence tests. Invented data only."""

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from glasna.cases.models import Case
from glasna.core.large_uploads import CheckedStream, check_stream
from glasna.evidence import bundle, services
from glasna.evidence.capture import Capture
from glasna.evidence.models import EvidenceItem
from tests.factories import OrgBundle, make_organisation, pattern_png, submit


@dataclass
class CaseSetup:
    org: OrgBundle
    case: Case
    receipt: str


def make_case(slug: str | None = None) -> CaseSetup:
    org = make_organisation(slug, ["MK"])
    submitted = submit()
    case = Case.objects.filter(organisation=org.organisation).latest("pk")
    return CaseSetup(org, case, submitted.receipt)


def stream_of(data: bytes, name: str = "screenshot.png", content_type: str = "image/png") -> CheckedStream:
    return check_stream(io.BytesIO(data), name, len(data), content_type)


CAPTURE = Capture(
    url="https://t.me/invented_group_42/1187",
    platform="telegram",
    account="Invented Group 42",
    visible_date="14.03.2026 18:02",
    captured_by="survivor",
    captured_at="2026-03-14T18:30",
    method="screenshot",
)


def chat_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("_chat.txt", "14.03.26, 18:02 - Invented Person: synthetic message\n")
    return buffer.getvalue()


def add_three(setup: CaseSetup) -> list[EvidenceItem]:
    staff, keys, case_id = setup.org.staff, setup.org.org_keys, setup.case.pk
    image = services.add_file(staff, keys, case_id, stream_of(pattern_png((96, 64), seed=3)), "Group post", CAPTURE)
    chat = services.add_file(
        staff, keys, case_id, stream_of(chat_zip(), "chat.zip", "application/zip"), "Chat", CAPTURE
    )
    url = services.add_record(staff, keys, case_id, "url", "Channel", CAPTURE)
    text = services.add_record(
        staff, keys, case_id, "text", "Threat", CAPTURE, excerpt="Synthetic threatening message."
    )
    return [image, chat, url, text]


def export_to(setup: CaseSetup, path: Path, language: str = "en", **kwargs: Any) -> Path:
    archive = bundle.export(setup.org.staff, setup.org.org_keys, setup.case.pk, None, language, **kwargs)
    path.write_bytes(archive.read())
    return path
