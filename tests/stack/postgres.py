"""A throwaway PostgreSQL server as one real process (the postmaster), so that a test can kill -9
it and start it again on the same data. The same choices as scripts/with-postgres: the newest
server on PATH or under /usr/lib/postgresql, trust authentication on 127.0.0.1 only, and, as
root, the system user glasna-pg (PostgreSQL refuses to run as root)."""

import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.ports import free_port
from tests.stack.processes import Proc, port_open

ROLE = "glasna"  # the superuser: creates the database and the two roles below, nothing else
DATABASE = "glasna"
# The least-privilege roles of docs/decisions/0014: the owner migrates, the app serves. Each signs
# in with a password (SCRAM), as a deployment's roles do; the superuser keeps trust on loopback.
OWNER = "glasna_owner"
APP = "glasna_app"
SYSTEM_USER = "glasna-pg"


def bindir() -> Path:
    if os.environ.get("PG_BINDIR"):
        return Path(os.environ["PG_BINDIR"])
    found = shutil.which("initdb")
    if found and (Path(found).resolve().parent / "postgres").exists():
        return Path(found).resolve().parent
    candidates = sorted(
        (d for d in Path("/usr/lib/postgresql").glob("*/bin") if (d / "initdb").exists()),
        key=lambda d: int(d.parent.name) if d.parent.name.isdigit() else 0,
    )
    if not candidates:
        raise RuntimeError("PostgreSQL server not found (initdb); run scripts/install-system-deps")
    return candidates[-1]


def _system_user() -> str | None:
    """Whom the server runs as: ourselves, or glasna-pg (created if missing) when we are root."""
    if os.getuid() != 0:
        return None
    try:
        pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        subprocess.run(
            [
                "useradd",
                "--system",
                "--no-create-home",
                "--home-dir",
                "/nonexistent",
                "--shell",
                "/usr/sbin/nologin",
                SYSTEM_USER,
            ],
            check=False,
        )
        pwd.getpwnam(SYSTEM_USER)
    return SYSTEM_USER


def server(log_dir: Path) -> tuple[Proc, str, Path]:
    """initdb in a private temp folder; return the (not yet started) postmaster, its
    DATABASE_URL and the folder (removed by the caller)."""
    user = _system_user()
    folder = Path(tempfile.mkdtemp(prefix="glasna-stack-pg-"))
    if user:
        shutil.chown(folder, user)
    folder.chmod(0o700)
    data = folder / "data"
    subprocess.run(
        [
            str(bindir() / "initdb"),
            "-D",
            str(data),
            "--auth=trust",
            "-U",
            ROLE,
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        ],
        check=True,
        capture_output=True,
        user=user,
        cwd=folder,
    )
    hba = data / "pg_hba.conf"
    scram = "".join(f"host {DATABASE} {role} 127.0.0.1/32 scram-sha-256\n" for role in (OWNER, APP))
    hba.write_text(scram + hba.read_text())  # the first matching line decides
    port = free_port()
    # fsync off: the tests kill processes, not the machine, so the kernel keeps what was written.
    # synchronous_commit stays on (the default): a commit the client saw is in the WAL.
    settings = [
        "-c",
        "listen_addresses=127.0.0.1",
        "-c",
        f"unix_socket_directories={folder}",
        "-c",
        "fsync=off",
        "-c",
        "full_page_writes=off",
        "-c",
        "max_connections=200",
    ]
    postmaster = Proc(
        "postgres",
        [str(bindir() / "postgres"), "-D", str(data), "-p", str(port), *settings],
        log_dir,
        cwd=folder,
        user=user,
        ready=lambda: port_open(port) and _accepts(port),
    )
    return postmaster, f"postgres://{ROLE}@127.0.0.1:{port}/{DATABASE}", folder


def _accepts(port: int) -> bool:
    import psycopg

    with psycopg.connect(f"postgres://{ROLE}@127.0.0.1:{port}/postgres", connect_timeout=2) as connection:
        connection.execute("SELECT 1")
    return True


def create_database(url: str) -> None:
    import psycopg

    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {DATABASE}")


def role_url(url: str, role: str, password: str) -> str:
    """The server's URL for `role` signing in with `password` (URL-safe characters only)."""
    scheme, rest = url.split("://", 1)
    return f"{scheme}://{role}:{password}@{rest.split('@', 1)[1]}"
