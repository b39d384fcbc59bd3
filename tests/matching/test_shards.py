"""Shard servers behind one client answer exactly as one index and as brute force."""

import secrets
import tempfile
from pathlib import Path

import numpy as np
import pytest

from glasna.matching.index import HashIndex, brute_force, words_to_hex
from glasna.matching.shards import ShardedIndex, ShardUnavailable, shard_of, spawn_servers, write_shards


def test_shard_of_cuts_the_first_16_bits_into_equal_ranges() -> None:
    codes = np.zeros((4, 4), dtype=np.uint64)
    codes[:, 0] = np.array([0, 0x3FFF, 0x4000, 0xFFFF], dtype=np.uint64) << np.uint64(48)
    assert shard_of(codes, 4).tolist() == [0, 0, 1, 3]
    assert shard_of(codes, 1).tolist() == [0, 0, 0, 0]
    assert shard_of(codes, 3).tolist() == [0, 0, 0, 2]


def test_sharded_equals_one_index_and_brute_force(tmp_path: Path) -> None:
    rng = np.random.default_rng(17)
    n = 3000
    codes = rng.integers(0, 2**64, size=(n + 200, 4), dtype=np.uint64, endpoint=False)
    ids = rng.permutation(10 * n)[: n + 200].astype(np.int64)
    # Near-duplicate clusters that straddle shard boundaries: copies with the top bits flipped.
    for row in range(0, 200, 2):
        codes[row + 1] = codes[row] ^ np.array([0xC000 << 48, 0, 0, 0], dtype=np.uint64)
    folders = write_shards(tmp_path / "shards", ids[:n], codes[:n], shards=3)
    authkey = secrets.token_bytes(16)
    with tempfile.TemporaryDirectory(prefix="gs") as sockets:
        addresses, processes = spawn_servers(folders, Path(sockets), authkey)
        sharded = ShardedIndex(addresses, authkey)
        try:
            single = HashIndex.build(ids[:n], codes[:n])
            assert len(sharded) == n
            sharded.add_many(ids[n:], codes[n:])
            single.add_many(ids[n:], codes[n:])
            for victim in (0, 1, 5, n + 3):
                assert sharded.remove(int(ids[victim])) and single.remove(int(ids[victim]))
            assert not sharded.remove(-1)
            live = np.array(sorted(set(range(n + 200)) - {0, 1, 5, n + 3}))
            assert len(sharded) == len(live)
            for row in list(range(0, 40)) + [n + 1, n + 50]:
                for flips, threshold in ((0, 31), (9, 31), (30, 31), (20, 60)):
                    query = codes[row].copy()
                    for bit in rng.choice(256, size=flips, replace=False):
                        query[bit // 64] ^= np.uint64(1) << np.uint64(bit % 64)
                    hex_query = words_to_hex(query)[0]
                    expected = brute_force(ids[live], codes[live], hex_query, threshold)
                    assert sharded.search(hex_query, threshold) == expected == single.search(hex_query, threshold)
        finally:
            sharded.stop_servers()
            for process in processes:
                process.join(timeout=30)
    assert all(process.exitcode == 0 for process in processes)


def test_a_wrong_key_is_refused_and_the_server_keeps_serving(tmp_path: Path) -> None:
    rng = np.random.default_rng(4)
    codes = rng.integers(0, 2**64, size=(50, 4), dtype=np.uint64, endpoint=False)
    folders = write_shards(tmp_path / "shards", np.arange(50), codes, shards=1)
    authkey = secrets.token_bytes(32)
    with tempfile.TemporaryDirectory(prefix="gs") as sockets:
        addresses, processes = spawn_servers(folders, Path(sockets), authkey)
        with pytest.raises(ShardUnavailable, match="shard 0"):
            ShardedIndex(addresses, secrets.token_bytes(32), timeout=5)
        sharded = ShardedIndex(addresses, authkey, timeout=5)
        try:
            assert sharded.search(words_to_hex(codes[7])[0], 0) == [(7, 0)]
        finally:
            sharded.stop_servers()
            for process in processes:
                process.join(timeout=30)
