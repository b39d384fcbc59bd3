"""The production-shaped stack as real processes on free local ports: PostgreSQL, Redis (huey's
broker), an S3-compatible object store (moto's server mode), gunicorn with two web workers and a
huey consumer (and, if asked, a second gunicorn for the platform API alone, as a proxy's
`location /api/` would route it: docs/decisions/0013), all configured through the environment
variables README.md ("Deploying for real") and docs/configuration.md document. Logs go to one temporary folder; `stop()` removes everything."""

import base64
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from tests.ports import free_port
from tests.stack import postgres
from tests.stack.processes import Proc, port_open

ROOT = Path(__file__).resolve().parents[2]
BUCKET = "glasna-blobs"
WEB_WORKERS = 2
WEB_THREADS = 8
API_WORKERS = 1  # the optional platform API pool: lookups never run Argon2id
API_THREADS = 4


def _python() -> str:
    return sys.executable


@dataclass
class Stack:
    folder: Path
    env: dict[str, str]
    web_url: str
    s3_url: str
    api_url: str = ""  # the platform API pool's, when started; else lookups go to web_url
    procs: dict[str, Proc] = field(default_factory=dict)
    pg_folder: Path | None = None
    platform_token: str = ""
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def log_dir(self) -> Path:
        return self.folder / "logs"

    def glasna(self, *args: str, timeout: float = 300, env: dict[str, str] | None = None) -> str:
        """One `glasna` command against the stack, as an operator would run it."""
        began = time.monotonic()
        done = subprocess.run(
            [_python(), "-m", "glasna.cli", *args],
            env={**os.environ, **self.env, **(env or {})},
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        self.timings[f"glasna {args[0]}"] = round(time.monotonic() - began, 1)
        if done.returncode != 0:
            raise RuntimeError(f"glasna {' '.join(args)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def s3(self) -> Any:
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.s3_url,
            aws_access_key_id=self.env["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=self.env["AWS_SECRET_ACCESS_KEY"],
            region_name=self.env["AWS_DEFAULT_REGION"],
        )

    def blob_names(self) -> set[str]:
        names: set[str] = set()
        for page in self.s3().get_paginator("list_objects_v2").paginate(Bucket=BUCKET):
            names.update(item["Key"] for item in page.get("Contents", []))
        return names

    def create_bucket(self) -> None:
        self.s3().create_bucket(Bucket=BUCKET)

    def sql(self, query: str, *params: Any) -> list[tuple[Any, ...]]:
        import psycopg

        with psycopg.connect(self.env["DATABASE_URL"], connect_timeout=5) as connection:
            return list(connection.execute(query, params).fetchall())

    def web_worker_pids(self) -> list[int]:
        """The gunicorn workers: the master's children."""
        master = self.procs["web"].pid
        pids = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[1]) == master:
                pids.append(int(stat.parent.name))
        return sorted(pids)

    def ready(self) -> bool:
        return requests.get(f"{self.web_url}/health/ready", timeout=10).status_code == 200

    def stop(self) -> None:
        for proc in reversed(list(self.procs.values())):
            proc.stop()
        if self.pg_folder:
            shutil.rmtree(self.pg_folder, ignore_errors=True)
        if not os.environ.get("GLASNA_STACK_KEEP"):
            shutil.rmtree(self.folder, ignore_errors=True)


def _redis_ready(port: int) -> bool:
    import redis

    return bool(redis.Redis(port=port, socket_timeout=1).ping())


def start(smtp_port: int, extra_env: dict[str, str] | None = None, api_pool: bool = False) -> Stack:
    folder = Path(tempfile.mkdtemp(prefix="glasna-stack-"))
    logs = folder / "logs"
    logs.mkdir()
    stack = Stack(folder, {}, "", "")
    try:
        _start(stack, logs, smtp_port, extra_env or {})
        if api_pool:
            api_port = free_port()
            stack.api_url = f"http://127.0.0.1:{api_port}"
            stack.procs["api"] = _gunicorn("api", api_port, API_WORKERS, API_THREADS, stack, logs).start(timeout=120)
    except BaseException:
        sys.stderr.write(f"stack start failed; logs in {logs}\n")
        os.environ["GLASNA_STACK_KEEP"] = "1"
        stack.stop()
        raise
    return stack


def _start(stack: Stack, logs: Path, smtp_port: int, extra_env: dict[str, str]) -> None:
    pg, admin_url, stack.pg_folder = postgres.server(logs)
    stack.procs["postgres"] = pg.start()
    postgres.create_database(admin_url)
    passwords = {postgres.OWNER: secrets.token_urlsafe(24), postgres.APP: secrets.token_urlsafe(24)}
    owner_url = postgres.role_url(admin_url, postgres.OWNER, passwords[postgres.OWNER])

    redis_port = free_port()
    (stack.folder / "redis").mkdir()
    # Append-only file, written before each answer: a job Redis acknowledged survives kill -9
    # (docs/operations.md asks the same of production Redis).
    stack.procs["redis"] = Proc(
        "redis",
        [
            "redis-server",
            "--port",
            str(redis_port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "yes",
            "--appendfsync",
            "always",
            "--dir",
            str(stack.folder / "redis"),
        ],
        logs,
        ready=lambda: _redis_ready(redis_port),
    ).start()

    s3_port = free_port()
    stack.s3_url = f"http://127.0.0.1:{s3_port}"
    stack.procs["s3"] = Proc(
        "s3",
        [str(Path(_python()).parent / "moto_server"), "-H", "127.0.0.1", "-p", str(s3_port)],
        logs,
        ready=lambda: port_open(s3_port),
    ).start()

    web_port = free_port()
    stack.web_url = f"http://127.0.0.1:{web_port}"
    stack.env = {
        # Django and the test run's own settings must not leak into the stack's processes.
        "DJANGO_SETTINGS_MODULE": "glasna.settings",
        "PYTHONPATH": str(ROOT),
        "GLASNA_DATA_DIR": str(stack.folder / "data"),
        "GLASNA_SECRET_KEY": secrets.token_urlsafe(40),
        "GLASNA_INSTANCE_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
        # Served as the app role, limited to rows (docs/decisions/0014); the owner's URL is given
        # only to the commands that change the schema, below.
        "DATABASE_URL": postgres.role_url(admin_url, postgres.APP, passwords[postgres.APP]),
        "GLASNA_BLOB_STORAGE": "s3",
        "GLASNA_S3_BUCKET": BUCKET,
        "GLASNA_S3_ENDPOINT_URL": stack.s3_url,
        "AWS_ACCESS_KEY_ID": "stack-test-key",
        "AWS_SECRET_ACCESS_KEY": secrets.token_hex(16),
        "AWS_DEFAULT_REGION": "us-east-1",
        "GLASNA_REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "GLASNA_SMTP_HOST": "127.0.0.1",
        "GLASNA_SMTP_PORT": str(smtp_port),
        "GLASNA_SITE_URL": stack.web_url,
        "GLASNA_LOG_FORMAT": "json",
        # Each thread keeps its database connection, as README.md deploys it: opening one per
        # request was half of a platform lookup's time (bench/profile_lookup.py).
        "GLASNA_DB_CONN_MAX_AGE": os.environ.get("GLASNA_DB_CONN_MAX_AGE", "60"),
        # One test client sends every report and opens every receipt from 127.0.0.1.
        "GLASNA_REPORTS_PER_ADDRESS_PER_HOUR": "100000",
        "GLASNA_REPORTS_PER_HOUR": "100000",
        "GLASNA_RECEIPT_ATTEMPTS_PER_HOUR": "100000",
        "GLASNA_OUTBOX_LEASE_SECONDS": "20",
        "GLASNA_MATCH_REFRESH_SECONDS": "2",
        **extra_env,
    }
    stack.create_bucket()
    # The deployment of README.md ("Deploying for real", step 2): a superuser makes the roles once,
    # the owner migrates and grants, everything else runs as the app role.
    roles = ["--owner", postgres.OWNER, "--app", postgres.APP]
    stack.glasna(
        "db_roles", *roles, "--create-roles", "--apply", "--owner-password-env", "OWNER_PW", "--app-password-env",
        "APP_PW", env={"DATABASE_URL": admin_url, "OWNER_PW": passwords[postgres.OWNER], "APP_PW": passwords[postgres.APP]},
    )  # fmt: skip
    as_owner = {"DATABASE_URL": owner_url}
    stack.glasna("migrate", "--noinput", "-v", "0", env=as_owner)
    stack.glasna("createcachetable", env=as_owner)
    stack.glasna("db_roles", *roles, "--apply", env=as_owner)
    # The demo staff's keys are wrapped at a low Argon2 cost (each wrap records its own cost, so the
    # web processes, at the production cost, still open them): seeding twenty organisations at the
    # full cost would take minutes of the two cores. Receipts keep the production cost throughout.
    stack.glasna("seed_demo", env={"GLASNA_ARGON2_TIME_COST": "1", "GLASNA_ARGON2_MEMORY_KIB": "1024"})
    out = stack.glasna("matching_platform", "telegram", "--name", "Telegram")
    stack.platform_token = out.split("token:", 1)[1].strip()

    stack.procs["web"] = _gunicorn("web", web_port, WEB_WORKERS, WEB_THREADS, stack, logs).start(timeout=120)
    stack.procs["huey"] = Proc(
        "huey", [_python(), "-m", "glasna.cli", "run_huey"], logs, env=stack.env, cwd=ROOT
    ).start()


def _gunicorn(name: str, port: int, workers: int, threads: int, stack: Stack, logs: Path) -> Proc:
    return Proc(
        name,
        [
            _python(),
            "-m",
            "gunicorn",
            "glasna.wsgi",
            "--workers",
            str(workers),
            # Threads, so cheap pages are served while a receipt's Argon2id waits its turn
            # (GLASNA_ARGON2_CONCURRENCY, docs/decisions/0013), as README.md deploys it.
            "--worker-class",
            "gthread",
            "--threads",
            str(threads),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "120",
            "--graceful-timeout",
            "5",
        ],
        logs,
        env=stack.env,
        cwd=ROOT,
        ready=lambda: requests.get(f"http://127.0.0.1:{port}/health/ready", timeout=10).status_code == 200,
    )
