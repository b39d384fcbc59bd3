"""Crash safety: while survivors send reports (GLASNA_STACK_SUBMISSIONS of them, 40 by default to
keep CI short; the issue's figure is 200) and a caseworker exports evidence bundles, each kind of
process is killed with SIGKILL in turn and started again: a web worker (gunicorn replaces it), the
huey consumer, Redis, PostgreSQL. Afterwards:

- every report whose sender saw a receipt opens with that receipt, and every stored report opens
  for the caseworker, complete: its text and its file, byte for byte;
- every blob a record refers to is in the object store and decrypts (a blob written by a failed
  request is referred to by nothing, so nobody reaches it);
- every queued job ran to completion exactly once (the outbox's done mark), its mail sent at least
  once (a job killed between its mail and its commit is repeated: the mail is safe to repeat);
- the audit chain verifies, and a bundle exported after the storm verifies."""

import io
import os
import re
import secrets
import signal
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import requests

from tests.factories import pattern_png
from tests.stack.conftest import Inbox
from tests.stack.launcher import BUCKET, Stack
from tests.stack.processes import wait_until
from tests.stack.web import Sent, StaffSession, export_bundle, keep_as_evidence, report, return_visit

SUBMISSIONS = int(os.environ.get("GLASNA_STACK_SUBMISSIONS", "40"))
CLIENTS = 4


@dataclass
class Attempt:
    index: int
    narrative: str
    file_name: str
    content: bytes
    sent: Sent | None = None
    error: str = ""


def _send(base: str, attempt: Attempt) -> Attempt:
    try:
        attempt.sent = report(base, attempt.narrative, [(attempt.file_name, attempt.content)], timeout=60)
    except (requests.RequestException, AssertionError) as exc:  # a killed worker or database: no receipt
        attempt.error = type(exc).__name__
    return attempt


def _reached(done: Callable[[], int], target: int) -> bool:
    return done() >= target


def _kill_each_kind(stack: Stack, done: Callable[[], int], log: list[str]) -> None:
    """One kill of each kind, spread over the run by how many reports have been answered."""
    steps: list[tuple[str, Callable[[], None]]] = [
        ("web worker", lambda: os.kill(stack.web_worker_pids()[0], signal.SIGKILL)),
        ("huey consumer", lambda: (stack.procs["huey"].kill9(), stack.procs["huey"].restart())),
        ("redis", lambda: (stack.procs["redis"].kill9(), time.sleep(1), stack.procs["redis"].restart())),
        ("postgres", lambda: (stack.procs["postgres"].kill9(), time.sleep(1), stack.procs["postgres"].restart())),
    ]
    for number, (name, kill) in enumerate(steps, start=1):
        target = SUBMISSIONS * number // (len(steps) + 2)  # the last kill with a third of the reports still to send
        wait_until(partial(_reached, done, target), 600, f"{target} reports answered before killing {name}")
        began = time.monotonic()
        kill()
        log.append(f"killed {name} after {done()} answers, back in {time.monotonic() - began:.1f} s")


def _export_while_killing(
    staff: StaffSession, base: str, case_id: int, stop: threading.Event, outcomes: list[str]
) -> None:
    while not stop.is_set():
        try:
            answer = export_bundle(staff, base, case_id)
            outcomes.append(
                "zip" if answer.headers.get("Content-Type") == "application/zip" else str(answer.status_code)
            )
        except (requests.RequestException, AssertionError) as exc:  # a page without its form: the database was down
            outcomes.append(type(exc).__name__)
        time.sleep(0.5)


