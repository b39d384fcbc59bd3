"""The index split into shards, each served by its own process, behind the same search interface.

Shards split by hash range: a hash belongs to shard floor(first 16 bits x k / 65536). A radius
query can match hashes in any range, so every search goes to every shard (fan-out) and the sorted
answers are merged by (distance, id); an id lives in exactly one shard, so the merge is the answer
one index would give. Adds go to the shard of their hash; a removal is sent to every shard (the
router keeps no id -> shard table, which at tens of millions of ids would cost more than a shard).

Each shard is a snapshot folder (`snapshot.py`) mapped by a server process that listens on a local
socket (`multiprocessing.connection`, HMAC-authenticated with a shared key; messages are pickled,
so the socket must be reachable only by Glasna's own processes: a Unix socket in a 0700 folder).
Several clients (web workers) may connect to one server; it answers each on its own thread.
This module is the wire: the served index and its refresh from the database are `shard_server.py`,
the web processes' side `shard_client.py`.
"""

from __future__ import annotations

import heapq
import socket
import struct
import threading
from collections.abc import Callable, Sequence
from multiprocessing import AuthenticationError
from multiprocessing.connection import Client, Connection, Listener, answer_challenge, deliver_challenge
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from glasna.matching import snapshot
from glasna.matching.index import DEFAULT_THRESHOLD, Codes, hex_to_words
from glasna.matching.mapped_index import MappedIndex

Handler = Callable[[tuple[Any, ...]], Any]


class ShardUnavailable(Exception):
    """A shard did not answer (not running, crashed, too slow, or refused the key)."""

    def __init__(self, shard: int, address: str, cause: BaseException) -> None:
        super().__init__(f"shard {shard} at {address}: {type(cause).__name__}: {cause}")
        self.shard = shard


def shard_of(codes: Codes, shards: int) -> npt.NDArray[np.int64]:
    """Each hash's shard: its first 16 bits cut into `shards` equal ranges."""
    top = (np.asarray(codes, dtype=np.uint64).reshape(-1, 4)[:, 0] >> np.uint64(48)).astype(np.int64)
    return (top * shards) >> 16


def write_shards(root: Path, ids: npt.ArrayLike, codes: Codes, shards: int, marker: int = 0) -> list[Path]:
    """One snapshot folder per shard under root (shard-0, shard-1, ...)."""
    ids_arr = np.asarray(ids, dtype=np.int64)
    codes_arr = np.asarray(codes, dtype=np.uint64).reshape(-1, 4)
    owner = shard_of(codes_arr, shards)
    folders = []
    for shard in range(shards):
        rows = np.flatnonzero(owner == shard)
        folder = root / f"shard-{shard}"
        snapshot.write(folder, ids_arr[rows], codes_arr[rows], marker)
        folders.append(folder)
    return folders


def index_handler(get_index: Callable[[], Any]) -> Handler:
    """The index operations of the protocol, on whatever index `get_index` returns at each call
    (a server that maps a newer snapshot swaps its index between two requests)."""

    def handle(message: tuple[Any, ...]) -> Any:
        op = message[0]
        index = get_index()
        if op == "search":
            return index.search_words(message[1], message[2])
        if op == "add":
            index.add_many(message[1], message[2])
            return None
        if op == "remove":
            return index.remove(message[1])
        if op == "len":
            return len(index)
        raise ValueError(f"unknown operation {op!r}")

    return handle


def serve(handle: Handler, address: str, authkey: bytes, ready: Any = None) -> None:
    """Answer requests with `handle` until a client sends ("stop",). `ready` (an Event) is set once
    listening. An exception in `handle` is sent back (the client raises it) and the server goes on."""
    stopping = threading.Event()
    with Listener(address, family="AF_UNIX", authkey=authkey) as listener:
        if ready is not None:
            ready.set()
        while not stopping.is_set():
            try:
                conn = listener.accept()
            except (OSError, EOFError, AuthenticationError):  # a wrong key, or a hang-up mid-handshake
                continue
            threading.Thread(target=_answer, args=(handle, conn, stopping, address, authkey), daemon=True).start()


def _answer(handle: Handler, conn: Connection, stopping: threading.Event, address: str, authkey: bytes) -> None:
    with conn:
        while True:
            try:
                message = conn.recv()
            except (EOFError, OSError):
                return
            if message[0] == "stop":
                stopping.set()
                conn.send(None)
                # Wake the accept() loop so the server returns.
                Client(address, family="AF_UNIX", authkey=authkey).close()
                return
            try:
                reply: Any = ("ok", handle(message))
            except Exception as error:  # the client raises it; this connection stays usable
                reply = ("error", f"{type(error).__name__}: {error}")
            conn.send(reply)


def serve_folder(folder: Path, address: str, authkey: bytes, ready: Any = None) -> None:
    """Serve one shard's snapshot as it is, with no database behind it (benchmarks, protocol tests)."""
    base, _marker, _name = snapshot.read(folder)
    index = MappedIndex(base)
    serve(index_handler(lambda: index), address, authkey, ready)


