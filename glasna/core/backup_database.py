"""The database half of a backup: a consistent dump and its load, per database vendor.

SQLite: the sqlite3 online backup API (a consistent copy while the site serves). PostgreSQL:
`pg_dump -Fc` and `pg_restore`, which must be on PATH (the PostgreSQL client tools)."""

import os
import shutil
import sqlite3
import subprocess  # noqa: S404 - pg_dump/pg_restore are run with argument lists, never a shell
from pathlib import Path

from django.conf import settings
from django.db import connection


class DatabaseBackupError(Exception):
    """The dump or load could not run; the message says why and what to do."""


# Tables that `glasna migrate` fills by itself: a freshly migrated database counts as empty.
_SET_UP_BY_MIGRATE = {"django_migrations", "django_content_type", "auth_permission", "evidence_custodyhead"}


def vendor() -> str:
    return str(connection.vendor)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise DatabaseBackupError(f"{name} was not found on PATH: install the PostgreSQL client tools")
    return found


def _pg_args() -> tuple[list[str], dict[str, str]]:
    params = connection.get_connection_params()
    env = dict(os.environ, PGPASSWORD=str(params.get("password") or ""))
    args = ["-h", str(params.get("host") or "127.0.0.1"), "-p", str(params.get("port") or 5432)]
    if params.get("user"):
        args += ["-U", str(params["user"])]
    return args, env


def _run(args: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(args, capture_output=True, text=True, env=env, check=False)  # noqa: S603
    if done.returncode != 0:
        raise DatabaseBackupError(f"{Path(args[0]).name} failed: {done.stderr.strip()[-500:]}")


def dump(path: Path) -> None:
    """Write a consistent dump of the default database to `path`."""
    if vendor() == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    elif vendor() == "postgresql":
        args, env = _pg_args()
        dbname = str(connection.get_connection_params()["dbname"])
        _run([_tool("pg_dump"), "-Fc", "--no-owner", "--no-privileges", *args, "-f", str(path), dbname], env)
    else:
        raise DatabaseBackupError(f"backups of a {vendor()} database are not supported")


def occupied_tables() -> list[str]:
    """Tables that hold rows beyond what `migrate` puts there (a restore refuses to overwrite them)."""
    cache_tables = {str(c.get("LOCATION")) for c in settings.CACHES.values() if "DatabaseCache" in c["BACKEND"]}
    ignored = _SET_UP_BY_MIGRATE | cache_tables
    occupied = []
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if table in ignored:
                continue
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608 - introspected name
            if cursor.fetchone():
                occupied.append(table)
    return occupied


def load(path: Path) -> None:
    """Replace the default database's content with the dump at `path`."""
    if vendor() == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(path)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    elif vendor() == "postgresql":
        args, env = _pg_args()
        dbname = str(connection.get_connection_params()["dbname"])
        connection.close()  # hold no lock on the tables pg_restore drops and recreates
        restore = [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges"]
        _run([*restore, "--single-transaction", "--exit-on-error", *args, "-d", dbname, str(path)], env)
    else:
        raise DatabaseBackupError(f"restoring into a {vendor()} database is not supported")
