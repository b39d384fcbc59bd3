"""Bad input from the infrastructure, on the real stack. Redis down while she sends: the report is
stored, she gets her receipt, and the job it needs (the organisation's "new report" mail) waits in
the database until the worker's relay finds Redis again. The object store down while she sends
files: she is told plainly that nothing was saved (503, translated) and gets no receipt; nothing is
stored; once the store is back the same wizard sends. Runs last: moto keeps objects in memory, so
stopping it empties the store."""

from collections.abc import Callable

import requests

from tests.factories import pattern_png
from tests.stack.conftest import Inbox
from tests.stack.launcher import Stack
from tests.stack.processes import wait_until
from tests.stack.web import StaffSession, report


def _pending_jobs(stack: Stack) -> int:
    return int(stack.sql("SELECT count(*) FROM core_outboxjob WHERE done_at IS NULL")[0][0])


def _reports(stack: Stack) -> int:
    return int(stack.sql("SELECT count(*) FROM intake_report")[0][0])


def _ready(stack: Stack) -> dict[str, str]:
    return dict(requests.get(f"{stack.web_url}/health/ready", timeout=30).json()["checks"])


def test_broker_down_the_report_is_kept_and_its_job_runs_when_redis_returns(stack: Stack, inbox: Inbox) -> None:
    def mails() -> int:
        # The organisation the wizard's answers route to: that of the newest case.
        slug = stack.sql(
            "SELECT o.slug FROM cases_case c JOIN intake_report r ON r.id = c.report_id "
            "JOIN accounts_organisation o ON o.id = r.organisation_id ORDER BY c.id DESC LIMIT 1"
        )[0][0]
        return len(inbox.to(f"inbox@{slug}.demo.invalid"))

    mails_before = mails()
    stack.procs["redis"].kill9()
    assert _ready(stack)["job_broker"] == "failed"
    sent = report(stack.web_url, "Outage test: sent while the broker was down.", [("broker.png", pattern_png(seed=11))])
    assert sent.status == 200 and sent.receipt  # stored, so a receipt
    assert _pending_jobs(stack) >= 1
    assert stack.procs["huey"].alive() and stack.procs["web"].alive()

    stack.procs["redis"].restart()
    # Nobody else sends anything: the consumer's once-a-minute relay hands the job over.
    wait_until(lambda: _pending_jobs(stack) == 0, 150, "the outbox relayed once Redis returned", interval=2)
    wait_until(lambda: mails() > mails_before, 60, "the new-report mail")


def test_storage_down_says_not_saved_and_gives_no_receipt(
    stack: Stack, staff_of: Callable[[str], StaffSession]
) -> None:
    before = _reports(stack)
    stack.procs["s3"].kill9()
    assert _ready(stack)["blob_store"] == "failed"
    for language, words in (("en", "Your report was not saved"), ("sq", "Raportimi yt nuk u ruajt")):
        sent = report(
            stack.web_url,
            "Outage test: sent while the store was down.",
            [("store.png", pattern_png(seed=12))],
            language,
        )
        assert sent.status == 503 and sent.receipt is None
        assert words in sent.page
    assert _reports(stack) == before  # nothing stored, not even the text

    stack.procs["s3"].restart()
    stack.create_bucket()  # moto's store starts empty
    wait_until(lambda: _ready(stack)["blob_store"] == "ok", 30, "the store back")
    sent = report(stack.web_url, "Outage test: sent after the store returned.", [("store.png", pattern_png(seed=12))])
    assert sent.status == 200 and sent.receipt
    assert _reports(stack) == before + 1
