"""Least-privilege database roles (glasna db_roles, docs/decisions/0014): the documented deployment,
migrations as the owner and the app served as a role limited to rows, on a real PostgreSQL server
(scripts/with-postgres). The SQLite lane checks only how the statements are written."""

import datetime
import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, connections
from django.utils import timezone
from psycopg import sql

from glasna.core import db_roles

ROOT = Path(__file__).resolve().parents[2]


def test_names_are_quoted_as_identifiers_and_no_password_is_ever_in_a_statement() -> None:
    roles = db_roles.Roles(owner='own"er', app="app; DROP TABLE x", database="glasna", schema="public")
    text = db_roles.render([*db_roles.setup_statements(roles), *db_roles.grant_statements(roles)])
    assert '"own""er"' in text and '"app; DROP TABLE x"' in text
    assert "PASSWORD" not in text
    assert 'REVOKE UPDATE, DELETE ON "public"."core_auditevent" FROM "app; DROP TABLE x"' in text
    assert "TRUNCATE" not in text.replace("REVOKE ALL", "")
    with pytest.raises(ValueError, match="never a password"):
        db_roles.set_password("app", "a plain password")
    with pytest.raises(ValueError, match="two roles"):
        db_roles.Roles(owner="glasna", app="glasna", database="glasna")


def _url(admin_url: str, user: str, database: str) -> str:
    """The with-postgres server's URL for another role and database (trust authentication)."""
    head, _ = admin_url.rsplit("/", 1)
    scheme, rest = head.split("://", 1)
    return f"{scheme}://{user}@{rest.split('@', 1)[1]}/{database}"


class Deployment:
    """A database set up as docs/operations.md says: roles, migrate as the owner, grants."""

    def __init__(self, admin_url: str, tmp: Path) -> None:
        tag = secrets.token_hex(4)
        self.admin_url = admin_url
        self.database, self.owner, self.app = f"glasna_roles_{tag}", f"glasna_owner_{tag}", f"glasna_app_{tag}"
        self.app_password = secrets.token_urlsafe(16)
        self.tmp = tmp

    def url(self, user: str) -> str:
        return _url(self.admin_url, user, self.database)

    def glasna(self, user: str, *args: str, fails: bool = False, **env: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "glasna.cli", *args],
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "glasna.settings",
                "PYTHONPATH": str(ROOT),
                "GLASNA_DATA_DIR": str(self.tmp),
                "DATABASE_URL": self.url(user),
                **env,
            },
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert (done.returncode != 0) == fails, f"glasna {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
        return done.stdout + done.stderr

    def sql(self, user: str, statement: str) -> list[tuple[Any, ...]]:
        import psycopg

        with psycopg.connect(self.url(user), autocommit=True) as conn:
            cursor = conn.execute(statement)
            return cursor.fetchall() if cursor.description else []


@pytest.fixture
def deployment(tmp_path: Path) -> Iterator[Deployment]:
    if connection.vendor != "postgresql":
        pytest.skip("database roles are PostgreSQL's (scripts/with-postgres)")
    import psycopg

    admin_url = os.environ["DATABASE_URL"]
    made = Deployment(admin_url, tmp_path)
    with psycopg.connect(_url(admin_url, "glasna", "postgres"), autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(made.database)))
    try:
        yield made
    finally:
        with psycopg.connect(_url(admin_url, "glasna", "postgres"), autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(made.database)))
            for role in (made.app, made.owner):
                admin.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))


@pytest.fixture
def as_app_role(deployment: Deployment, django_db_blocker: Any) -> Iterator[Deployment]:
    """This process's Django connection, as the web workers and the job consumer hold it."""
    settings = connections["default"].settings_dict
    kept = {key: settings[key] for key in ("NAME", "USER", "PASSWORD")}
    connection.close()
    settings.update(NAME=deployment.database, USER=deployment.app, PASSWORD=deployment.app_password)
    with django_db_blocker.unblock():
        try:
            yield deployment
        finally:
            connection.close()
            settings.update(kept)


def _refused(deployment: Deployment, statement: str) -> None:
    import psycopg

    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        deployment.sql(deployment.app, statement)


