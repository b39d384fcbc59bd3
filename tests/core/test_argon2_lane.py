"""The Argon2id lane: threads of one process take turns at hashing, on lane threads of lower CPU
priority (glasna/core/crypto/argon2_lane.py, docs/decisions/0013)."""

import os
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from argon2.low_level import Type, hash_secret_raw

from glasna.core.crypto import argon2_lane, passphrase

linux_only = pytest.mark.skipif(not argon2_lane.per_thread_priority(), reason="per-thread priority is Linux's")


@pytest.fixture
def lane_of(settings: Any) -> Iterator[Callable[..., argon2_lane.Lane]]:
    def make(size: int, nice: int = 10) -> argon2_lane.Lane:
        settings.GLASNA_ARGON2_CONCURRENCY = size
        settings.GLASNA_ARGON2_NICE = nice
        argon2_lane.reset()
        return argon2_lane.lane()

    yield make
    argon2_lane.lane().close()
    argon2_lane.reset()


@pytest.mark.parametrize(("size", "nice"), [(1, 10), (2, 10), (2, 0)])
def test_no_more_hashes_at_once_than_the_lane_allows(
    lane_of: Any, size: int, nice: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    lane_of(size, nice)
    active, most, done = 0, 0, 0
    changed, gate = threading.Condition(), threading.Event()

    def slow_hash(secret: str, salt: bytes, cost: passphrase.Argon2Cost) -> bytes:
        nonlocal active, most, done
        with changed:
            active += 1
            most = max(most, active)
            changed.notify_all()
        gate.wait(timeout=30)
        with changed:
            active -= 1
            done += 1
            changed.notify_all()
        return bytes(32)

    monkeypatch.setattr(passphrase, "_hash", slow_hash)
    cost = passphrase.Argon2Cost(1, 8, 1)
    threads = [threading.Thread(target=passphrase.derive_key, args=("x", bytes(16), cost)) for _ in range(6)]
    for thread in threads:
        thread.start()
    with changed:
        assert changed.wait_for(lambda: active == size, timeout=30)
        changed.wait(timeout=0.3)  # room for a thread the lane should hold back to slip through
    gate.set()
    for thread in threads:
        thread.join(timeout=30)
    assert done == 6 and most == size


@pytest.mark.parametrize("nice", [10, 0])
def test_the_lane_gives_what_argon2_gives(lane_of: Any, nice: int) -> None:
    lane = lane_of(1, nice)
    cost = passphrase.Argon2Cost(1, 8, 1)
    key = passphrase.derive_key("synthetic passphrase", bytes(16), cost)
    direct = hash_secret_raw(b"synthetic passphrase", bytes(16), 1, 8, 1, 32, Type.ID)
    assert key == direct
    assert lane.turns.acquire(blocking=False)  # released after each hash
    lane.turns.release()


def _own_niceness() -> tuple[int, int]:
    tid = threading.get_native_id()
    return tid, os.getpriority(os.PRIO_PROCESS, tid)


def _niceness_in_proc(tid: int) -> int:
    """Field 19 of /proc/thread-self/stat, read by the kernel's own account rather than getpriority."""
    stat = open(f"/proc/{os.getpid()}/task/{tid}/stat").read()  # noqa: PTH123, SIM115 - one read
    return int(stat.rsplit(")", 1)[1].split()[16])


@linux_only
@pytest.mark.parametrize("nice", [10, 19])
def test_hashes_run_on_a_thread_of_the_set_niceness(lane_of: Any, nice: int) -> None:
    lane = lane_of(1, nice)
    caller_tid, caller_nice = _own_niceness()
    tid, niceness = lane.run(_own_niceness)
    assert tid != caller_tid and niceness == max(nice, caller_nice)
    assert lane.run(_niceness_in_proc, tid) == niceness
    assert _own_niceness() == (caller_tid, caller_nice)  # the request's thread keeps its priority


def test_nice_zero_hashes_on_the_callers_thread(lane_of: Any) -> None:
    lane = lane_of(1, 0)
    assert lane.run(threading.get_native_id) == threading.get_native_id()


@pytest.mark.parametrize("nice", [10, 0])
def test_a_failure_in_the_lane_reaches_the_caller_and_frees_the_turn(lane_of: Any, nice: int) -> None:
    lane = lane_of(1, nice)

    def broken() -> bytes:
        raise ValueError("synthetic failure")

    with pytest.raises(ValueError, match="synthetic failure"):
        lane.run(broken)
    assert lane.run(lambda: b"next") == b"next"
