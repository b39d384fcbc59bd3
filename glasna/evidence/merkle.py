"""RFC 6962 Merkle trees for the custody log: tree hashes, audit paths and consistency proofs.

Hashing and proof construction follow RFC 6962 §2.1 to the letter, so that any Certificate
Transparency tooling can check Glasna's log; the verifiers are RFC 9162 §2.1.3.2 and §2.1.4.2.
See DESIGN.md beside this file."""

import hashlib
from collections.abc import Sequence
from itertools import islice

HASH_BYTES = 32
MAX_TREE_SIZE = 2**64 - 1  # sizes travel as 8-byte unsigned integers in signed tree heads
EMPTY_ROOT = hashlib.sha256(b"").digest()

_LEAF_PREFIX = b"\x00"
_NODE_PREFIX = b"\x01"


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(_LEAF_PREFIX + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(_NODE_PREFIX + left + right).digest()


def tree_hash(leaf_hashes: Sequence[bytes]) -> bytes:
    """MTH(D[n]): the root of the tree over these leaf hashes."""
    if not leaf_hashes:
        return EMPTY_ROOT
    return _levels(leaf_hashes)[-1][0]


def inclusion_proof(leaf_hashes: Sequence[bytes], index: int) -> list[bytes]:
    """PATH(index, D[n]) (RFC 6962 §2.1.1): the audit path of one leaf, its nearest sibling first."""
    size = len(leaf_hashes)
    if not 0 <= index < size:
        raise ValueError(f"leaf index {index} is outside a tree of {size} leaves")
    levels = _levels(leaf_hashes)
    start, end = 0, size
    siblings = []  # collected from the root down; the RFC lists them from the leaf up
    while end - start > 1:
        k = _split(end - start)
        if index < start + k:
            siblings.append(_subtree(levels, start + k, end))
            end = start + k
        else:
            siblings.append(_subtree(levels, start, start + k))
            start += k
    siblings.reverse()
    return siblings


def consistency_proof(leaf_hashes: Sequence[bytes], old_size: int) -> list[bytes]:
    """PROOF(old_size, D[n]) (RFC 6962 §2.1.2): that the first old_size leaves are a prefix of these.

    The RFC defines proofs for 0 < old_size < n; for 0 and n the proof is empty, as in RFC 9162."""
    size = len(leaf_hashes)
    if not 0 <= old_size <= size:
        raise ValueError(f"old size {old_size} is outside 0..{size}")
    if old_size in (0, size):
        return []
    levels = _levels(leaf_hashes)
    start, end = 0, size
    known = True  # the RFC's b: the old tree is the subtree in hand, which the verifier already has
    nodes = []  # collected from the root down; SUBPROOF lists them from the deepest up
    while end != old_size:
        k = _split(end - start)
        if old_size <= start + k:
            nodes.append(_subtree(levels, start + k, end))
            end = start + k
        else:
            nodes.append(_subtree(levels, start, start + k))
            start += k
            known = False
    if not known:
        nodes.append(_subtree(levels, start, end))
    nodes.reverse()
    return nodes


def prefix_frontier(leaf_hashes: Sequence[bytes], first: int) -> list[bytes]:
    """The roots of the complete subtrees that tile leaves [0, first), largest (leftmost) first: one per
    set bit of `first`. With them and every leaf hash from `first` on, a verifier recomputes the root
    (root_from_range) and so knows that it was shown every leaf of that range, none left out."""
    if not 0 <= first <= len(leaf_hashes):
        raise ValueError(f"first leaf {first} is outside 0..{len(leaf_hashes)}")
    levels = _levels(leaf_hashes) if leaf_hashes else [[]]
    frontier, start = [], 0
    for height in range(first.bit_length() - 1, -1, -1):
        if first >> height & 1:
            frontier.append(levels[height][start >> height])
            start += 1 << height
    return frontier


def root_from_range(first: int, frontier: Sequence[bytes], range_hashes: Sequence[bytes]) -> bytes | None:
    """The root of the tree whose leaves [0, first) are tiled by `frontier` (prefix_frontier) and whose
    leaves from `first` on are `range_hashes`; None for malformed input."""
    if not (_is_size(first) and _is_proof(frontier) and _is_proof(range_hashes)):
        return None
    if len(frontier) != bin(first).count("1") or not all(_is_hash(h) for h in [*frontier, *range_hashes]):
        return None
    size = first + len(range_hashes)
    if size == 0:
        return EMPTY_ROOT
    # Level by level, the nodes known: level h, position j covers leaves [j * 2**h, (j + 1) * 2**h).
    level: dict[int, bytes] = {first + i: h for i, h in enumerate(range_hashes)}
    count, height, start = size, 0, 0
    tiles = iter(frontier)
    bits = [b for b in range(first.bit_length() - 1, -1, -1) if first >> b & 1]
    placed = {}
    for bit in bits:
        placed[(bit, start >> bit)] = next(tiles)
        start += 1 << bit
    while True:
        level.update({j: h for (b, j), h in placed.items() if b == height})
        if count == 1:
            return level.get(0)
        parent: dict[int, bytes] = {}
        for j in range(0, count, 2):
            if j + 1 < count:
                if j in level and j + 1 in level:
                    parent[j // 2] = node_hash(level[j], level[j + 1])
            elif j in level:
                parent[j // 2] = level[j]  # an unpaired last node is carried up unchanged
        level, count, height = parent, (count + 1) // 2, height + 1


def verify_inclusion(index: int, tree_size: int, leaf_hash: bytes, proof: Sequence[bytes], root: bytes) -> bool:
    """RFC 9162 §2.1.3.2: does `proof` show `leaf_hash` at `index` in the tree of `tree_size` with `root`?

    Malformed input of any kind answers False rather than raising: callers feed it untrusted bundles."""
    if not (_is_size(index) and _is_size(tree_size) and index < tree_size):
        return False
    if not (_is_hash(leaf_hash) and _is_hash(root) and _is_proof(proof)):
        return False
    fn, sn = index, tree_size - 1
    r = leaf_hash
    for p in proof:
        if sn == 0 or not _is_hash(p):
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while fn and not fn & 1:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


def verify_consistency(old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]) -> bool:
    """RFC 9162 §2.1.4.2: does `proof` show the tree (old_size, old_root) is a prefix of (new_size, new_root)?

    Malformed input of any kind answers False rather than raising."""
    if not (_is_size(old_size) and _is_size(new_size) and old_size <= new_size):
        return False
    if not (_is_hash(old_root) and _is_hash(new_root) and _is_proof(proof)):
        return False
    if old_size == 0:  # the empty tree is a prefix of every tree; only its root is fixed
        return not proof and old_root == EMPTY_ROOT and (new_size > 0 or new_root == EMPTY_ROOT)
    if old_size == new_size:
        return not proof and old_root == new_root
    if not proof:
        return False
    if old_size & (old_size - 1) == 0:
        # A complete old tree is a node of the new one; the RFC leaves it out of the proof.
        first, rest = old_root, iter(proof)
    else:
        first, rest = proof[0], islice(proof, 1, None)
    if not _is_hash(first):
        return False
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = first
    for c in rest:
        if sn == 0 or not _is_hash(c):
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while fn and not fn & 1:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and fr == old_root and sr == new_root


def _split(n: int) -> int:
    """The RFC's k: the largest power of two smaller than n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def _levels(leaf_hashes: Sequence[bytes]) -> list[list[bytes]]:
    """Every node of the tree, bottom up: levels[h][j] = MTH(D[j*2**h : min((j+1)*2**h, n)]).

    Pairing neighbours and carrying an unpaired last node up unchanged is the RFC's split at
    the largest power of two below n, computed without recursion in O(n)."""
    level = list(leaf_hashes)
    if not all(_is_hash(h) for h in level):
        raise ValueError(f"leaf hashes must be {HASH_BYTES}-byte SHA-256 digests")
    levels = [level]
    while len(level) > 1:
        paired = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
        levels.append(level)
    return levels


def _subtree(levels: list[list[bytes]], start: int, end: int) -> bytes:
    """MTH(D[start:end]) for a subtree the RFC's recursion visits.

    Those are aligned: start is a multiple of the smallest power of two >= end - start, and the
    range is complete or ends at n, so it is exactly one entry of `levels`."""
    height = (end - start - 1).bit_length()
    return levels[height][start >> height]


def _is_size(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_TREE_SIZE


def _is_hash(value: object) -> bool:
    return isinstance(value, bytes) and len(value) == HASH_BYTES


def _is_proof(value: object) -> bool:
    # bytes and str are sequences too; a proof passed as one is malformed, not a list of ints.
    return isinstance(value, Sequence) and not isinstance(value, bytes | bytearray | memoryview | str)
