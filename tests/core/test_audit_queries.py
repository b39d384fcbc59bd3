from datetime import UTC, date, datetime
from unittest import mock

import pytest
from django.utils import timezone

from glasna.core import audit
from glasna.core.audit_queries import actors_and_actions, events_for_organisation

pytestmark = pytest.mark.django_db


def _at(day: int, hour: int = 12) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=UTC)


def _record_on(moment: datetime, action: str, actor: str, organisation_id: int | None = 1) -> None:
    with mock.patch.object(timezone, "now", return_value=moment):
        audit.record(action, actor=actor, target="case:1", organisation_id=organisation_id)


def test_filters_and_order() -> None:
    _record_on(_at(1), "report.viewed", "ana")
    _record_on(_at(2), "case.assigned", "ana")
    _record_on(_at(3), "report.viewed", "bojan")
    _record_on(_at(3), "report.viewed", "other-org", organisation_id=2)
    _record_on(_at(4), "staff.login_failed", "nobody", organisation_id=None)
    assert [e.actor for e in events_for_organisation(1)] == ["bojan", "ana", "ana"]  # newest first
    assert [e.action for e in events_for_organisation(1, actor="ana")] == ["case.assigned", "report.viewed"]
    assert [e.actor for e in events_for_organisation(1, action="report.viewed")] == ["bojan", "ana"]
    # A date covers its whole day; both ends are inclusive.
    assert [e.at.day for e in events_for_organisation(1, since=date(2026, 3, 2))] == [3, 2]
    assert [e.at.day for e in events_for_organisation(1, until=date(2026, 3, 2))] == [2, 1]
    assert [e.at.day for e in events_for_organisation(1, since=date(2026, 3, 2), until=date(2026, 3, 2))] == [2]
    assert [e.at.day for e in events_for_organisation(1, since=_at(2, 13))] == [3]
    assert actors_and_actions(1) == (["ana", "bojan"], ["case.assigned", "report.viewed"])
    assert audit.verify() == []
