"""Migration 0002 seals the notices kept in clear before it (reported URLs, accounts, texts,
replies): afterwards the columns hold only sealed values, and every value still reads the same."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from glasna.cases.models import Case
from glasna.core.crypto.server_keys import SEALED_PREFIX
from glasna.takedown.models import Escalation, Notice, NoticeEvent
from tests.factories import make_organisation, submit

BEFORE, AFTER = [("takedown", "0001_initial")], [("takedown", "0002_sealed_notices")]
MARKER = "MIGRATIONCANARY7f3a"


def _raw(sql: str) -> list[tuple[str, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [tuple(str(value) for value in row) for row in cursor.fetchall()]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("latest_schema_after")
def test_existing_notices_are_sealed_and_read_the_same() -> None:
    bundle = make_organisation("mk-cso", ["MK"])
    submit(country="MK")
    case = Case.objects.get(organisation=bundle.organisation)
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    platform = old.get_model("takedown", "Platform").objects.create(
        key="invented", name="Invented", last_verified=case.updated_at.date()
    )
    items = [{"url": f"https://invented.example/{MARKER}", "account": f"@{MARKER}"}]
    notice = old.get_model("takedown", "Notice").objects.create(
        organisation_id=bundle.organisation.pk,
        case_id=case.pk,
        platform=platform,
        channel="email",
        items=items,
        subject=f"Notice {MARKER}",
        body_en=f"Body {MARKER}",
        body_local="",
        category="ibsa",
    )
    old.get_model("takedown", "NoticeEvent").objects.create(
        notice=notice, at=notice.created_at, actor="system", kind="reply", detail=f"Reply {MARKER}"
    )
    old.get_model("takedown", "Escalation").objects.create(
        notice=notice, route="reminder", body=f"Escalation {MARKER}", created_at=notice.created_at
    )
    assert any(MARKER in value for row in _raw("SELECT subject, items FROM takedown_notice") for value in row)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    sealed = [
        *_raw("SELECT items, subject, body_en, body_local FROM takedown_notice"),
        *_raw("SELECT detail FROM takedown_noticeevent"),
        *_raw("SELECT body FROM takedown_escalation"),
    ]
    assert all(value.startswith(SEALED_PREFIX) and MARKER not in value for row in sealed for value in row)
    migrated = Notice.objects.get(pk=notice.pk)
    assert migrated.items == items and migrated.subject == f"Notice {MARKER}" and migrated.body_local == ""
    assert NoticeEvent.objects.get(notice=migrated).detail == f"Reply {MARKER}"
    assert Escalation.objects.get(notice=migrated).body == f"Escalation {MARKER}"

    # And back: the earlier schema reads clear values again.
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    assert ("Notice " + MARKER,) in _raw("SELECT subject FROM takedown_notice")
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
