"""One shard server: shard i of k of the index, kept in step with the database, on a Unix socket.

It holds a `LiveIndex` over the hashes whose range is shard i's (`live_index` with a part): its
own snapshot folder (GLASNA_DATA_DIR/matching/index-shards/<i>-of-<k>/), mapped when it is sound,
rebuilt from the database when it is missing, corrupt or of an older format (never served). A
thread re-reads the changes since (`change_seq`) every GLASNA_MATCH_REFRESH_SECONDS, so a new hash
becomes findable within that interval; web processes that add or withdraw hashes ask for a refresh
at once (`shard_client.nudge`). Run by `glasna matching_shard_serve --shard I --of K`."""

from __future__ import annotations

import logging
import os
import socket
import stat
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import close_old_connections

from glasna.matching import live_index, shard_client
from glasna.matching.shards import index_handler, serve

log = logging.getLogger(__name__)


def shard_folder(shard: int, shards: int) -> Path:
    return Path(settings.DATA_DIR) / "matching" / "index-shards" / f"{shard}-of-{shards}"


def private_socket_folder() -> Path:
    """The socket folder, created 0700; refused if others may enter it (messages are pickled)."""
    folder = shard_client.socket_folder()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = folder.stat()
    if info.st_uid != os.getuid() or stat.S_IMODE(info.st_mode) & 0o077:
        raise ImproperlyConfigured(
            f"{folder} must belong to this user and be closed to everyone else (chmod 700) to hold shard sockets"
        )
    return folder


def _clear_stale(address: str) -> None:
    """Remove a socket left by a server that died; refuse if a server still answers on it."""
    if not os.path.exists(address):
        return
    with socket.socket(socket.AF_UNIX) as probe:
        try:
            probe.connect(address)
        except OSError:
            os.unlink(address)
            return
    raise ImproperlyConfigured(f"another shard server is already listening on {address}")


class ShardServer:
    def __init__(self, shard: int, shards: int) -> None:
        self.part = (shard, shards)
        self.live = live_index.load(shard_folder(shard, shards), self.part)
        self._lock = threading.Lock()  # one refresh or snapshot at a time; searches never wait on it

    def refresh(self) -> int:
        with self._lock:
            close_old_connections()  # a connection the database dropped since the last refresh
            return self.live.refresh()

    def save_snapshot(self) -> int:
        with self._lock:
            close_old_connections()
            path, count = self.live.save_snapshot()
        log.info("matching shard %d of %d: snapshot %s written (%d hashes)", *self.part, path, count)
        return count

    def handle(self, message: tuple[Any, ...]) -> Any:
        if message[0] == "refresh":
            return self.refresh()
        if message[0] == "snapshot":
            return self.save_snapshot()
        return index_handler(lambda: self.live.index)(message)

    def follow(self, every: float, stopped: threading.Event) -> None:
        """Re-read the database's changes every `every` seconds until stopped."""
        while not stopped.wait(every):
            try:
                self.refresh()
            except Exception:  # the database is away: keep serving what is held, try again later
                log.exception("matching shard %d of %d: refresh failed", *self.part)


def run(shard: int, shards: int, started: Callable[[str, int], None] | None = None) -> None:
    """Build or map shard `shard` of `shards`, then serve it until a client sends ("stop",)."""
    if not 0 <= shard < shards:
        raise ImproperlyConfigured(f"shard {shard} of {shards}: the shard number must be 0 to {shards - 1}")
    key = shard_client.authkey()
    private_socket_folder()
    address = shard_client.address(shard, shards)
    _clear_stale(address)
    server = ShardServer(shard, shards)
    stopped = threading.Event()
    every = max(1, settings.GLASNA_MATCH_REFRESH_SECONDS)
    threading.Thread(target=server.follow, args=(every, stopped), daemon=True).start()
    ready = _Ready(lambda: started(address, len(server.live.index)) if started else None)
    try:
        serve(server.handle, address, key, ready)
    finally:
        stopped.set()
        if os.path.exists(address):
            os.unlink(address)


class _Ready:
    """The `ready` event `serve` sets once it listens: here, a call to say so."""

    def __init__(self, call: Callable[[], None]) -> None:
        self._call = call

    def set(self) -> None:
        self._call()