def test_the_app_role_runs_the_app_and_cannot_change_the_schema_or_the_logs(as_app_role: Deployment) -> None:
    from glasna.cases import retention
    from glasna.cases import services as cases
    from glasna.cases.models import Case, CaseStatus
    from glasna.core import audit, audit_checkpoint
    from glasna.core.models import AuditEvent, OutboxJob
    from tests.factories import make_organisation, submit

    d = as_app_role
    out = d.glasna(
        "glasna", "db_roles", "--owner", d.owner, "--app", d.app, "--create-roles", "--apply",
        "--app-password-env", "APP_DB_PASSWORD", APP_DB_PASSWORD=d.app_password,
    )  # fmt: skip
    assert d.app_password not in out
    stored = d.sql("glasna", f"SELECT rolpassword FROM pg_authid WHERE rolname = '{d.app}'")  # noqa: S608 - our name
    assert stored[0][0].startswith("SCRAM-SHA-256$")
    # A table someone else made (a migration run as a superuser) is out of the owner's reach: the
    # grants refuse to run, naming it, rather than leave the app role half set up.
    d.sql("glasna", "CREATE TABLE stray (id int)")
    d.glasna(d.owner, "migrate", "--noinput", "-v", "0")
    d.glasna(d.owner, "createcachetable")
    grants = ("db_roles", "--owner", d.owner, "--app", d.app, "--apply")
    assert f"Not owned by {d.owner}: stray." in d.glasna(d.owner, *grants, fails=True)
    d.sql("glasna", "DROP TABLE stray")
    d.glasna(d.owner, *grants)
    # A later migration, run as the owner after the grants, makes a table (the outbox): the app
    # role may use it through the default privileges alone.
    d.glasna(d.owner, "migrate", "core", "0002", "-v", "0")
    d.glasna(d.owner, "migrate", "--noinput", "-v", "0")
    assert d.sql(d.owner, "SELECT tableowner FROM pg_tables WHERE tablename = 'core_outboxjob'") == [(d.owner,)]

    # The app's real flows, as the app role: a survivor's report opens a case and writes its job,
    # staff add a note (an audit line), the chain is verified, and retention purges the closed case.
    assert connection.settings_dict["USER"] == d.app
    bundle = make_organisation()
    submit()
    case = Case.objects.get(organisation=bundle.organisation)
    assert OutboxJob.objects.filter(task="glasna.intake.tasks.notify_new_report").exists()
    cases.add_note(bundle.staff, bundle.org_keys, case.pk, "Synthetic note.")
    assert AuditEvent.objects.filter(action="case.note_added", target=f"case:{case.pk}").exists()
    assert audit_checkpoint.verify_full().problems == []
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED, closed_on=timezone.localdate())
    later = timezone.localdate() + datetime.timedelta(days=bundle.organisation.retention_days + 1)
    assert retention.purge_expired(today=later) == 1
    assert AuditEvent.objects.filter(action="case.purged", target=f"case:{case.pk}").exists()
    assert audit.verify() == []
    connection.close()

    # What it may not do: change the schema, empty a table, or rewrite the logs.
    for statement in (
        "CREATE TABLE intruder (id int)",
        "DROP TABLE cases_case",
        "ALTER TABLE cases_case ADD COLUMN intruder int",
        "TRUNCATE core_outboxjob",
        "UPDATE core_auditevent SET actor = 'someone else'",
        "DELETE FROM core_auditevent",
        "DELETE FROM evidence_custodyentry",
        "CREATE SCHEMA intruder",
    ):
        _refused(d, statement)
    assert d.sql(d.app, "SELECT count(*) FROM core_auditevent")[0][0] >= 3
    # Its rights are rows, nothing more: no ownership, no TRUNCATE anywhere.
    assert d.sql(d.owner, f"SELECT count(*) FROM pg_tables WHERE tableowner = '{d.app}'") == [(0,)]  # noqa: S608
    truncatable = d.sql(
        d.owner,
        f"SELECT count(*) FROM pg_tables WHERE schemaname = 'public' "  # noqa: S608 - our own names
        f"AND has_table_privilege('{d.app}', format('%I.%I', schemaname, tablename), 'TRUNCATE')",
    )
    assert truncatable == [(0,)]
