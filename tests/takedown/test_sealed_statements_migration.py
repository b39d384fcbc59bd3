"""Migration 0003 seals the free text of the statements of reasons recorded before it (the platform's
facts, grounds, the content's identifier): afterwards those columns hold only sealed values, the
codes stay in clear, and every value reads the same."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from glasna.cases.models import Case
from glasna.core.crypto.server_keys import SEALED_PREFIX
from glasna.takedown.models import StatementOfReasons
from tests.factories import make_organisation, submit

BEFORE, AFTER = [("takedown", "0002_sealed_notices")], [("takedown", "0003_sealed_statements_of_reasons")]
MARKER = "SORCANARY51c9"
SEALED = ["decision_facts", "illegal_content_explanation", "illegal_content_legal_ground", "puid", "content_type_other"]


def _raw(sql: str) -> list[tuple[str, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [tuple(str(value) for value in row) for row in cursor.fetchall()]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("latest_schema_after")
def test_existing_statements_are_sealed_and_read_the_same() -> None:
    bundle = make_organisation("mk-cso", ["MK"])
    submit(country="MK")
    case = Case.objects.get(organisation=bundle.organisation)
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    platform = old.get_model("takedown", "Platform").objects.create(
        key="invented", name="Invented", last_verified=case.updated_at.date()
    )
    notice = old.get_model("takedown", "Notice").objects.create(
        organisation_id=bundle.organisation.pk, case_id=case.pk, platform=platform, channel="email", category="ibsa"
    )
    today = dt.date(2026, 11, 20)
    old.get_model("takedown", "StatementOfReasons").objects.create(
        notice=notice,
        decision_ground="DECISION_GROUND_ILLEGAL_CONTENT",
        category="STATEMENT_CATEGORY_NON_CONSENSUAL_BEHAVIOUR",
        decision_facts=f"Facts {MARKER}",
        illegal_content_explanation=f"Why {MARKER}",
        illegal_content_legal_ground=f"Ground {MARKER}",
        content_type_other="",
        puid=f"post-{MARKER}",
        source_type="SOURCE_ARTICLE_16",
        automated_detection="No",
        automated_decision="AUTOMATED_DECISION_NOT_AUTOMATED",
        content_date=today,
        application_date=today,
    )
    columns = ", ".join(SEALED)
    assert any(MARKER in value for row in _raw(f"SELECT {columns} FROM takedown_statementofreasons") for value in row)  # noqa: S608

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    [row] = _raw(f"SELECT {columns}, decision_ground FROM takedown_statementofreasons")  # noqa: S608
    assert all(value.startswith(SEALED_PREFIX) and MARKER not in value for value in row[:-1])
    assert row[-1] == "DECISION_GROUND_ILLEGAL_CONTENT"  # codes stay readable for the figures
    statement = StatementOfReasons.objects.get()
    assert statement.decision_facts == f"Facts {MARKER}" and statement.puid == f"post-{MARKER}"
    assert statement.content_type_other == ""

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    assert (f"Facts {MARKER}",) in _raw("SELECT decision_facts FROM takedown_statementofreasons")
    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
