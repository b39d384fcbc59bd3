"""A memory-mapped snapshot plus in-memory changes answers exactly as a freshly built index and as
brute force, through adds, removals of mapped rows and re-adds."""

import tempfile
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from glasna.matching import snapshot
from glasna.matching.index import HashIndex, brute_force, words_to_hex
from glasna.matching.mapped_index import MappedIndex


def _near(rng: np.random.Generator, code: np.ndarray, flips: int) -> str:
    query = code.copy()
    for bit in rng.choice(256, size=flips, replace=False):
        query[bit // 64] ^= np.uint64(1) << np.uint64(bit % 64)
    return words_to_hex(query)[0]


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    n=st.integers(0, 300),
    added=st.integers(0, 60),
    removed=st.integers(0, 40),
    tail_limit=st.integers(1, 80),
)
def test_mapped_equals_fresh_equals_brute_force(seed: int, n: int, added: int, removed: int, tail_limit: int) -> None:
    rng = np.random.default_rng(seed)
    total = n + added
    codes = rng.integers(0, 2**64, size=(total, 4), dtype=np.uint64, endpoint=False)
    ids = rng.permutation(5 * total + 1)[:total].astype(np.int64)
    with tempfile.TemporaryDirectory() as folder:
        snapshot.write(Path(folder), ids[:n], codes[:n], marker=0)
        base, _marker, _name = snapshot.read(Path(folder))
        mapped = MappedIndex(base, tail_limit=tail_limit)
        mapped.add_many(ids[:n], codes[:n])  # already in the snapshot: no-ops
        mapped.add_many(ids[n:], codes[n:])
        live = set(range(total))
        # Remove from both parts, then re-add a few removed snapshot rows (they come back via the delta).
        victims = rng.choice(total, size=min(removed, total), replace=False) if total else []
        for v in victims:
            assert mapped.remove(int(ids[v])) and not mapped.remove(int(ids[v]))
            live.discard(int(v))
        for v in [v for v in victims if v < n][:5]:
            mapped.add_many(ids[v : v + 1], codes[v : v + 1])
            live.add(int(v))
        rows = np.array(sorted(live), dtype=np.int64)
        fresh = HashIndex.build(ids[rows], codes[rows])
        assert len(mapped) == len(rows)
        assert all(int(ids[r]) in mapped for r in rows) and not any(int(ids[v]) in mapped for v in set(victims) - live)
        for _ in range(6):
            target = codes[rng.integers(total)] if total else np.zeros(4, dtype=np.uint64)
            query = _near(rng, target, int(rng.integers(0, 40)))
            for threshold in (31, int(rng.integers(0, 60))):
                expected = brute_force(ids[rows], codes[rows], query, threshold)
                assert mapped.search(query, threshold) == expected
                assert fresh.search(query, threshold) == expected
        live_ids, live_codes = mapped.live_entries()
        assert sorted(live_ids.tolist()) == sorted(ids[rows].tolist())
        del base, mapped  # unmap before the folder goes


def test_removing_an_unknown_id_is_false(tmp_path: Path) -> None:
    codes = np.random.default_rng(1).integers(0, 2**64, size=(3, 4), dtype=np.uint64, endpoint=False)
    snapshot.write(tmp_path, [5, 7, 9], codes, marker=0)
    mapped = MappedIndex(snapshot.read(tmp_path)[0])
    assert not mapped.remove(6) and not mapped.remove(10) and not mapped.remove(1)
    assert mapped.remove(7) and 7 not in mapped and len(mapped) == 2
