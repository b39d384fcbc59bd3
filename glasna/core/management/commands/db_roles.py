"""`glasna db_roles --owner NAME --app NAME`: the SQL for least-privilege PostgreSQL roles, printed
or (with --apply) run on the database DATABASE_URL names (docs/operations.md, "Database roles")."""

import os
from getpass import getpass
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction

from glasna.core import db_roles


class Command(BaseCommand):
    help = (
        "Least-privilege PostgreSQL roles: an owner role that owns the schema and runs `glasna migrate`, "
        "and an app role for the web workers and the job consumer, limited to reading and writing rows "
        "(the audit and custody logs: append only). Prints the SQL; --apply runs it, connected as the "
        "owner (or, with --create-roles, as a superuser). Run it after `glasna migrate`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--owner", required=True, help="the role that owns the schema and runs migrate")
        parser.add_argument("--app", required=True, help="the role the web workers and the job consumer use")
        parser.add_argument("--schema", default="public", help="the schema Glasna's tables live in (default public)")
        parser.add_argument(
            "--create-roles",
            action="store_true",
            help="also create the roles and give the database and schema to the owner (needs a superuser)",
        )
        parser.add_argument("--apply", action="store_true", help="run the statements instead of printing them")
        for role in ("owner", "app"):
            parser.add_argument(
                f"--{role}-password-env",
                metavar="VARIABLE",
                help=f"with --create-roles --apply: set the {role} role's password from this environment "
                "variable ('-' to be asked); only its SCRAM verifier reaches the server",
            )

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError("database roles apply to PostgreSQL: DATABASE_URL names another database")
        try:
            roles = db_roles.Roles(
                owner=options["owner"],
                app=options["app"],
                database=str(connection.settings_dict["NAME"]),
                schema=options["schema"],
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if not options["apply"]:
            self._print(roles, options["create_roles"])
            return
        self._apply(roles, options)

    def _print(self, roles: db_roles.Roles, create_roles: bool) -> None:
        if create_roles:
            self.stdout.write("-- Once, as a superuser. Then give each role a password with psql's \\password ROLE.")
            self.stdout.write(db_roles.render(db_roles.setup_statements(roles)))
        self.stdout.write("-- As the owner, after `glasna migrate` (psql --single-transaction). Idempotent.")
        self.stdout.write(db_roles.render(db_roles.grant_statements(roles, self._append_only_present(roles))))
        if strangers := self._strangers(roles):
            self.stderr.write(strangers)

    def _strangers(self, roles: db_roles.Roles) -> str:
        """Tables another role owns (migrations run as a superuser): the owner can neither grant nor
        revoke on them, and its default privileges miss them. Empty when there are none."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = %s AND tableowner <> %s ORDER BY tablename",
                [roles.schema, roles.owner],
            )
            strangers = [row[0] for row in cursor.fetchall()]
        if not strangers:
            return ""
        names = ", ".join(strangers[:5]) + (", …" if len(strangers) > 5 else "")
        return (
            f"Not owned by {roles.owner}: {names}. Run migrations as the owner; give these tables to it "
            "with ALTER TABLE … OWNER TO (as a superuser)."
        )

    def _apply(self, roles: db_roles.Roles, options: dict[str, Any]) -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")
            user, superuser = cursor.fetchone()
        if options["create_roles"] and not superuser:
            raise CommandError(f"--create-roles needs a superuser; connected as {user}")
        if not options["create_roles"] and user != roles.owner and not superuser:
            raise CommandError(f"connect as the owner {roles.owner} (DATABASE_URL) to grant; connected as {user}")
        if not superuser and (strangers := self._strangers(roles)):
            raise CommandError(strangers)
        passwords = {
            role: self._password(options[f"{role}_password_env"], name)
            for role, name in (("owner", roles.owner), ("app", roles.app))
        }
        if any(passwords.values()) and not options["create_roles"]:
            raise CommandError("passwords are set with --create-roles")
        with transaction.atomic():
            statements = []
            if options["create_roles"]:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT rolname FROM pg_roles WHERE rolname IN (%s, %s)", [roles.owner, roles.app])
                    existing = [row[0] for row in cursor.fetchall()]
                statements += db_roles.setup_statements(roles, existing)
            statements += db_roles.grant_statements(roles, self._append_only_present(roles))
            raw = connection.connection
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement.as_string(raw))
                for role, name in (("owner", roles.owner), ("app", roles.app)):
                    if passwords[role]:
                        verifier = raw.pgconn.encrypt_password(
                            passwords[role].encode(), name.encode(), b"scram-sha-256"
                        )
                        cursor.execute(db_roles.set_password(name, verifier.decode()).as_string(raw))
        self.stdout.write(
            f"{len(statements)} statements run: {roles.app} may read and write rows of {roles.schema}, "
            f"owned by {roles.owner}." + (" Passwords set." if any(passwords.values()) else "")
        )

    @staticmethod
    def _password(variable: str | None, role: str) -> str:
        if not variable:
            return ""
        password = getpass(f"Password for {role}: ") if variable == "-" else os.environ.get(variable, "")
        if not password:
            raise CommandError(f"no password in {variable}" if variable != "-" else "no password given")
        return password

    @staticmethod
    def _append_only_present(roles: db_roles.Roles) -> list[str]:
        """The append-only tables that exist yet (none before the first migrate)."""
        with connection.cursor() as cursor:
            tables = set(connection.introspection.table_names(cursor))
        return [table for table in db_roles.APPEND_ONLY_TABLES if table in tables]