def test_nothing_acknowledged_is_lost_when_processes_are_killed(
    stack: Stack, inbox: Inbox, staff_of: Callable[[str], StaffSession], tmp_path: Path
) -> None:
    base, run = stack.web_url, secrets.token_hex(4)
    began = time.monotonic()

    # A case with a file kept as evidence, to export while the processes die.
    first = report(
        base, f"Kill test {run}: the case exported during the kills.", [("export.png", pattern_png((96, 64), seed=9))]
    )
    assert first.receipt
    slug, case_id = stack.sql(
        "SELECT o.slug, c.id FROM cases_case c JOIN intake_report r ON r.id = c.report_id "
        "JOIN accounts_organisation o ON o.id = r.organisation_id ORDER BY c.id DESC LIMIT 1"
    )[0]
    staff = staff_of(slug)
    assert keep_as_evidence(staff, base, case_id) == 1
    reports_before = {row[0] for row in stack.sql("SELECT id FROM intake_report")}

    attempts = [
        Attempt(
            i, f"Kill test {run} report {i}: invented events.", f"kill-{i}.png", pattern_png((64 + i % 17, 48), seed=i)
        )
        for i in range(SUBMISSIONS)
    ]
    stop, exports, kills = threading.Event(), [], []
    exporter = threading.Thread(target=_export_while_killing, args=(staff, base, case_id, stop, exports))
    exporter.start()
    with ThreadPoolExecutor(CLIENTS) as pool:
        futures = [pool.submit(_send, base, attempt) for attempt in attempts]
        _kill_each_kind(stack, lambda: sum(f.done() for f in futures), kills)
        results = [f.result() for f in futures]
    stop.set()
    exporter.join()
    storm = time.monotonic() - began
    wait_until(stack.ready, 120, "the stack ready again")

    receipted = [a for a in results if a.sent and a.sent.receipt]
    refused = [a for a in results if not (a.sent and a.sent.receipt)]
    print(
        f"\n{SUBMISSIONS} submissions in {storm:.0f} s: {len(receipted)} receipts, {len(refused)} refused "
        f"({sorted({a.error or str(a.sent.status if a.sent else '') for a in refused})}); exports {exports}; "
        + "; ".join(kills)
    )
    assert len(kills) == 4
    assert len(receipted) >= SUBMISSIONS // 3, "too few reports went through to prove anything"

    # Every receipt opens her report, with her file listed.
    def opens(attempt: Attempt) -> bool:
        assert attempt.sent and attempt.sent.receipt
        _, page = return_visit(base, attempt.sent.receipt)
        return page.status_code == 200 and attempt.file_name in page.text

    with ThreadPoolExecutor(2) as pool:
        unopened = [a.index for a, ok in zip(receipted, pool.map(opens, receipted), strict=True) if not ok]
    assert unopened == [], f"receipts that do not open: {unopened}"

    # Every stored report is complete for the caseworker: text and file, byte for byte.
    by_narrative = {a.narrative: a for a in attempts}
    stored = [row[0] for row in stack.sql("SELECT id FROM intake_report") if row[0] not in reports_before]
    seen = set()
    for report_id in stored:
        page = staff.get(f"{base}/en/staff/reports/{report_id}/", timeout=60)
        assert page.status_code == 200
        narrative = re.search(rf"Kill test {run} report \d+: invented events\.", page.text)
        assert narrative, f"report {report_id} does not show its text"
        attempt = by_narrative[narrative.group(0)]
        links = set(re.findall(rf"/en/staff/reports/{report_id}/files/[0-9a-f-]+/", page.text))
        assert [staff.get(f"{base}{link}", timeout=60).content for link in links] == [attempt.content]
        seen.add(attempt.index)
    assert {a.index for a in receipted} <= seen
    assert len(stored) == len(seen)  # one report per wizard, however often a request was cut

    # Every blob a record refers to is in the store; what failed requests left is referred to by nothing.
    referred = {
        row[0]
        for row in stack.sql(
            "SELECT blob_name FROM intake_attachment UNION SELECT blob_name FROM evidence_evidenceitem WHERE blob_name <> ''"
        )
    }
    in_store = stack.blob_names()
    assert referred <= in_store, f"records referring to missing blobs: {referred - in_store}"
    for name in referred:
        assert b"\x89PNG" not in stack.s3().get_object(Bucket=BUCKET, Key=name)["Body"].read()

    # Every job done exactly once; the new-report mails sent at least once each.
    wait_until(
        lambda: stack.sql("SELECT count(*) FROM core_outboxjob WHERE done_at IS NULL")[0][0] == 0,
        180,
        "the outbox drained",
        interval=2,
    )
    jobs = stack.sql(
        "SELECT count(*), max(attempts) FROM core_outboxjob WHERE task = 'glasna.intake.tasks.notify_new_report'"
    )[0]
    reports_total = stack.sql("SELECT count(*) FROM intake_report")[0][0]
    assert jobs[0] == reports_total
    mails = len(inbox.to(f"inbox@{slug}.demo.invalid"))
    org_reports = stack.sql(
        "SELECT count(*) FROM intake_report r JOIN accounts_organisation o ON o.id = r.organisation_id WHERE o.slug = %s",
        slug,
    )[0][0]
    assert mails >= org_reports  # each done job sent its mail before its done mark committed
    print(
        f"outbox: {jobs[0]} new-report jobs done, at most {jobs[1]} attempts each; {mails} mails to {slug}; "
        f"{len(in_store - referred)} blobs referred to by nothing; checked in {time.monotonic() - began:.0f} s"
    )

    # The audit chain verifies; an export after the storm verifies too.
    assert "audit chain intact" in stack.glasna("verify_audit")
    bundle = export_bundle(staff, base, case_id)
    assert bundle.headers["Content-Type"] == "application/zip"
    zipfile.ZipFile(io.BytesIO(bundle.content)).extractall(tmp_path / "bundle")
    checked = subprocess.run(
        [sys.executable, "-I", "verify.py", "--lang", "en"],
        cwd=tmp_path / "bundle",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.returncode == 3 and "INTERNALLY CONSISTENT" in checked.stdout, checked.stdout
