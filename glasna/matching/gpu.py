"""Exact batch matching (every query against every hash), on an NVIDIA GPU when one is usable.

Optional and never the default: the CPU path (`batch_cpu`, a numba kernel using the CPU's vector
popcount) is what Glasna runs, and `backend="numpy"` is the plain numpy reference it is checked
against; a GPU path is used only when asked for (`backend="torch"` or `"cupy"`, or `"auto"`) and that
library sees a CUDA device. The GPU kernels are portable array code: hashes as eight 32-bit lanes
held in int64 (torch has no unsigned 64-bit shifts), popcount by the SWAR bit trick. The same
code runs through numpy (`backend="swar-numpy"`), which is how it is tested without a GPU.

    .venv/bin/python bench/bench_gpu.py --queries 10000 --hashes 1000000 [--backend auto]
"""

from __future__ import annotations

import importlib
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from glasna.matching import batch_cpu
from glasna.matching.index import distances


@dataclass(frozen=True)
class BatchResult:
    query_rows: npt.NDArray[np.int64]
    hash_rows: npt.NDArray[np.int64]
    distances: npt.NDArray[np.int64]
    backend: str
    seconds: float

    def comparisons_per_second(self, n_queries: int, n_hashes: int) -> float:
        return n_queries * n_hashes / self.seconds if self.seconds else float("inf")


def _module(name: str) -> Any | None:
    try:
        return importlib.import_module(name)
    except Exception:  # noqa: BLE001 - a broken CUDA install must not break the CPU path
        return None


def available_backends() -> list[str]:
    found = ["cpu", "numpy", "swar-numpy"]
    torch = _module("torch")
    if torch is not None and torch.cuda.is_available():
        found.append("torch")
    cupy = _module("cupy")
    if cupy is not None:
        try:
            if cupy.cuda.runtime.getDeviceCount() > 0:
                found.append("cupy")
        except Exception:  # noqa: BLE001, S110 - no driver: simply not available
            pass
    return found


def _lanes(codes: npt.NDArray[np.uint64]) -> npt.NDArray[np.int64]:
    """(n, 4) uint64 -> (n, 8) int64 holding 32-bit halves (always non-negative)."""
    high = (codes >> np.uint64(32)).astype(np.int64)
    low = (codes & np.uint64(0xFFFFFFFF)).astype(np.int64)
    return np.stack([high, low], axis=2).reshape(len(codes), 8)


def swar_popcount(x: Any) -> Any:
    """Bits set in each non-negative 32-bit value held in an int64 array (numpy, torch or cupy)."""
    x = x - ((x >> 1) & 0x55555555)
    x = (x & 0x33333333) + ((x >> 2) & 0x33333333)
    x = (x + (x >> 4)) & 0x0F0F0F0F
    return ((x * 0x01010101) & 0xFFFFFFFF) >> 24


def _swar_block(xp: Any, q: Any, h: Any, threshold: int) -> tuple[Any, Any, Any]:
    dist = swar_popcount(q[:, None, :] ^ h[None, :, :]).sum(axis=2)
    hit = dist <= threshold
    rows, cols = xp.nonzero(hit) if xp.__name__ != "torch" else hit.nonzero(as_tuple=True)
    return rows, cols, dist[rows, cols]


def match_batch(
    queries: npt.NDArray[np.uint64],
    codes: npt.NDArray[np.uint64],
    threshold: int = 31,
    backend: str = "cpu",
    query_block: int = 64,
    hash_block: int = 1 << 18,
) -> BatchResult:
    """All (query, hash) pairs within `threshold` bits. `backend`: cpu (default), numpy (the
    reference), swar-numpy, torch, cupy, or auto (a GPU if one is usable, otherwise cpu)."""
    if backend == "auto":
        usable = [b for b in available_backends() if b in ("torch", "cupy")]
        backend = usable[0] if usable else "cpu"
    if backend not in available_backends():
        raise RuntimeError(f"backend {backend!r} is not usable here; available: {available_backends()}")
    start = time.perf_counter()
    if backend == "cpu":
        q_rows, h_rows, dists = batch_cpu.match(queries, codes, threshold)
    elif backend == "numpy":
        q_rows, h_rows, dists = _numpy(queries, codes, threshold, max(1, query_block // 8), hash_block)
    else:
        q_rows, h_rows, dists = _swar(backend, queries, codes, threshold, query_block, hash_block)
    order = np.lexsort((h_rows, q_rows))
    return BatchResult(q_rows[order], h_rows[order], dists[order], backend, time.perf_counter() - start)


def _numpy(
    queries: npt.NDArray[np.uint64], codes: npt.NDArray[np.uint64], threshold: int, q_block: int, h_block: int
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    out_q, out_h, out_d = [], [], []
    for h0 in range(0, len(codes), h_block):
        block = codes[h0 : h0 + h_block]
        for qi in range(len(queries)):
            dist = distances(block, queries[qi])
            hit = np.flatnonzero(dist <= threshold)
            if len(hit):
                out_q.append(np.full(len(hit), qi, dtype=np.int64))
                out_h.append(hit.astype(np.int64) + h0)
                out_d.append(dist[hit])
    return _join(out_q, out_h, out_d)


def _swar(
    backend: str,
    queries: npt.NDArray[np.uint64],
    codes: npt.NDArray[np.uint64],
    threshold: int,
    q_block: int,
    h_block: int,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    q_lanes, h_lanes = _lanes(queries), _lanes(codes)
    if backend == "torch":
        torch = importlib.import_module("torch")
        xp: Any = torch
        device_q = torch.from_numpy(q_lanes).cuda()
        device_h = torch.from_numpy(h_lanes).cuda()

        def to_host(a: Any) -> npt.NDArray[np.int64]:
            return np.asarray(a.cpu().numpy(), dtype=np.int64)

    elif backend == "cupy":
        xp = importlib.import_module("cupy")
        device_q, device_h = xp.asarray(q_lanes), xp.asarray(h_lanes)

        def to_host(a: Any) -> npt.NDArray[np.int64]:
            return np.asarray(xp.asnumpy(a), dtype=np.int64)

    else:
        xp, device_q, device_h = np, q_lanes, h_lanes

        def to_host(a: Any) -> npt.NDArray[np.int64]:
            return np.asarray(a, dtype=np.int64)

    out_q, out_h, out_d = [], [], []
    for q0 in range(0, len(queries), q_block):
        for h0 in range(0, len(codes), h_block):
            rows, cols, dist = _swar_block(xp, device_q[q0 : q0 + q_block], device_h[h0 : h0 + h_block], threshold)
            out_q.append(to_host(rows) + q0)
            out_h.append(to_host(cols) + h0)
            out_d.append(to_host(dist))
    return _join(out_q, out_h, out_d)


def _join(
    q: list[npt.NDArray[np.int64]], h: list[npt.NDArray[np.int64]], d: list[npt.NDArray[np.int64]]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    if not q:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty.copy(), empty.copy()
    return np.concatenate(q), np.concatenate(h), np.concatenate(d).astype(np.int64)