def connect(address: str, authkey: bytes, timeout: float | None = None) -> Connection:
    """`multiprocessing.connection.Client` with a time limit on every read and write (the handshake
    included): a hung shard raises instead of holding the web worker."""
    with socket.socket(socket.AF_UNIX) as sock:
        if timeout is not None:
            limit = struct.pack("ll", int(timeout), int((timeout % 1) * 1_000_000))
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, limit)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, limit)
        sock.connect(address)
        conn = Connection(sock.detach())
    try:
        answer_challenge(conn, authkey)
        deliver_challenge(conn, authkey)
    except BaseException:
        conn.close()
        raise
    return conn


class ShardedIndex:
    """A client of k shard servers with the search/add/remove interface of `HashIndex`.

    One instance per process and per thread (a connection carries one request at a time). Any
    failure to reach or hear from a shard raises `ShardUnavailable`; the instance is then unusable
    (a half-read answer may be in flight) and the caller makes a new one."""

    def __init__(self, addresses: Sequence[str], authkey: bytes, timeout: float | None = None) -> None:
        self.shards = len(addresses)
        self.addresses = list(addresses)
        self._conns: list[Connection] = []
        try:
            for shard, address in enumerate(addresses):
                try:
                    self._conns.append(connect(address, authkey, timeout))
                except (OSError, EOFError, AuthenticationError) as error:
                    raise ShardUnavailable(shard, address, error) from error
        except ShardUnavailable:
            self.close()
            raise

    def close(self) -> None:
        for conn in self._conns:
            conn.close()

    def stop_servers(self) -> None:
        for conn in self._conns:
            conn.send(("stop",))
            conn.recv()
        self.close()

    def _exchange(self, shards: Sequence[int], messages: Sequence[tuple[Any, ...]]) -> list[Any]:
        """Send every message before awaiting any answer: the shards work at the same time."""
        shard = shards[0] if shards else 0
        try:
            for shard, message in zip(shards, messages, strict=True):
                self._conns[shard].send(message)
            replies = []
            for shard in shards:
                replies.append(self._conns[shard].recv())
        except (OSError, EOFError) as error:
            raise ShardUnavailable(shard, self.addresses[shard], error) from error
        answers = []
        for shard, (status, answer) in zip(shards, replies, strict=True):
            if status != "ok":
                raise ShardUnavailable(shard, self.addresses[shard], RuntimeError(answer))
            answers.append(answer)
        return answers

    def _all(self, message: tuple[Any, ...]) -> list[Any]:
        return self._exchange(range(self.shards), [message] * self.shards)

    def search(self, hash_hex: str, threshold: int = DEFAULT_THRESHOLD) -> list[tuple[int, int]]:
        return self.search_words(hex_to_words([hash_hex])[0], threshold)

    def search_words(self, query: Codes, threshold: int = DEFAULT_THRESHOLD) -> list[tuple[int, int]]:
        answers = self._all(("search", np.asarray(query, dtype=np.uint64), threshold))
        return list(heapq.merge(*answers, key=lambda hit: (hit[1], hit[0])))

    def add_many(self, ids: npt.ArrayLike, codes: Codes) -> None:
        ids_arr = np.asarray(ids, dtype=np.int64)
        codes_arr = np.asarray(codes, dtype=np.uint64).reshape(-1, 4)
        owner = shard_of(codes_arr, self.shards)
        targets = [shard for shard in range(self.shards) if (owner == shard).any()]
        rows = [np.flatnonzero(owner == shard) for shard in targets]
        self._exchange(targets, [("add", ids_arr[r], codes_arr[r]) for r in rows])

    def add(self, entry_id: int, hash_hex: str) -> None:
        self.add_many([entry_id], hex_to_words([hash_hex]))

    def remove(self, entry_id: int) -> bool:
        return any(self._all(("remove", entry_id)))

    def refresh(self) -> list[int]:
        """Each shard re-reads the database's changes now (shard servers only); rows read per shard."""
        return self._all(("refresh",))

    def save_snapshots(self) -> list[int]:
        """Each shard writes a snapshot of what it holds and maps it; hashes written per shard."""
        return self._all(("snapshot",))

    def __len__(self) -> int:
        return sum(self._all(("len",)))


def spawn_servers(folders: Sequence[Path], socket_dir: Path, authkey: bytes) -> tuple[list[str], list[Any]]:
    """Start one server process per shard folder on this machine (benchmarks, protocol tests).

    Returns the socket addresses and the processes; `ShardedIndex(addresses).stop_servers()` ends them."""
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")  # nothing inherited: each server maps only its shard
    addresses, processes = [], []
    for shard, folder in enumerate(folders):
        address = str(socket_dir / f"shard-{shard}.sock")
        ready = ctx.Event()
        process = ctx.Process(target=serve_folder, args=(folder, address, authkey, ready), daemon=True)
        process.start()
        if not ready.wait(timeout=600):
            raise RuntimeError(f"shard {shard} did not start")
        addresses.append(address)
        processes.append(process)
    return addresses, processes
