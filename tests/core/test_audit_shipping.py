"""The audit log's copy off the server (core/audit_shipping.py): each committed entry is one
`glasna.audit` line, and `glasna verify_audit --against` finds what a rewrite of the chain in the
database hides from the chain's own check."""

import json
import logging
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from glasna.core import audit, audit_shipping
from glasna.core.logging import JsonFormatter
from glasna.core.models import AuditEvent, AuditHead

pytestmark = pytest.mark.django_db


def _write(n: int, django_capture_on_commit_callbacks, caplog) -> list[str]:  # type: ignore[no-untyped-def]
    with caplog.at_level(logging.INFO, logger="glasna.audit"):
        for number in range(n):
            with django_capture_on_commit_callbacks(execute=True):
                audit.record("cases.viewed", actor="caseworker-ana", target=f"case:{number}", organisation_id=None)
    return [record.getMessage() for record in caplog.records if record.name == "glasna.audit"]


def _copy(tmp_path: Path, lines: list[str]) -> str:
    path = tmp_path / "shipped.log"
    path.write_text("".join(f"INFO glasna.audit {line}\n" for line in lines) + "INFO glasna.request GET x 200\n")
    return str(path)


def test_each_committed_entry_is_shipped_once_and_a_rolled_back_one_never(
    django_capture_on_commit_callbacks, caplog
) -> None:  # type: ignore[no-untyped-def]
    lines = _write(2, django_capture_on_commit_callbacks, caplog)
    assert len(lines) == 2
    entry = json.loads(lines[0].removeprefix(audit_shipping.PREFIX))
    first = AuditEvent.objects.order_by("pk").first()
    assert first is not None and entry["hash"] == first.entry_hash and entry["target"] == "case:0"
    assert "source" not in entry  # no client address leaves
    caplog.clear()
    with django_capture_on_commit_callbacks(execute=True), caplog.at_level(logging.INFO, logger="glasna.audit"):
        with pytest.raises(RuntimeError), transaction.atomic():
            audit.record("cases.viewed", actor="caseworker-ana", target="case:rolled-back")
            raise RuntimeError
    assert not [r for r in caplog.records if r.name == "glasna.audit"]


def test_the_json_log_format_carries_the_same_entries(django_capture_on_commit_callbacks, caplog) -> None:  # type: ignore[no-untyped-def]
    with caplog.at_level(logging.INFO, logger="glasna.audit"):
        with django_capture_on_commit_callbacks(execute=True):
            audit.record("cases.viewed", actor="caseworker-ana", target="case:7")
    json_lines = [JsonFormatter().format(r) for r in caplog.records if r.name == "glasna.audit"]
    assert audit_shipping.compare(json_lines) == []


def test_a_chain_rewritten_in_the_database_is_caught_by_its_shipped_copy(
    tmp_path: Path, django_capture_on_commit_callbacks, caplog
) -> None:  # type: ignore[no-untyped-def]
    copy = _copy(tmp_path, _write(4, django_capture_on_commit_callbacks, caplog))
    call_command("verify_audit", "--against", copy)
    # A careful intruder edits entry 2 and re-hashes every later entry and the head: the chain
    # alone still verifies.
    events = list(AuditEvent.objects.order_by("pk"))
    events[1].target = "case:someone-else"
    previous = events[0].entry_hash
    for event in events[1:]:
        event.prev_hash = previous
        event.entry_hash = previous = audit._digest(previous, event)
        event.save()
    AuditHead.objects.filter(pk=1).update(last_hash=previous)
    assert audit.verify() == []
    with pytest.raises(CommandError) as refused:
        call_command("verify_audit", "--against", copy)
    message = str(refused.value)
    assert f"entry {events[1].pk}: differs" in message and f"entry {events[3].pk}: differs" in message
    assert f"entry {events[0].pk}:" not in message


def test_entries_removed_from_the_end_are_missing_from_the_database(
    tmp_path: Path, django_capture_on_commit_callbacks, caplog
) -> None:  # type: ignore[no-untyped-def]
    copy = _copy(tmp_path, _write(3, django_capture_on_commit_callbacks, caplog))
    last = AuditEvent.objects.order_by("pk").last()
    assert last is not None
    removed = last.pk
    AuditHead.objects.filter(pk=1).update(last_hash=last.prev_hash)
    last.delete()
    assert audit.verify() == []  # the chain was cut cleanly at its end
    problems = audit_shipping.compare(Path(copy).read_text().splitlines())
    assert problems == [f"entry {removed}: in the shipped copy, removed from the database"]


def test_a_copy_without_audit_lines_is_not_taken_for_agreement(tmp_path: Path) -> None:
    assert audit_shipping.compare(["INFO glasna.request GET x 200", "{not json"]) == [
        "the shipped copy holds no audit entries"
    ]
