"""The numba kernels behind the index: tables equal to an argsort's, merges equal to a rebuild,
and searches that stay exact whatever the order within a bucket or the number of matches."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from glasna.matching import index_kernels
from glasna.matching.index import STARTS, HashIndex, brute_force, ideal_bits, words_to_hex


def _codes(rng: np.random.Generator, n: int, distinct: int) -> np.ndarray:
    # Drawn from a small pool: many equal prefixes, so buckets of several rows are tested too.
    pool = rng.integers(0, 2**64, size=(max(1, distinct), 4), dtype=np.uint64, endpoint=False)
    return pool[rng.integers(0, len(pool), size=n)]


def _numpy_keys(codes: np.ndarray, start: int, bits: int) -> np.ndarray:
    """The 256 bits as a Python int, cut with shifts: independent of both implementations."""
    values = [int.from_bytes(row.astype(">u8").tobytes(), "big") for row in codes]
    return np.array([(v >> (256 - start - bits)) & ((1 << bits) - 1) for v in values], dtype=np.int64)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(0, 600), distinct=st.integers(1, 600), bits=st.integers(16, 23))
def test_tables_hold_the_argsort_buckets(seed: int, n: int, distinct: int, bits: int) -> None:
    codes = _codes(np.random.default_rng(seed), n, distinct)
    packed, offsets = index_kernels.build_tables(codes, STARTS, bits)
    assert packed.shape == (len(STARTS), n, 3) and packed.dtype == np.uint8  # 24-bit row numbers
    order = index_kernels.unpack_rows(packed)
    for c, start in enumerate(STARTS):
        keys = _numpy_keys(codes, start, bits)
        assert offsets[c, 0] == 0 and offsets[c, -1] == n
        assert np.array_equal(offsets[c, 1:], np.cumsum(np.bincount(keys, minlength=1 << bits)))
        reference = np.argsort(keys, kind="stable")
        for key in np.unique(keys):  # each bucket holds exactly its rows ...
            bucket = order[c, offsets[c, key] : offsets[c, key + 1]]
            assert set(bucket.tolist()) == set(np.flatnonzero(keys == key).tolist())
        # ... in ascending order, so the tables are deterministic: the stable argsort's, exactly.
        assert np.array_equal(order[c], reference)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(0, 400), tail=st.integers(1, 300), distinct=st.integers(1, 700))
def test_merging_a_tail_equals_building_everything(seed: int, n: int, tail: int, distinct: int) -> None:
    codes = _codes(np.random.default_rng(seed), n + tail, distinct)
    bits = ideal_bits(n + tail)
    order, offsets = index_kernels.build_tables(codes[:n], STARTS, bits)
    merged = index_kernels.merge_tail(codes, n, STARTS, bits, order, offsets)
    full_order, full_offsets = index_kernels.build_tables(codes, STARTS, bits)
    assert np.array_equal(merged, full_order) and np.array_equal(offsets, full_offsets)


def test_order_within_a_bucket_does_not_change_answers() -> None:
    """Snapshots written by the argsort build (unstable within a bucket) are still served."""
    rng = np.random.default_rng(5)
    codes = _codes(rng, 3000, 900)
    ids = np.arange(3000, dtype=np.int64) * 7
    arrays, layout = HashIndex.build(ids, codes).tables()
    shuffled = arrays["order"].copy()
    offsets = index_kernels.unpack_offsets(arrays["offsets"], arrays["blocks"], layout["shift"])
    for c in range(len(STARTS)):
        bounds = offsets[c]
        for key in np.flatnonzero(np.diff(bounds.astype(np.int64)) > 1):
            rng.shuffle(shuffled[c, bounds[key] : bounds[key + 1]])
    assert not np.array_equal(shuffled, arrays["order"])
    index = HashIndex.from_tables({**arrays, "order": shuffled}, layout)
    for row in range(0, 3000, 150):
        query = words_to_hex(codes[row])[0]
        assert index.search(query, 31) == brute_force(ids, codes, query, 31)


def test_more_matches_than_the_first_buffer_are_all_returned() -> None:
    rng = np.random.default_rng(8)
    codes = np.concatenate([np.repeat(_codes(rng, 1, 1), 700, axis=0), _codes(rng, 300, 300)])
    ids = np.arange(1000, dtype=np.int64)
    index = HashIndex.build(ids[:900], codes[:900])
    index.add_many(ids[900:], codes[900:])  # some in the unsorted tail as well
    query = words_to_hex(codes[0])[0]
    result = index.search(query, 31)
    assert len(result) >= 700 and result == brute_force(ids, codes, query, 31)


@settings(max_examples=60, deadline=None)
@given(
    counts=st.lists(st.integers(0, 3), min_size=1 << 10, max_size=1 << 10),
    crowd=st.lists(st.tuples(st.integers(0, (1 << 10) - 1), st.integers(0, 200_000)), max_size=3),
)
def test_packed_offsets_unpack_exactly(counts: list[int], crowd: list[tuple[int, int]]) -> None:
    sizes = np.array(counts, dtype=np.int64)
    for bucket, size in crowd:  # the same hash thousands of times: a crowded bucket
        sizes[bucket] = size
    full = np.zeros((2, len(sizes) + 1), dtype=np.uint32)
    full[:, 1:] = np.cumsum(sizes)
    low, blocks, shift = index_kernels.pack_offsets(full)
    assert low.dtype == np.uint16 and blocks.shape == (2, (len(sizes) >> shift) + 1)
    assert np.array_equal(index_kernels.unpack_offsets(low, blocks, shift), full)
    # The widest blocks that fit two bytes: 256 buckets unless a block would pass 65,535 rows.
    widest = np.diff(full[0, :: 1 << index_kernels.MAX_SHIFT]).max()
    assert (shift == index_kernels.MAX_SHIFT) == (widest <= 65_535)


def test_a_bucket_of_seventy_thousand_copies_is_searched_exactly() -> None:
    rng = np.random.default_rng(9)
    codes = np.concatenate([np.repeat(_codes(rng, 1, 1), 70_000, axis=0), _codes(rng, 5_000, 5_000)])
    ids = np.arange(len(codes), dtype=np.int64)
    index = HashIndex.build(ids, codes)
    assert index._shift == 0  # no block of buckets fits two bytes: offsets all in the uint32 blocks
    for row in (0, 70_000, 72_000):
        query = words_to_hex(codes[row])[0]
        assert index.search(query, 31) == brute_force(ids, codes, query, 31)


def test_row_numbers_take_three_bytes_up_to_two_to_the_24th() -> None:
    assert index_kernels.row_bytes(10_000_000) == index_kernels.row_bytes(1 << 24) == 3
    assert index_kernels.row_bytes((1 << 24) + 1) == 4
    rows = np.array([[0, 1, 255, 256, 65_535, 70_000, (1 << 24) - 1]], dtype=np.uint32)
    packed = rows.astype("<u4").view(np.uint8).reshape(1, -1, 4)[:, :, :3]
    assert np.array_equal(index_kernels.unpack_rows(np.ascontiguousarray(packed)), rows)


def test_four_byte_row_numbers_build_and_search_the_same() -> None:
    """Past 2**24 rows a table entry takes four bytes: the same kernels, the same tables."""
    rng = np.random.default_rng(4)
    codes = _codes(rng, 5000, 4000)
    kernels = index_kernels._kernels()
    tables = {}
    for width in (3, 4):
        order = np.empty((len(STARTS), len(codes), width), dtype=np.uint8)
        offsets = np.empty((len(STARTS), (1 << 16) + 1), dtype=np.uint32)
        for c, start in enumerate(STARTS):
            kernels["build_chunk"](codes, start, 16, order[c], offsets[c])
        tables[width] = (index_kernels.unpack_rows(order), offsets, order)
    assert np.array_equal(tables[3][0], tables[4][0]) and np.array_equal(tables[3][1], tables[4][1])
    low, blocks, shift = index_kernels.pack_offsets(tables[4][1])
    masks = np.array([0, 1, 2], dtype=np.uint32)
    found = index_kernels.search(
        codes, tables[4][2], low, blocks, shift, None, np.array(STARTS), 16, masks, len(codes), codes[17], 0
    )
    assert 17 in found[0].tolist() and set(found[1].tolist()) == {0}
