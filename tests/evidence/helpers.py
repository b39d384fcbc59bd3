"""Synthetic cases with evidence for the evidence tests. Invented data only."""

import io
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.management import CommandError, call_command

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


def members_of(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def run_bundled_verify(
    bundle: Path, tmp_path: Path, *args: str, verifier_from: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """The bundle's own verify.py (or verifier_from's), run by the system python3 in isolated mode:
    standard library only."""
    verifier = tmp_path / "verify.py"
    verifier.write_bytes(members_of(verifier_from or bundle)["verify.py"])
    python = "/usr/bin/python3" if Path("/usr/bin/python3").exists() else sys.executable
    return subprocess.run(
        [python, "-I", str(verifier), str(bundle), *args], capture_output=True, text=True, timeout=120, check=False
    )


def glasna_verify_exit(bundle: Path | str, *args: str) -> tuple[int, str]:
    """`glasna verify`'s exit status and what it printed (the CommandError's message last, as on stderr)."""
    out = io.StringIO()
    try:
        call_command("verify", str(bundle), *args, stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue() + f"\nCommandError: {error}"
    return 0, out.getvalue()


def glasna_verify(bundle: Path, *args: str) -> tuple[bool, str]:
    code, text = glasna_verify_exit(bundle, *args)
    return code == 0, text
