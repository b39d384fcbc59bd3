"""Real shard server processes for tests: `glasna matching_shard_serve` spawned on Unix sockets in a
temporary folder, reading the test database.

On PostgreSQL (scripts/with-postgres) the servers read the test database itself. The SQLite test
database lives in the test process's memory, where no other process can read it: there the servers
read a file copy, taken by `sync()` whenever the test says the database has changed (SQLite's
online backup, so each copy is one consistent state)."""

from __future__ import annotations

import os
import secrets
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from django.db import connection, transaction

from glasna.matching import banks, shard_client
from glasna.matching.index import words_to_hex
from glasna.matching.models import HashEntry, Source, Submission

ROOT = Path(__file__).resolve().parents[2]
START_SECONDS = 180  # generous: the two cores are shared with other work


@dataclass
class Shards:
    count: int
    data_dir: Path
    sockets: Path
    key: str = field(default_factory=lambda: secrets.token_hex(32))
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def database_url(self) -> str:
        if connection.vendor == "postgresql":
            s = connection.settings_dict
            return f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST']}:{s['PORT']}/{s['NAME']}"
        return f"sqlite:///{self.data_dir / 'copy.sqlite3'}"

    def sync(self) -> None:
        """Let the servers see the database as it is now (a no-op on PostgreSQL)."""
        if connection.vendor == "postgresql":
            return
        connection.ensure_connection()
        with sqlite3.connect(self.data_dir / "copy.sqlite3") as copy:
            connection.connection.backup(copy)
        copy.close()

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "glasna.settings",
            "PYTHONPATH": str(ROOT),
            "GLASNA_DATA_DIR": str(self.data_dir),
            "DATABASE_URL": self.database_url(),
            "GLASNA_INDEX_SHARDS": str(self.count),
            "GLASNA_INDEX_SHARD_SOCKETS": str(self.sockets),
            "GLASNA_INDEX_SHARD_KEY": self.key,
            "GLASNA_MATCH_REFRESH_SECONDS": "1",
        }

    def log(self, shard: int) -> str:
        return (self.data_dir / f"shard-{shard}.log").read_text()

    def start(self, shard: int) -> None:
        log = open(self.data_dir / f"shard-{shard}.log", "wb")  # noqa: SIM115 (the child holds it)
        command = [sys.executable, "-m", "glasna.cli", "matching_shard_serve", "--shard", str(shard)]
        process = subprocess.Popen(command, cwd=ROOT, env=self.env(), stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
        log.close()
        if shard < len(self.processes):
            self.processes[shard] = process
        else:
            self.processes.append(process)

    def wait_listening(self) -> None:
        deadline = time.monotonic() + START_SECONDS
        for shard, process in enumerate(self.processes):
            while "listening on" not in self.log(shard):
                assert process.poll() is None, f"shard {shard} exited:\n{self.log(shard)}"
                assert time.monotonic() < deadline, f"shard {shard} did not start:\n{self.log(shard)}"
                time.sleep(0.2)

    def kill(self, shard: int) -> None:
        self.processes[shard].send_signal(signal.SIGKILL)
        self.processes[shard].wait(timeout=30)

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            process.wait(timeout=30)

    def configure(self, settings) -> None:  # type: ignore[no-untyped-def]
        """Point this (web) process at the servers."""
        settings.GLASNA_INDEX_SHARDS = self.count
        settings.GLASNA_INDEX_SHARD_SOCKETS = self.sockets
        settings.GLASNA_INDEX_SHARD_KEY = self.key
        shard_client.forget()


@contextmanager
def running(count: int, data_dir: Path) -> Iterator[Shards]:
    """`count` servers over the database as it is (synced first); stopped afterwards."""
    with tempfile.TemporaryDirectory(prefix="gs") as sockets:  # short: a socket path has 107 bytes
        shards = Shards(count, data_dir, Path(sockets) / "sockets")
        shards.sync()
        try:
            for shard in range(count):
                shards.start(shard)
            shards.wait_listening()
            yield shards
        finally:
            shard_client.forget()
            shards.stop()


def add_hashes(codes: np.ndarray) -> list[int]:
    """Rows in the survivor bank for every platform, in one change; their ids."""
    with transaction.atomic():
        seq = banks.next_seq()
        submission = Submission.objects.create(every_platform=True)
        bank = banks.survivor_bank()
        entries = HashEntry.objects.bulk_create(
            HashEntry(
                submission=submission,
                bank=bank,
                signal_type="pdq",
                hash_value=value,
                quality=90,
                source=Source.SURVIVOR_DEVICE,
                change_seq=seq,
            )
            for value in words_to_hex(codes)
        )
    if not all(e.pk for e in entries):
        return list(HashEntry.objects.filter(change_seq=seq).order_by("pk").values_list("pk", flat=True))
    return [e.pk for e in entries]
