"""A canary: a report whose narrative, contact, links and file carry a unique marker. After it is
submitted, answered and read, neither a full database dump nor any file under the data directory
contains the marker, in clear, in hex (how dumps print binary columns) or in base64."""

import base64
import os
import secrets
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.db import connection
from django.test import Client

from glasna.intake.models import Report
from tests.factories import make_organisation, upload
from tests.intake.wizard_client import receipt_from, walk

pytestmark = pytest.mark.django_db(transaction=True)


def _encodings(marker: bytes) -> list[bytes]:
    forms = [marker, marker.hex().encode(), marker.hex().upper().encode()]
    for shift in range(3):  # base64 of the marker at every alignment inside a longer value
        encoded = base64.b64encode(b"\x00" * shift + marker)
        forms.append(encoded[4 : len(encoded) - 4])
    return forms


def _database_dump() -> bytes:
    if connection.vendor == "sqlite":
        return "\n".join(connection.connection.iterdump()).encode()
    assert connection.vendor == "postgresql"
    params = connection.get_connection_params()
    pg_dump = shutil.which("pg_dump")
    assert pg_dump, "pg_dump is needed for the PostgreSQL canary (make test installs PostgreSQL)"
    env = dict(os.environ, PGPASSWORD=str(params.get("password") or ""))
    args = [
        pg_dump,
        "--no-owner",
        "-h",
        str(params.get("host") or "127.0.0.1"),
        "-p",
        str(params.get("port") or 5432),
        "-U",
        str(params.get("user")),
        str(params["dbname"]),
    ]
    return subprocess.run(args, check=True, capture_output=True, env=env).stdout


def _files_under(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


def test_marker_appears_nowhere_at_rest() -> None:
    marker = f"CANARY{secrets.token_hex(8)}".encode()
    text = marker.decode()
    bundle = make_organisation("mk-cso", ["MK"])
    client = Client()
    pdf = b"%PDF-1.4\n% synthetic document " + marker + b"\n%%EOF\n"
    response = walk(
        client,
        "mk",
        overrides={
            0: {"narrative": f"Story {text} story"},
            1: {"links": f"t.me/{text}"},
            2: {"perpetrator": f"user_{text}"},
            5: {"contact_method": "email", "contact_value": f"{text}@example.org", "consent_stats": "yes"},
        },
        files=[upload(f"{text}.pdf", pdf, "application/pdf")],
    )
    receipt = receipt_from(response)
    # The organisation reads and answers with the marker too; the survivor replies with it.
    from glasna.intake import staff_access

    report = Report.objects.get()
    staff_access.open_report(bundle.staff, bundle.org_keys, report.pk, None)
    staff_access.reply(bundle.staff, bundle.org_keys, report.pk, f"Reply {text}", None)
    assert client.post("/mk/return/", {"receipt": receipt}).status_code == 302
    client.post("/mk/my-report/", {"text": f"Answer {text}"})

    # A takedown notice for the same case: the reported URL and account carry the marker, and so do
    # the platform's pasted reply and an escalation drafted from it (all sealed with the instance key).
    _takedown_with_marker(bundle.staff, report, text)

    needles = _encodings(marker)
    dump = _database_dump()
    assert b"ibsa_shared" in dump  # the dump is real: consented statistics are in it
    for needle in needles:
        assert needle not in dump, f"marker found in the {connection.vendor} dump as {needle[:20]!r}"
    files = _files_under(Path(settings.DATA_DIR))
    assert any("blobs" in str(path) for path in files), "the encrypted file should be in the blob store"
    for path in files:
        content = path.read_bytes()
        for needle in needles:
            assert needle not in content, f"marker found in {path}"
    for message in mail.outbox:
        assert text not in message.body and text not in message.subject


def _takedown_with_marker(staff: Any, report: Report, text: str) -> None:
    import datetime as dt
    import uuid

    from django.utils import timezone

    from glasna.cases.models import Case
    from glasna.takedown import directory, notice_builder, tracking
    from glasna.takedown.models import Escalation, Notice
    from glasna.takedown.sources import EvidenceSummary

    directory.sync()
    case = Case.objects.get(report=report)
    item = EvidenceSummary(
        id=uuid.uuid4(),
        kind="url",
        title="Synthetic item",
        url=f"https://instagram.example/post/{text}",
        platform="instagram",
        account=f"@{text}",
        captured_at=dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC),
        sha256="ab" * 32,
        derived_from=None,
        content_type="image/png",
    )
    facts = notice_builder.Facts(country="MK", forms=["ibsa_shared"], gender="woman")
    [notice] = notice_builder.build(staff, case, [item], facts, "mk", platform_key="instagram")
    tracking.note(notice, staff.user.get_username(), "reply", f"We removed {text}.")
    Escalation.objects.create(notice=notice, route="reminder", body=f"Please remove {text}", created_at=timezone.now())
    # The jobs still read it all without a staff key.
    again = Notice.objects.get(pk=notice.pk)
    assert text in again.items[0]["url"] and text in again.body_en
    assert [event.detail for event in again.events.all() if event.kind == "reply"] == [f"We removed {text}."]
