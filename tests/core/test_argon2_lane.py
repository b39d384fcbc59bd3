"""The Argon2id lane: threads of one process take turns at hashing (docs/decisions/0013)."""

import threading
from collections.abc import Iterator
from typing import Any

import pytest

from glasna.core.crypto import passphrase


@pytest.fixture
def lane_of(settings: Any) -> Iterator[Any]:
    def make(size: int) -> None:
        settings.GLASNA_ARGON2_CONCURRENCY = size
        passphrase._lane = None

    yield make
    passphrase._lane = None


@pytest.mark.parametrize("size", [1, 2])
def test_no_more_hashes_at_once_than_the_lane_allows(lane_of: Any, size: int, monkeypatch: pytest.MonkeyPatch) -> None:
    lane_of(size)
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


def test_the_lane_holds_real_hashes_too(lane_of: Any) -> None:
    lane_of(1)
    cost = passphrase.Argon2Cost(1, 8, 1)
    key = passphrase.derive_key("synthetic passphrase", bytes(16), cost)
    assert key == passphrase.derive_key("synthetic passphrase", bytes(16), cost) and len(key) == 32
    assert passphrase.argon2_lane().acquire(blocking=False)  # released after each hash
    passphrase.argon2_lane().release()
