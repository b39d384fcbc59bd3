"""Least-privilege PostgreSQL roles (ASVS V13.2.2, docs/decisions/0014): an owner role that owns
the schema and runs `glasna migrate`, and an app role for the web workers and the job consumer
that may read and write rows but never change the schema.

Every statement is composed with psycopg.sql, so role, database and schema names are quoted as
identifiers whatever they contain. Passwords never appear in a statement: `set_password` sends
the SCRAM verifier libpq computes (as psql's \\password does), which the server stores as it is."""

from collections.abc import Sequence
from dataclasses import dataclass

from psycopg import sql

# The rows the app may only append to and read: the audit log and the evidence custody log are
# hash chains that nothing in the app edits or deletes (case purges keep both; decision 0014).
# The heads they lock and move forward (AuditHead, CustodyHead) stay writable.
APPEND_ONLY_TABLES = ("core_auditevent", "evidence_custodyentry")

ROW_PRIVILEGES = sql.SQL("SELECT, INSERT, UPDATE, DELETE")
SEQUENCE_PRIVILEGES = sql.SQL("USAGE, SELECT")


@dataclass(frozen=True)
class Roles:
    owner: str
    app: str
    database: str
    schema: str = "public"

    def __post_init__(self) -> None:
        if self.owner == self.app:
            raise ValueError("the owner and the app role must be two roles")
        for name in (self.owner, self.app, self.database, self.schema):
            if not name or "\x00" in name:
                raise ValueError("role, database and schema names must be non-empty")


def setup_statements(roles: Roles, existing: Sequence[str] = ()) -> list[sql.Composed]:
    """Once, as a superuser (or a role with CREATEROLE that owns the database): the two roles,
    the database and schema given to the owner, and nobody else allowed to connect or create.
    Roles in `existing` are left as they are (an upgrade keeps its current role as the owner)."""
    owner, app = sql.Identifier(roles.owner), sql.Identifier(roles.app)
    database, schema = sql.Identifier(roles.database), sql.Identifier(roles.schema)
    statements = [
        sql.SQL("CREATE ROLE {} LOGIN").format(role)
        for name, role in ((roles.owner, owner), (roles.app, app))
        if name not in existing
    ]
    # The app role is a plain login: it can neither create roles or databases nor bypass anything.
    statements.append(
        sql.SQL("ALTER ROLE {} NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS").format(app)
    )
    statements += [
        sql.SQL("ALTER DATABASE {} OWNER TO {}").format(database, owner),
        sql.SQL("ALTER SCHEMA {} OWNER TO {}").format(schema, owner),
        # PostgreSQL before 15 lets every role create in public; and every role may connect by default.
        sql.SQL("REVOKE CREATE ON SCHEMA {} FROM PUBLIC").format(schema),
        sql.SQL("REVOKE ALL ON DATABASE {} FROM PUBLIC").format(database),
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(database, app),
    ]
    return statements


def grant_statements(roles: Roles, append_only_present: Sequence[str] = APPEND_ONLY_TABLES) -> list[sql.Composed]:
    """As the owner, after `glasna migrate` (and again after any later one: they are idempotent).
    Tables later migrations create get the same rights through the default privileges."""
    owner, app, schema = sql.Identifier(roles.owner), sql.Identifier(roles.app), sql.Identifier(roles.schema)
    statements = [
        sql.SQL("REVOKE CREATE ON SCHEMA {} FROM {}").format(schema, app),
        sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(schema, app),
        # A role that once had ALL keeps nothing beyond rows: no TRUNCATE, REFERENCES or TRIGGER.
        sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA {} FROM {}").format(schema, app),
        sql.SQL("GRANT {} ON ALL TABLES IN SCHEMA {} TO {}").format(ROW_PRIVILEGES, schema, app),
        sql.SQL("REVOKE ALL ON ALL SEQUENCES IN SCHEMA {} FROM {}").format(schema, app),
        sql.SQL("GRANT {} ON ALL SEQUENCES IN SCHEMA {} TO {}").format(SEQUENCE_PRIVILEGES, schema, app),
        sql.SQL("ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA {} GRANT {} ON TABLES TO {}").format(
            owner, schema, ROW_PRIVILEGES, app
        ),
        sql.SQL("ALTER DEFAULT PRIVILEGES FOR ROLE {} IN SCHEMA {} GRANT {} ON SEQUENCES TO {}").format(
            owner, schema, SEQUENCE_PRIVILEGES, app
        ),
    ]
    statements += [
        sql.SQL("REVOKE UPDATE, DELETE ON {} FROM {}").format(sql.Identifier(roles.schema, table), app)
        for table in append_only_present
    ]
    return statements


def set_password(role: str, verifier: str) -> sql.Composed:
    """`verifier` is what libpq's PQencryptPasswordConn made of the password (SCRAM-SHA-256):
    the statement, which a server log may keep, holds no password."""
    if not verifier.startswith("SCRAM-SHA-256$"):
        raise ValueError("only a SCRAM-SHA-256 verifier is sent, never a password")
    return sql.SQL("ALTER ROLE {} PASSWORD {}").format(sql.Identifier(role), sql.Literal(verifier))


def render(statements: Sequence[sql.Composable]) -> str:
    return "".join(f"{statement.as_string(None)};\n" for statement in statements)
