"""The index in shard server processes behind the lookup API: the same answers as one index, new
hashes found after the refresh, withdrawn ones never returned, a dead shard a clear 503, a corrupt
shard snapshot rebuilt rather than served, and no shard mode without its key."""

import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import translation

from glasna.matching import banks, live_index, shard_client, snapshot
from glasna.matching.index import brute_force, words_to_hex
from glasna.matching.models import HashEntry
from glasna.matching.shard_client import IndexUnavailable
from glasna.matching.shard_server import shard_folder
from tests.matching.helpers import platform
from tests.matching.shard_setup import ROOT, add_hashes, running

pytestmark = pytest.mark.django_db(transaction=True)  # the servers read what this process committed
WAIT_SECONDS = 60  # a bound for a refresh that runs every second, not a speed claim


def _codes(n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    codes = rng.integers(0, 2**64, size=(n, 4), dtype=np.uint64, endpoint=False)
    # Near-duplicates, some across shard boundaries (top bits flipped), some within a shard.
    for row in range(0, min(120, n - 1), 2):
        flips = rng.choice(256, size=int(rng.integers(1, 30)), replace=False)
        codes[row + 1] = codes[row]
        for bit in [*flips, 0] if row % 4 == 0 else flips:  # bit 0, the top one, moves it to another shard
            codes[row + 1, bit // 64] ^= np.uint64(1) << np.uint64(63 - bit % 64)
    return codes


def _flip(code: np.ndarray, bits: int, rng: np.random.Generator) -> str:
    query = code.copy()
    for bit in rng.choice(256, size=bits, replace=False):
        query[bit // 64] ^= np.uint64(1) << np.uint64(bit % 64)
    return words_to_hex(query)[0]


def _raw(api: Client, value: str, threshold: int | None = None) -> tuple[int, object]:
    params: dict[str, object] = {"signal_type": "pdq", "signal": value, "include_distance": "true"}
    if threshold is not None:
        params["threshold"] = threshold
    response = api.get("/api/matching/m/raw_lookup", params)
    return response.status_code, response.json()


def _until(check, what: str) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + WAIT_SECONDS
    while not check():
        assert time.monotonic() < deadline, what
        time.sleep(0.2)


def test_answers_equal_one_index_and_follow_adds_and_withdrawals(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    codes = _codes(1500, seed=17)
    ids = add_hashes(codes)
    _platform, token = platform()
    api = Client(headers={"authorization": f"Bearer {token}"})
    rng = np.random.default_rng(5)
    queries = [
        (_flip(codes[row], bits, rng), threshold)
        for row in [*range(0, 40), *rng.choice(len(codes), 20, replace=False).tolist()]
        for bits, threshold in ((0, None), (6, 8), (20, None), (28, 40))
    ]
    settings.GLASNA_INDEX_SHARDS = 0
    live_index.reset()
    unsharded = [_raw(api, value, threshold) for value, threshold in queries]
    assert all(status == 200 for status, _ in unsharded)
    assert sum(bool(body["matches"]) for _, body in unsharded) > len(queries) // 2  # type: ignore[index]
    assert any(len(body["matches"]) > 1 for _, body in unsharded)  # type: ignore[index, arg-type]

    with running(3, tmp_path) as shards:
        shards.configure(settings)
        assert [_raw(api, value, threshold) for value, threshold in queries] == unsharded

        # Added after the shards' snapshots: found once a refresh has read it.
        (new,) = add_hashes(_codes(1, seed=99))
        new_value = HashEntry.objects.get(pk=new).hash_value
        shards.sync()
        _until(lambda: _raw(api, new_value)[1] == {"matches": [{"bank_content_id": new, "distance": 0}]}, "add")

        # Withdrawn: never returned (the database check), and gone from its shard after a refresh.
        gone = ids[0]
        gone_value = HashEntry.objects.get(pk=gone).hash_value
        banks.withdraw(HashEntry.objects.filter(pk=gone), "survivor", None, "test")
        assert gone not in [m["bank_content_id"] for m in _raw(api, gone_value)[1]["matches"]]  # type: ignore[index]
        shards.sync()
        _until(lambda: gone not in dict(shard_client.search(gone_value, 31)), "withdrawal")


def test_a_dead_shard_fails_the_lookup_with_a_clear_error(settings, tmp_path: Path, caplog) -> None:  # type: ignore[no-untyped-def]
    codes = _codes(200, seed=3)
    add_hashes(codes)
    _platform, token = platform()
    api = Client(headers={"authorization": f"Bearer {token}"})
    value = words_to_hex(codes[0])[0]
    with running(2, tmp_path) as shards:
        shards.configure(settings)
        assert _raw(api, value)[0] == 200
        ready = Client().get("/health/ready")
        assert ready.status_code == 200 and ready.json()["checks"]["index_shards"] == "ok"
        # A hung shard (stopped): every read has a time limit, so the lookup fails instead of waiting.
        settings.GLASNA_INDEX_SHARD_TIMEOUT_SECONDS = 1
        shards.processes[0].send_signal(signal.SIGSTOP)
        try:
            assert _raw(api, value)[0] == 503
        finally:
            shards.processes[0].send_signal(signal.SIGCONT)
        assert _raw(api, value)[0] == 200  # answers again: fresh connections
        shards.kill(1)
        with caplog.at_level(logging.ERROR, logger="glasna.matching.shard_client"):
            status, body = _raw(api, value)
        assert status == 503 and body == {"detail": str(IndexUnavailable())}
        assert any("shard 1" in record.getMessage() for record in caplog.records)
        ready = Client().get("/health/ready")
        assert ready.status_code == 503 and ready.json()["checks"]["index_shards"] == "failed"
        with translation.override("sq"):
            assert str(IndexUnavailable()) != body["detail"]  # type: ignore[index]


def test_a_corrupt_shard_snapshot_is_rebuilt_and_not_served(settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    codes = _codes(400, seed=11)
    ids = add_hashes(codes)
    with running(2, tmp_path):
        pass  # each server wrote its snapshot from the database
    settings.DATA_DIR = tmp_path  # shard_folder() as the servers see it
    folder = shard_folder(0, 2)
    corrupt = snapshot.current_name(folder)
    assert corrupt is not None
    for array in (folder / corrupt).glob("*.npy"):
        data = bytearray(array.read_bytes())
        data[-8:] = bytes(8) if any(data[-8:]) else b"\xff" * 8
        array.write_bytes(bytes(data))
    with pytest.raises(snapshot.SnapshotCorrupt):
        snapshot.read(folder)

    with running(2, tmp_path) as shards:
        shards.configure(settings)
        assert "not served" in shards.log(0) and "rebuilt from the database" in shards.log(0)
        assert snapshot.current_name(folder) != corrupt
        snapshot.read(folder)  # the new one is sound
        for row in range(0, len(codes), 7):
            value = words_to_hex(codes[row])[0]
            assert shard_client.search(value, 31) == brute_force(np.array(ids), codes, value, 31)
        # The nightly job and `glasna matching_snapshot`: every shard writes and maps its own.
        rebuilt = snapshot.current_name(folder)
        assert live_index.save_snapshot()[1] == len(ids)
        assert snapshot.current_name(folder) != rebuilt
        assert shard_client.search(words_to_hex(codes[0])[0], 0) == [(ids[0], 0)]


def test_shard_mode_refuses_to_start_without_its_key(settings) -> None:  # type: ignore[no-untyped-def]
    settings.GLASNA_INDEX_SHARD_KEY = "short"
    with pytest.raises(CommandError, match="GLASNA_INDEX_SHARD_KEY"):
        call_command("matching_shard_serve", "--shard", "0", "--of", "2")
    settings.GLASNA_INDEX_SHARD_KEY = "k" * 64
    with pytest.raises(CommandError, match="0 to 1"):
        call_command("matching_shard_serve", "--shard", "2", "--of", "2")
    env = {k: v for k, v in os.environ.items() if k != "GLASNA_INDEX_SHARD_KEY"}
    started = subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import glasna.settings"],
        cwd=ROOT,
        env={**env, "PYTHONPATH": str(ROOT), "GLASNA_INDEX_SHARDS": "2"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert started.returncode != 0 and "GLASNA_INDEX_SHARD_KEY" in started.stderr
    with pytest.raises(Exception, match="GLASNA_INDEX_SHARD_KEY"):
        settings.GLASNA_INDEX_SHARDS = 2
        settings.GLASNA_INDEX_SHARD_KEY = ""
        shard_client.search("0" * 64, 31)
