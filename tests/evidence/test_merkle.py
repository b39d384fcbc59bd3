"""RFC 6962 Merkle trees, checked against a naive transcription of the RFC and the CT reference vectors."""

import hashlib
from collections.abc import Callable, Sequence
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glasna.evidence.merkle import (
    EMPTY_ROOT,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    tree_hash,
    verify_consistency,
    verify_inclusion,
)

MAX_LEAVES = 200

# --- RFC 6962 §2.1, transcribed naively: recursion and slicing, no shared code with the module.
# Generic in the node function, so that the same definitions give hashes (with `_node`) and the
# symbolic shape of a tree (with `_sym`), which says which wrong sizes a proof cannot tell apart.


def _rfc_leaf(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def _node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def _k(n: int) -> int:
    """The largest power of two smaller than n."""
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def _mth[T](d: Sequence[T], node: Callable[[T, T], T]) -> T:
    if len(d) == 1:
        return d[0]
    k = _k(len(d))
    return node(_mth(d[:k], node), _mth(d[k:], node))


def _rfc_root(d: Sequence[bytes]) -> bytes:
    return _mth(d, _node) if d else hashlib.sha256(b"").digest()


def _path[T](m: int, d: Sequence[T], node: Callable[[T, T], T]) -> list[T]:
    if len(d) == 1:
        return []
    k = _k(len(d))
    if m < k:
        return _path(m, d[:k], node) + [_mth(d[k:], node)]
    return _path(m - k, d[k:], node) + [_mth(d[:k], node)]


def _subproof[T](m: int, d: Sequence[T], b: bool, node: Callable[[T, T], T]) -> list[T]:
    if m == len(d):
        return [] if b else [_mth(d, node)]
    k = _k(len(d))
    if m <= k:
        return _subproof(m, d[:k], b, node) + [_mth(d[k:], node)]
    return _subproof(m - k, d[k:], False, node) + [_mth(d[:k], node)]


# --- Symbolic trees: what a verifier computes, written over the hashes it is given. Two (index,
# size) pairs with the same view hash the same inputs the same way, so no verifier can tell them
# apart: the size is bound by the signed tree head, not by the proof.

type Term = tuple[object, ...]


def _sym(left: Term, right: Term) -> Term:
    return ("node", left, right)


def _leaves(n: int) -> list[Term]:
    return [("leaf", i) for i in range(n)]


def _over(term: Term, known: dict[Term, Term]) -> Term:
    if term in known:
        return known[term]
    if term[0] == "node":
        _, left, right = term
        assert isinstance(left, tuple) and isinstance(right, tuple)
        return ("node", _over(left, known), _over(right, known))
    return ("unknown",)


@cache
def _inclusion_view(index: int, size: int) -> Term:
    d = _leaves(size)
    known: dict[Term, Term] = {term: ("proof", j) for j, term in enumerate(_path(index, d, _sym))}
    known[d[index]] = ("leaf",)
    return _over(_mth(d, _sym), known)


@cache
def _consistency_view(old: int, new: int) -> tuple[Term, Term]:
    d = _leaves(new)
    known: dict[Term, Term] = {term: ("proof", j) for j, term in enumerate(_subproof(old, d, True, _sym))}
    old_tree = _mth(d[:old], _sym)
    # The verifier holds the old root; it rebuilds it from the proof unless the old tree is
    # complete (a power of two), which the RFC leaves out of the proof.
    old_view = ("old root",) if old & (old - 1) == 0 else _over(old_tree, known)
    return old_view, _over(_mth(d, _sym), {**known, old_tree: ("old root",)})


# --- Strategies and tampering helpers.


@st.composite
def leaf_lists(draw: st.DrawFn, min_size: int = 0, unique: bool = False) -> list[bytes]:
    # Sizes are drawn uniformly: Hypothesis' own list sizes crowd below ten, and the RFC's
    # recursion only shows its ragged shapes in larger trees.
    size = draw(st.integers(min_size, MAX_LEAVES))
    return draw(st.lists(st.binary(max_size=8), min_size=size, max_size=size, unique=unique))


def _flip(value: bytes, bit: int) -> bytes:
    flipped = bytearray(value)
    flipped[bit // 8 % len(value)] ^= 1 << (bit % 8)
    return bytes(flipped)


def _replaced(proof: list[bytes], j: int, element: bytes) -> list[bytes]:
    return [*proof[:j], element, *proof[j + 1 :]]


def _hashes(leaves: list[bytes]) -> list[bytes]:
    return [leaf_hash(leaf) for leaf in leaves]


# --- Agreement with the RFC definition.


@given(st.binary(max_size=64))
def test_leaf_hash_is_rfc_leaf_hash(data: bytes) -> None:
    assert leaf_hash(data) == _rfc_leaf(data)


@given(leaf_lists())
def test_root_equals_naive_rfc_root(leaves: list[bytes]) -> None:
    hashes = _hashes(leaves)
    assert tree_hash(hashes) == _rfc_root(hashes)


def test_empty_tree_root_is_sha256_of_nothing() -> None:
    assert tree_hash([]) == EMPTY_ROOT == hashlib.sha256(b"").digest()


@given(leaf_lists(min_size=1))
@settings(deadline=None, max_examples=30)  # each example is O(n²) hashing
def test_every_inclusion_proof_is_the_rfc_path_and_verifies(leaves: list[bytes]) -> None:
    hashes = _hashes(leaves)
    root = tree_hash(hashes)
    for index in range(len(hashes)):
        proof = inclusion_proof(hashes, index)
        assert proof == _path(index, hashes, _node)
        assert verify_inclusion(index, len(hashes), hashes[index], proof, root)


@given(leaf_lists())
@settings(deadline=None, max_examples=30)  # each example is O(n²) hashing
def test_every_consistency_proof_is_the_rfc_proof_and_verifies(leaves: list[bytes]) -> None:
    hashes = _hashes(leaves)
    new_root = tree_hash(hashes)
    for old_size in range(len(hashes) + 1):
        proof = consistency_proof(hashes, old_size)
        if 0 < old_size < len(hashes):
            assert proof == _subproof(old_size, hashes, True, _node)
        else:
            assert proof == []
        assert verify_consistency(old_size, len(hashes), tree_hash(hashes[:old_size]), new_root, proof)


def test_consistency_between_every_pair_of_small_sizes() -> None:
    hashes = _hashes([i.to_bytes(2, "big") for i in range(70)])
    roots = [_rfc_root(hashes[:n]) for n in range(len(hashes) + 1)]
    for new_size in range(len(hashes) + 1):
        for old_size in range(new_size + 1):
            proof = consistency_proof(hashes[:new_size], old_size)
            assert verify_consistency(old_size, new_size, roots[old_size], roots[new_size], proof)


def test_large_tree() -> None:
    """100k leaves: proofs come from O(n) hashing, with no recursion over the leaves."""
    hashes = _hashes([i.to_bytes(4, "big") for i in range(100_003)])
    root = tree_hash(hashes)
    for index in (0, 65_536, 100_002):
        assert verify_inclusion(index, len(hashes), hashes[index], inclusion_proof(hashes, index), root)
    old_root = tree_hash(hashes[:65_537])
    assert verify_consistency(65_537, len(hashes), old_root, root, consistency_proof(hashes, 65_537))


# --- Known answers: the certificate-transparency reference vectors (C++/Go CT, Trillian).

CT_LEAVES = [
    b"",
    b"\x00",
    b"\x10",
    b"\x20\x21",
    b"\x30\x31",
    b"\x40\x41\x42\x43",
    bytes(range(0x50, 0x58)),
    bytes(range(0x60, 0x70)),
]
CT_ROOTS = [  # by tree size, 0..8
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
CT_INCLUSION = [  # (leaf index, tree size, path)
    (
        0,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        5,
        8,
        [
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (
        1,
        5,
        [
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
]
CT_CONSISTENCY = [  # (old size, new size, proof)
    (
        1,
        8,
        [
            "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
        ],
    ),
    (
        6,
        8,
        [
            "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        ],
    ),
    (
        2,
        5,
        [
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        ],
    ),
]


def test_reference_roots() -> None:
    hashes = _hashes(CT_LEAVES)
    assert [tree_hash(hashes[:size]).hex() for size in range(9)] == CT_ROOTS


@pytest.mark.parametrize(("index", "size", "path"), CT_INCLUSION)
def test_reference_inclusion_proofs(index: int, size: int, path: list[str]) -> None:
    hashes = _hashes(CT_LEAVES[:size])
    assert [h.hex() for h in inclusion_proof(hashes, index)] == path
    assert verify_inclusion(index, size, hashes[index], [bytes.fromhex(h) for h in path], bytes.fromhex(CT_ROOTS[size]))


@pytest.mark.parametrize(("old_size", "new_size", "proof"), CT_CONSISTENCY)
def test_reference_consistency_proofs(old_size: int, new_size: int, proof: list[str]) -> None:
    hashes = _hashes(CT_LEAVES[:new_size])
    assert [h.hex() for h in consistency_proof(hashes, old_size)] == proof
    old_root, new_root = bytes.fromhex(CT_ROOTS[old_size]), bytes.fromhex(CT_ROOTS[new_size])
    assert verify_consistency(old_size, new_size, old_root, new_root, [bytes.fromhex(h) for h in proof])


# --- Tampering. Leaves are unique here: with two equal leaves, "wrong index" can be a true statement.


@given(leaf_lists(min_size=1, unique=True), st.data())
@settings(deadline=None)
def test_tampered_inclusion_proof_fails(leaves: list[bytes], data: st.DataObject) -> None:
    hashes = _hashes(leaves)
    size, root = len(hashes), tree_hash(hashes)
    index = data.draw(st.integers(0, size - 1), label="index")
    leaf, proof = hashes[index], inclusion_proof(hashes, index)
    bit = data.draw(st.integers(0, 255), label="bit")
    assert verify_inclusion(index, size, leaf, proof, root)

    for j, element in enumerate(proof):
        assert not verify_inclusion(index, size, leaf, _replaced(proof, j, _flip(element, bit)), root)
    assert not verify_inclusion(index, size, _flip(leaf, bit), proof, root)
    assert not verify_inclusion(index, size, leaf, proof, _flip(root, bit))
    for extra in (root, leaf, EMPTY_ROOT):
        assert not verify_inclusion(index, size, leaf, [*proof, extra], root)
        assert not verify_inclusion(index, size, leaf, [extra, *proof], root)
    if proof:
        assert not verify_inclusion(index, size, leaf, proof[:-1], root)
        assert not verify_inclusion(index, size, leaf, proof[1:], root)


@given(leaf_lists(min_size=2, unique=True), st.data())
@settings(deadline=None)
def test_inclusion_proof_fails_for_another_index(leaves: list[bytes], data: st.DataObject) -> None:
    hashes = _hashes(leaves)
    size, root = len(hashes), tree_hash(hashes)
    index = data.draw(st.integers(0, size - 1), label="index")
    other = data.draw(st.integers(-1, size + 1).filter(lambda i: i != index), label="other index")
    assert not verify_inclusion(other, size, hashes[index], inclusion_proof(hashes, index), root)


@given(leaf_lists(min_size=1, unique=True), st.data())
@settings(deadline=None)
def test_inclusion_proof_fails_for_another_size_of_another_shape(leaves: list[bytes], data: st.DataObject) -> None:
    hashes = _hashes(leaves)
    size, root = len(hashes), tree_hash(hashes)
    index = data.draw(st.integers(0, size - 1), label="index")
    proof = inclusion_proof(hashes, index)
    candidates = st.sampled_from([size - 1, size + 1, size * 2, size // 2, 0]) | st.integers(0, 2 * MAX_LEAVES)
    other = data.draw(candidates.filter(lambda n: n != size), label="other size")
    expected = index < other and _inclusion_view(index, other) == _inclusion_view(index, size)
    assert verify_inclusion(index, other, hashes[index], proof, root) is expected


def test_a_proof_does_not_pin_the_tree_size() -> None:
    """Leaf 0's path in 4 leaves, [b, H(c, d)], reads as a path in 3 leaves with H(c, d) as leaf c.

    Inherent in RFC 9162 verification (Trillian's verifier agrees): the size must come from a
    signed tree head, never from whoever supplies the proof."""
    a, b, c, d = _hashes([b"a", b"b", b"c", b"d"])
    proof = inclusion_proof([a, b, c, d], 0)
    root = tree_hash([a, b, c, d])
    assert verify_inclusion(0, 3, a, proof, root)
    assert _inclusion_view(0, 3) == _inclusion_view(0, 4)


def test_wrong_sizes_in_small_trees_pass_only_when_shapes_coincide() -> None:
    """Exhaustively, so that the coincidences (hundreds of them) are surely exercised."""
    for size in range(1, 17):
        hashes = _hashes([bytes([i]) for i in range(size)])
        root = tree_hash(hashes)
        for index in range(size):
            proof = inclusion_proof(hashes, index)
            for other in range(33):
                expected = other == size or (
                    index < other and _inclusion_view(index, other) == _inclusion_view(index, size)
                )
                assert verify_inclusion(index, other, hashes[index], proof, root) is expected
    for new_size in range(2, 13):
        hashes = _hashes([bytes([i]) for i in range(new_size)])
        new_root = tree_hash(hashes)
        for old_size in range(1, new_size):
            proof, old_root = consistency_proof(hashes, old_size), tree_hash(hashes[:old_size])
            for other_new in range(25):
                for other_old in range(other_new + 2):
                    same = (other_old, other_new) == (old_size, new_size)
                    coincide = 0 < other_old < other_new and _consistency_view(
                        other_old, other_new
                    ) == _consistency_view(old_size, new_size)
                    assert verify_consistency(other_old, other_new, old_root, new_root, proof) is (same or coincide)


@given(leaf_lists(min_size=2, unique=True), st.data())
@settings(deadline=None)
def test_tampered_consistency_proof_fails(leaves: list[bytes], data: st.DataObject) -> None:
    hashes = _hashes(leaves)
    new_size, new_root = len(hashes), tree_hash(hashes)
    old_size = data.draw(st.integers(1, new_size - 1), label="old size")
    old_root, proof = tree_hash(hashes[:old_size]), consistency_proof(hashes, old_size)
    bit = data.draw(st.integers(0, 255), label="bit")
    assert verify_consistency(old_size, new_size, old_root, new_root, proof)

    for j, element in enumerate(proof):
        assert not verify_consistency(old_size, new_size, old_root, new_root, _replaced(proof, j, _flip(element, bit)))
    assert not verify_consistency(old_size, new_size, _flip(old_root, bit), new_root, proof)
    assert not verify_consistency(old_size, new_size, old_root, _flip(new_root, bit), proof)
    assert not verify_consistency(old_size, new_size, new_root, old_root, proof)
    assert not verify_consistency(old_size, new_size, old_root, new_root, [])
    assert not verify_consistency(old_size, new_size, old_root, new_root, proof[:-1])
    assert not verify_consistency(old_size, new_size, old_root, new_root, proof[1:])
    for extra in (old_root, new_root, EMPTY_ROOT, proof[0]):
        assert not verify_consistency(old_size, new_size, old_root, new_root, [*proof, extra])
        assert not verify_consistency(old_size, new_size, old_root, new_root, [extra, *proof])


@given(leaf_lists(min_size=2, unique=True), st.data())
@settings(deadline=None)
def test_consistency_proof_fails_for_other_sizes_of_another_shape(leaves: list[bytes], data: st.DataObject) -> None:
    hashes = _hashes(leaves)
    new_size, new_root = len(hashes), tree_hash(hashes)
    old_size = data.draw(st.integers(1, new_size - 1), label="old size")
    old_root, proof = tree_hash(hashes[:old_size]), consistency_proof(hashes, old_size)
    other_old = data.draw(
        st.sampled_from([old_size, old_size - 1, old_size + 1, old_size ^ 2]) | st.integers(-1, new_size + 1)
    )
    other_new = data.draw(
        st.sampled_from([new_size, new_size - 1, new_size + 1, new_size * 2, new_size // 2])
        | st.integers(0, 2 * MAX_LEAVES)
    )
    if (other_old, other_new) == (old_size, new_size):
        return
    expected = 0 < other_old < other_new and _consistency_view(other_old, other_new) == _consistency_view(
        old_size, new_size
    )
    assert verify_consistency(other_old, other_new, old_root, new_root, proof) is expected


# --- Edge cases and malformed input.


def test_trivial_consistency() -> None:
    hashes = _hashes([b"a", b"b", b"c"])
    root = tree_hash(hashes)
    assert verify_consistency(0, 3, EMPTY_ROOT, root, [])
    assert verify_consistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, [])
    assert verify_consistency(3, 3, root, root, [])
    assert not verify_consistency(0, 3, root, root, [])  # an empty tree has one root
    assert not verify_consistency(0, 0, EMPTY_ROOT, root, [])
    assert not verify_consistency(0, 3, EMPTY_ROOT, root, [root])
    assert not verify_consistency(3, 3, root, _flip(root, 0), [])
    assert not verify_consistency(3, 3, root, root, [root])
    assert not verify_consistency(3, 2, root, root, [])


def test_proof_construction_rejects_bad_arguments() -> None:
    hashes = _hashes([b"a", b"b"])
    for index in (-1, 2):
        with pytest.raises(ValueError, match="outside"):
            inclusion_proof(hashes, index)
    with pytest.raises(ValueError, match="outside"):
        inclusion_proof([], 0)
    for old_size in (-1, 3):
        with pytest.raises(ValueError, match="outside"):
            consistency_proof(hashes, old_size)
    with pytest.raises(ValueError, match="32-byte"):
        tree_hash([b"a", b"b"])  # data instead of leaf hashes


def test_single_leaf_tree() -> None:
    leaf = leaf_hash(b"data")
    assert tree_hash([leaf]) == leaf
    assert verify_inclusion(0, 1, leaf, [], leaf)
    assert not verify_inclusion(0, 1, leaf, [leaf], leaf)
    assert not verify_inclusion(1, 1, leaf, [], leaf)
    assert not verify_inclusion(0, 0, leaf, [], leaf)


_H = leaf_hash(b"x")
_junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, 1, 2, 3, 7, 8, 2**64 - 1, 2**64]),
    st.floats(),
    st.text(max_size=4),
    st.binary(max_size=40),
    st.just(_H),
    st.just(bytearray(_H)),
    st.lists(st.one_of(st.just(_H), st.binary(max_size=40), st.none(), st.integers()), max_size=70),
    st.just([_H] * 1000),
    st.just(range(3)),
)


@given(_junk, _junk, _junk, _junk, _junk)
def test_verifiers_never_raise(a: object, b: object, c: object, d: object, e: object) -> None:
    # Deliberately ill-typed: the verifiers read untrusted bundles.
    assert verify_inclusion(a, b, c, d, e) in (True, False)  # type: ignore[arg-type]
    assert verify_consistency(a, b, c, d, e) in (True, False)  # type: ignore[arg-type]


def test_verifiers_reject_lookalike_types() -> None:
    leaves = _hashes([b"a", b"b"])
    root, proof = tree_hash(leaves), inclusion_proof(leaves, 0)
    assert verify_inclusion(0, 2, leaves[0], proof, root)
    assert not verify_inclusion(True, 2, leaves[1], [leaves[0]], root)  # a bool is no index
    assert not verify_inclusion(0, 2, bytearray(leaves[0]), proof, root)  # type: ignore[arg-type]  # on purpose
    assert not verify_inclusion(0, 2, leaves[0], b"".join(proof), root)  # type: ignore[arg-type]  # bytes, not a list
    assert not verify_inclusion(0, 2, leaves[0], proof, root.hex())  # type: ignore[arg-type]  # on purpose
    assert not verify_inclusion(0, 2**64, leaves[0], proof, root)
    assert not verify_consistency(1, 2**64, leaves[0], root, [leaves[1]])


# --- Ranges: the roots tiling a prefix, then every leaf from there (bundle completeness) -------------------


@given(leaf_lists(), st.data())
@settings(max_examples=200)
def test_a_range_with_its_prefix_frontier_rebuilds_the_naive_root(leaves: list[bytes], data: st.DataObject) -> None:
    from glasna.evidence import verify_bundle
    from glasna.evidence.merkle import prefix_frontier, root_from_range

    hashes = [_rfc_leaf(leaf) for leaf in leaves]
    first = data.draw(st.integers(0, len(hashes)))
    frontier = prefix_frontier(hashes, first)
    assert frontier == [_rfc_root(hashes[a:b]) for a, b in _tiles(first)]  # brute force: each tile's own root
    assert root_from_range(first, frontier, hashes[first:]) == _rfc_root(hashes)
    assert verify_bundle.root_from_range(first, frontier, hashes[first:]) == _rfc_root(hashes)


@given(leaf_lists(min_size=1, unique=True), st.data())
@settings(max_examples=200)
def test_a_range_with_a_leaf_left_out_does_not_rebuild_the_root(leaves: list[bytes], data: st.DataObject) -> None:
    from glasna.evidence import verify_bundle
    from glasna.evidence.merkle import prefix_frontier, root_from_range

    hashes = [_rfc_leaf(leaf) for leaf in leaves]
    first = data.draw(st.integers(0, len(hashes) - 1))
    gone = data.draw(st.integers(first, len(hashes) - 1))
    frontier = prefix_frontier(hashes, first)
    shorter = hashes[first:gone] + hashes[gone + 1 :]
    assert root_from_range(first, frontier, shorter) != _rfc_root(hashes)
    assert verify_bundle.root_from_range(first, frontier, shorter) != _rfc_root(hashes)


def test_range_roots_refuse_malformed_input() -> None:
    from glasna.evidence.merkle import prefix_frontier, root_from_range

    hashes = [_rfc_leaf(bytes([i])) for i in range(5)]
    assert root_from_range(3, [hashes[0]], hashes[3:]) is None  # 3 needs two tiles
    assert root_from_range(0, [], [b"short"]) is None
    assert root_from_range(0, [], []) == EMPTY_ROOT
    with pytest.raises(ValueError):
        prefix_frontier(hashes, 6)


def _tiles(first: int) -> list[tuple[int, int]]:
    """The complete subtrees tiling [0, first), largest first: one per set bit."""
    tiles, start = [], 0
    for bit in range(first.bit_length() - 1, -1, -1):
        if first >> bit & 1:
            tiles.append((start, start + (1 << bit)))
            start += 1 << bit
    return tiles
