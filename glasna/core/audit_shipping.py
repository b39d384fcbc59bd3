"""A copy of every audit entry leaves the server as it is written, so a break-in that rewrites
the audit chain in the database cannot rewrite what was already shipped (ASVS V16.4.3).

Each committed entry is one line on the `glasna.audit` logger: `audit {json}` with its id, time,
actor, organisation, action, target and hash, never the client address. The process log is what
a deployment ships off the machine (journald to a remote journal, the container runtime's log
driver, syslog): docs/operations.md. `glasna verify_audit --against FILE` then compares the
database's chain with the shipped copy: an entry edited and re-hashed forward, which the chain
alone cannot show, differs from its copy; entries removed from the end are missing."""

import json
import logging
from collections.abc import Iterable
from typing import Any

from glasna.core.models import AuditEvent

log = logging.getLogger("glasna.audit")
PREFIX = "audit "


def line_of(event: AuditEvent) -> dict[str, Any]:
    return {
        "id": event.pk,
        "at": event.at.isoformat(),
        "actor": event.actor,
        "organisation": event.organisation_id,
        "action": event.action,
        "target": event.target,
        "hash": event.entry_hash,
    }


def ship(event: AuditEvent) -> None:
    """Called once the entry's transaction commits: an entry rolled back is never shipped."""
    log.info("%s%s", PREFIX, json.dumps(line_of(event), ensure_ascii=False, separators=(",", ":")))


def _shipped_entry(line: str) -> dict[str, Any] | None:
    """The entry in one line of a shipped log, in the text format or in the JSON one (whose
    message holds it); None for any other line."""
    line = line.strip()
    if line.startswith("{"):
        try:
            record = json.loads(line)
        except ValueError:
            return None
        line = str(record.get("message", "")) if isinstance(record, dict) else ""
    at = line.find(PREFIX + "{")
    if at < 0:
        return None
    try:
        entry = json.loads(line[at + len(PREFIX) :])
    except ValueError:
        return None
    return entry if isinstance(entry, dict) and isinstance(entry.get("id"), int) else None


def shipped(lines: Iterable[str]) -> dict[int, dict[str, Any]]:
    return {entry["id"]: entry for entry in map(_shipped_entry, lines) if entry is not None}


def compare(lines: Iterable[str]) -> list[str]:
    """Problems found comparing the database's entries with a shipped copy (empty when they agree).
    Entries written after the copy was taken are not problems."""
    copy = shipped(lines)
    if not copy:
        return ["the shipped copy holds no audit entries"]
    problems = []
    stored = {event.pk: event for event in AuditEvent.objects.filter(pk__in=list(copy)).iterator()}
    for entry_id in sorted(copy):
        event = stored.get(entry_id)
        if event is None:
            problems.append(f"entry {entry_id}: in the shipped copy, removed from the database")
        elif line_of(event) != copy[entry_id]:
            problems.append(f"entry {entry_id}: differs from the shipped copy (edited)")
    return problems
