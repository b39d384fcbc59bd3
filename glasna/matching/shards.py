"""The index split into shards, each served by its own process, behind the same search interface.

PROTOTYPE: measured (bench/bench_index_shards.py) and tested for identical answers, not yet wired
into `live_index` or the lookup API; docs/matching.md says what deploying it would take.

Shards split by hash range: a hash belongs to shard floor(first 16 bits x k / 65536). A radius
query can match hashes in any range, so every search goes to every shard (fan-out) and the sorted
answers are merged by (distance, id); an id lives in exactly one shard, so the merge is the answer
one index would give. Adds go to the shard of their hash; a removal is sent to every shard (the
router keeps no id -> shard table, which at tens of millions of ids would cost more than a shard).

Each shard is a snapshot folder (`snapshot.py`) mapped by a server process that listens on a local
socket (`multiprocessing.connection`, HMAC-authenticated with a shared key; messages are pickled,
so the socket must be reachable only by Glasna's own processes: a Unix socket in a 0700 folder).
Several clients (web workers) may connect to one server; it answers each on its own thread.
"""

from __future__ import annotations

import heapq
import threading
from collections.abc import Sequence
from multiprocessing.connection import Client, Connection, Listener
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from glasna.matching import snapshot
from glasna.matching.index import DEFAULT_THRESHOLD, Codes, hex_to_words
from glasna.matching.mapped_index import MappedIndex


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


def serve(folder: Path, address: str, authkey: bytes, ready: Any = None) -> None:
    """Serve one shard until a client sends ("stop",). `ready` (an Event) is set once listening."""
    base, _marker, _name = snapshot.read(folder)
    index = MappedIndex(base)
    stopping = threading.Event()
    with Listener(address, family="AF_UNIX", authkey=authkey) as listener:
        if ready is not None:
            ready.set()
        while not stopping.is_set():
            conn = listener.accept()
            threading.Thread(target=_answer, args=(index, conn, stopping, address, authkey), daemon=True).start()


def _answer(index: MappedIndex, conn: Connection, stopping: threading.Event, address: str, authkey: bytes) -> None:
    with conn:
        while True:
            try:
                message = conn.recv()
            except EOFError:
                return
            op = message[0]
            if op == "search":
                conn.send(index.search_words(message[1], message[2]))
            elif op == "add":
                index.add_many(message[1], message[2])
                conn.send(None)
            elif op == "remove":
                conn.send(index.remove(message[1]))
            elif op == "len":
                conn.send(len(index))
            elif op == "stop":
                stopping.set()
                conn.send(None)
                # Wake the accept() loop so the server returns.
                Client(address, family="AF_UNIX", authkey=authkey).close()
                return


class ShardedIndex:
    """A client of k shard servers with the search/add/remove interface of `HashIndex`.

    One instance per process and per thread (a connection carries one request at a time)."""

    def __init__(self, addresses: Sequence[str], authkey: bytes) -> None:
        self.shards = len(addresses)
        self._conns = [Client(a, family="AF_UNIX", authkey=authkey) for a in addresses]

    def close(self) -> None:
        for conn in self._conns:
            conn.close()

    def stop_servers(self) -> None:
        for conn in self._conns:
            conn.send(("stop",))
            conn.recv()
        self.close()

    def _all(self, message: tuple[Any, ...]) -> list[Any]:
        for conn in self._conns:  # every shard starts before any answer is awaited
            conn.send(message)
        return [conn.recv() for conn in self._conns]

    def search(self, hash_hex: str, threshold: int = DEFAULT_THRESHOLD) -> list[tuple[int, int]]:
        return self.search_words(hex_to_words([hash_hex])[0], threshold)

    def search_words(self, query: Codes, threshold: int = DEFAULT_THRESHOLD) -> list[tuple[int, int]]:
        answers = self._all(("search", np.asarray(query, dtype=np.uint64), threshold))
        return list(heapq.merge(*answers, key=lambda hit: (hit[1], hit[0])))

    def add_many(self, ids: npt.ArrayLike, codes: Codes) -> None:
        ids_arr = np.asarray(ids, dtype=np.int64)
        codes_arr = np.asarray(codes, dtype=np.uint64).reshape(-1, 4)
        owner = shard_of(codes_arr, self.shards)
        sent = []
        for shard, conn in enumerate(self._conns):
            rows = np.flatnonzero(owner == shard)
            if len(rows):
                conn.send(("add", ids_arr[rows], codes_arr[rows]))
                sent.append(conn)
        for conn in sent:
            conn.recv()

    def add(self, entry_id: int, hash_hex: str) -> None:
        self.add_many([entry_id], hex_to_words([hash_hex]))

    def remove(self, entry_id: int) -> bool:
        return any(self._all(("remove", entry_id)))

    def __len__(self) -> int:
        return sum(self._all(("len",)))


def spawn_servers(folders: Sequence[Path], socket_dir: Path, authkey: bytes) -> tuple[list[str], list[Any]]:
    """Start one server process per shard folder on this machine (tests, benchmarks, a single host).

    Returns the socket addresses and the processes; `ShardedIndex(addresses).stop_servers()` ends them."""
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")  # nothing inherited: each server maps only its shard
    addresses, processes = [], []
    for shard, folder in enumerate(folders):
        address = str(socket_dir / f"shard-{shard}.sock")
        ready = ctx.Event()
        process = ctx.Process(target=serve, args=(folder, address, authkey, ready), daemon=True)
        process.start()
        if not ready.wait(timeout=600):
            raise RuntimeError(f"shard {shard} did not start")
        addresses.append(address)
        processes.append(process)
    return addresses, processes
