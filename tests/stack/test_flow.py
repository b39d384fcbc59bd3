"""The whole stack over HTTP, as its users reach it: a survivor reports through the no-JavaScript
wizard with two pictures, gets a receipt and comes back with it, sends the fingerprints her browser
made; a caseworker signs in with a TOTP code, opens the case and its files, keeps them as evidence
and exports a bundle (a signed tree head, cosigned by a huey job); a takedown notice goes out by
mail through huey; a platform looks the fingerprints up and pulls them with its token. The blobs
are checked in the object store itself: there, and ciphertext only."""

import io
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import requests

from glasna.matching.hashing import hash_image
from tests.factories import pattern_png
from tests.stack import postgres
from tests.stack.conftest import Inbox
from tests.stack.launcher import BUCKET, Stack
from tests.stack.processes import wait_until
from tests.stack.web import (
    StaffSession,
    export_bundle,
    keep_as_evidence,
    post_form,
    report,
    return_visit,
    send_fingerprints,
)

NARRATIVE = "Synthetic narrative for the stack test: an invented account shared invented pictures."


def _case_of_newest_report(stack: Stack) -> tuple[str, int, str]:
    """(organisation slug, case id, report id) of the report the wizard just created."""
    rows = stack.sql(
        "SELECT o.slug, c.id, r.id FROM intake_report r JOIN accounts_organisation o ON o.id = r.organisation_id "
        "JOIN cases_case c ON c.report_id = r.id ORDER BY c.id DESC LIMIT 1"
    )
    slug, case_id, report_id = rows[0]
    return slug, int(case_id), str(report_id)


