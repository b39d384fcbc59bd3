"""Page views verify only the audit entries newer than the last verified position; the full walk
(nightly job, `glasna verify_audit`) still finds an edit anywhere."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from glasna.core import audit, audit_checkpoint, tasks
from glasna.core.models import AuditCheckpoint, AuditEvent

pytestmark = pytest.mark.django_db


def _chain(n: int, start: int = 0) -> list[AuditEvent]:
    return [
        audit.record("report.viewed", actor=f"staff{i}", target=f"report:{i}", organisation_id=1)
        for i in range(start, start + n)
    ]


def test_a_page_view_reads_only_the_entries_since_the_last_check() -> None:
    _chain(40)
    assert audit_checkpoint.verify_recent().checked == 40  # the first view walks everything once
    _chain(3, start=40)
    with CaptureQueriesContext(connection) as few_old:
        recent = audit_checkpoint.verify_recent()
    assert recent.problems == [] and recent.checked == 3
    _chain(400, start=43)
    audit_checkpoint.verify_full()
    _chain(3, start=443)
    with CaptureQueriesContext(connection) as many_old:
        recent = audit_checkpoint.verify_recent()
    assert recent.problems == [] and recent.checked == 3
    # Ten times the history, the same statements: the cost follows the new entries, not the log.
    assert len(many_old.captured_queries) == len(few_old.captured_queries)
    walked = [q["sql"] for q in many_old.captured_queries if 'FROM "core_auditevent"' in q["sql"]]
    assert any(">" in sql for sql in walked)
    assert audit_checkpoint.verify_recent().checked == 0


def test_an_edit_to_a_new_entry_is_found_by_the_page_check() -> None:
    _chain(10)
    assert audit_checkpoint.verify_recent().problems == []
    new = _chain(3, start=10)
    AuditEvent.objects.filter(pk=new[1].pk).update(target="report:999")
    problems = audit_checkpoint.verify_recent().problems
    assert any(f"entry {new[1].pk}" in problem and "edited" in problem for problem in problems)
    # The checkpoint did not move past the broken stretch: the next view reports it again.
    assert audit_checkpoint.verify_recent().problems


def test_an_edit_to_an_old_entry_is_found_by_the_full_check_and_then_shown_on_the_page() -> None:
    old = _chain(10)
    assert audit_checkpoint.verify_recent().problems == []
    AuditEvent.objects.filter(pk=old[2].pk).update(actor="someone-else")
    _chain(2, start=10)
    assert audit_checkpoint.verify_recent().problems == []  # behind the checkpoint: not read here
    with pytest.raises(CommandError, match=f"entry {old[2].pk}"):
        call_command("verify_audit")
    assert any(f"entry {old[2].pk}" in problem for problem in audit_checkpoint.verify_recent().problems)


def test_the_nightly_job_walks_the_whole_chain() -> None:
    old = _chain(5)
    audit_checkpoint.verify_recent()
    AuditEvent.objects.filter(pk=old[0].pk).update(target="report:x")
    tasks.verify_audit_chain.call_local()
    assert any(f"entry {old[0].pk}" in problem for problem in audit_checkpoint.verify_recent().problems)


def test_an_old_edit_rehashed_forward_is_found_at_once() -> None:
    events = _chain(6)
    audit_checkpoint.verify_recent()
    # A forger who rewrites entry 2 and re-hashes every later entry and the head changes the hash
    # of the checkpoint's entry too.
    prev = events[1].entry_hash
    for event in AuditEvent.objects.filter(pk__gte=events[2].pk).order_by("id"):
        if event.pk == events[2].pk:
            event.actor = "forger"
        event.prev_hash = prev
        event.entry_hash = audit._digest(prev, event)
        event.save()
        prev = event.entry_hash
    audit.AuditHead.objects.filter(pk=1).update(last_hash=prev)
    assert any("last one verified" in problem for problem in audit_checkpoint.verify_recent().problems)


def test_a_changed_checkpoint_is_detected() -> None:
    events = _chain(6)
    audit_checkpoint.verify_recent()
    # Moving the checkpoint forward past a forged stretch needs the instance key.
    AuditCheckpoint.objects.filter(pk=1).update(event_id=events[3].pk, entry_hash=events[3].entry_hash)
    problems = audit_checkpoint.verify_recent().problems
    assert problems[0] == audit_checkpoint.ALTERED
    with pytest.raises(CommandError, match="checkpoint"):
        call_command("verify_audit")


def test_deleting_the_newest_entries_is_still_detected() -> None:
    events = _chain(6)
    audit_checkpoint.verify_recent()
    _chain(2, start=6)
    AuditEvent.objects.filter(pk__gt=events[-1].pk).order_by("-id")[:1].get().delete()
    assert any("newest" in problem for problem in audit_checkpoint.verify_recent().problems)
    AuditEvent.objects.filter(pk=events[-1].pk).delete()  # the checkpoint's own entry
    assert any("last one verified" in problem for problem in audit_checkpoint.verify_recent().problems)


def test_entries_appended_while_walking_are_left_for_the_next_check() -> None:
    _chain(4)
    head_hash = AuditEvent.objects.order_by("-id").values_list("entry_hash", flat=True).first()
    later = _chain(1, start=4)[0]
    # As if `later` had been appended after the walk read the head.
    audit.AuditHead.objects.filter(pk=1).update(last_hash=head_hash)
    walked = audit.walk(AuditEvent.objects.order_by("id"))
    assert walked.problems == [] and walked.checked == 4
    audit.AuditHead.objects.filter(pk=1).update(last_hash=later.entry_hash)
    assert audit.verify() == []
