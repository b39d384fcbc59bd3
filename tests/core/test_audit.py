import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from glasna.core import audit
from glasna.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _chain(n: int = 4) -> list[AuditEvent]:
    return [audit.record("report.viewed", actor=f"staff{i}", target=f"report:{i}", organisation_id=1) for i in range(n)]


def test_intact_chain_verifies() -> None:
    _chain()
    assert audit.verify() == []
    call_command("verify_audit")


def test_edited_entry_is_detected() -> None:
    events = _chain()
    AuditEvent.objects.filter(pk=events[1].pk).update(actor="someone-else")
    problems = audit.verify()
    assert problems and "edited" in problems[0]
    with pytest.raises(CommandError):
        call_command("verify_audit")


def test_deleted_middle_entry_is_detected() -> None:
    events = _chain()
    AuditEvent.objects.filter(pk=events[2].pk).delete()
    assert any("removed" in problem for problem in audit.verify())


def test_deleted_newest_entry_is_detected() -> None:
    events = _chain()
    AuditEvent.objects.filter(pk=events[-1].pk).delete()
    assert any("newest" in problem for problem in audit.verify())


def test_rehashed_forgery_still_breaks_the_next_link() -> None:
    events = _chain()
    forged = AuditEvent.objects.get(pk=events[1].pk)
    forged.actor = "forger"
    forged.entry_hash = audit._digest(forged.prev_hash, forged)
    forged.save()
    assert any("previous hash" in problem for problem in audit.verify())


def test_survivor_actions_never_record_an_address(rf) -> None:  # type: ignore[no-untyped-def]
    request = rf.get("/", REMOTE_ADDR="203.0.113.9")
    assert audit.record("report.submitted", actor="survivor", request=request).source == ""
    assert audit.record("report.viewed", actor="staff1", request=request).source == "203.0.113.9"