def test_survivor_caseworker_and_platform_over_http(
    stack: Stack, inbox: Inbox, staff_of: Callable[[str], StaffSession], tmp_path: Path
) -> None:
    base = stack.web_url
    pictures = [(f"screen-{seed}.png", pattern_png((160, 120), seed=seed)) for seed in (3, 5)]
    blobs_before = stack.blob_names()

    sent = report(base, NARRATIVE, pictures)
    assert sent.status == 200 and sent.receipt, sent.page[-2000:]

    # The files are in the object store, encrypted: no byte run of a picture, no PNG signature.
    new_blobs = stack.blob_names() - blobs_before
    assert len(new_blobs) >= len(pictures)
    s3 = stack.s3()
    for name in new_blobs:
        body = s3.get_object(Bucket=BUCKET, Key=name)["Body"].read()
        assert b"\x89PNG" not in body and b"IHDR" not in body
        assert all(content[40:80] not in body for _, content in pictures)

    # She comes back with the receipt and sees her report.
    survivor, page = return_visit(base, sent.receipt)
    assert page.status_code == 200 and page.url.endswith("/en/my-report/")
    assert all(name in page.text for name, _ in pictures)

    # Fingerprints made on her device (PDQ, as hash-photos.js computes it): hashes only.
    hashes = []
    for index, (_, content) in enumerate(pictures):
        pdq = hash_image(content)
        hashes.append(
            {
                "signal_type": "pdq",
                "hash": pdq.hash_value,
                "quality": pdq.quality,
                "media_index": index,
                "frame_ts": None,
                "media_type": "image",
            }
        )
    saved = send_fingerprints(survivor, base, hashes)
    assert saved.status_code == 200 and "Fingerprints of 2 photos or videos were saved" in saved.text

    # The organisation was told by mail (a huey job), with nothing about the report in it.
    slug, case_id, report_id = _case_of_newest_report(stack)
    wait_until(lambda: bool(inbox.to(f"inbox@{slug}.demo.invalid")), 60, "the new-report mail")
    assert NARRATIVE.encode() not in inbox.to(f"inbox@{slug}.demo.invalid")[0].content

    # A caseworker of that organisation signs in with password and TOTP and reads the report.
    staff = staff_of(slug)
    detail = staff.get(f"{base}/en/staff/reports/{report_id}/", timeout=60)
    assert detail.status_code == 200 and NARRATIVE in detail.text
    file_links = sorted(set(re.findall(rf"/en/staff/reports/{report_id}/files/[0-9a-f-]+/", detail.text)))
    assert len(file_links) == len(pictures)
    downloaded = {staff.get(f"{base}{link}", timeout=60).content for link in file_links}
    assert downloaded == {content for _, content in pictures}

    # Evidence: keep both files, export a bundle; it verifies on its own (internally consistent).
    assert keep_as_evidence(staff, base, case_id) == len(pictures)
    cosigned_before = stack.sql("SELECT count(*) FROM evidence_headcosignature")[0][0]
    exported = export_bundle(staff, base, case_id)
    assert exported.status_code == 200 and exported.headers["Content-Type"] == "application/zip", exported.text[:500]
    folder = tmp_path / "bundle"
    zipfile.ZipFile(io.BytesIO(exported.content)).extractall(folder)
    checked = subprocess.run(
        [sys.executable, "-I", "verify.py", "--lang", "en"], cwd=folder, capture_output=True, text=True, timeout=120
    )
    assert checked.returncode == 3 and "INTERNALLY CONSISTENT" in checked.stdout, checked.stdout
    assert checked.stdout.count("VERIFIED  item") == len(pictures), checked.stdout
    # The export signed a tree head; the witnesses' cosignatures are made by a huey job.
    wait_until(
        lambda: stack.sql("SELECT count(*) FROM evidence_headcosignature")[0][0] > cosigned_before, 60, "cosignatures"
    )

    # A takedown notice for the link she gave, checked for personal data, sent by mail through huey.
    detail = staff.get(f"{base}/en/staff/reports/{report_id}/", timeout=60)
    items = re.findall(r'name="items" value="([^"]+)"', detail.text)
    assert items, "no link to send a notice about"
    built = post_form(
        staff,
        f"{base}/en/staff/takedown/cases/{case_id}/notices/",
        {"items": items[:1], "language": "en"},
        page=detail.text,
    )
    drafted = re.search(r"/staff/takedown/notices/(\d+)/", built.url)
    assert drafted, built.url
    notice_id = int(drafted.group(1))
    redaction = f"{base}/en/staff/triage/notices/{notice_id}/redaction/"
    assert post_form(staff, redaction, {"action": "confirm"}).status_code == 200
    recipient = "abuse@platform.stack-test.invalid"
    queued = post_form(
        staff, f"{base}/en/staff/takedown/notices/{notice_id}/", {"action": "send", "recipient": recipient}
    )
    assert queued.status_code == 200 and "queued for sending" in queued.text
    wait_until(lambda: bool(inbox.to(recipient)), 60, "the takedown notice mail")
    assert b"t.me/invented_room" in inbox.to(recipient)[0].content

    # The platform, with its token: a lookup finds her fingerprint, a fetch pulls it.
    bearer = {"Authorization": f"Bearer {stack.platform_token}"}

    def found() -> bool:
        answer = requests.get(
            f"{base}/api/matching/m/raw_lookup",
            params={"signal_type": "pdq", "signal": hashes[0]["hash"]},
            headers=bearer,
            timeout=30,
        )
        return answer.status_code == 200 and bool(answer.json()["matches"])

    wait_until(found, 30, "the platform's lookup (each web process refreshes its index)", interval=1)
    pulled = requests.get(
        f"{base}/api/matching/stopncii/v1/FetchHashes", params={"startTimestamp": 0}, headers=bearer, timeout=30
    )
    assert pulled.status_code == 200
    assert {h["hash"] for h in hashes} <= set(re.findall(r"[0-9a-f]{64}", pulled.text))
    assert (
        requests.get(
            f"{base}/api/matching/m/raw_lookup", params={"signal_type": "pdq", "signal": hashes[0]["hash"]}, timeout=30
        ).status_code
        == 401
    )


def test_the_stack_serves_as_the_app_role_and_the_owner_owns_the_schema(stack: Stack) -> None:
    """docs/decisions/0014 as deployed: every table is the owner's, and the web workers and the job
    consumer hold their connections as the app role, which cannot change the schema."""
    import psycopg

    assert requests.get(f"{stack.web_url}/health/ready", timeout=10).status_code == 200
    assert stack.sql("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'") == [(postgres.OWNER,)]
    others = stack.sql(
        "SELECT DISTINCT usename FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid() "
        "AND backend_type = 'client backend'",
        postgres.DATABASE,
    )
    assert others == [(postgres.APP,)]
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        stack.sql("CREATE TABLE intruder (id int)")
