"""Compile the index's numba kernels before the first lookup needs them.

The kernels (`index_kernels.py`) are compiled on a process's first use: 1.5-2 s of CPU, which
would otherwise fall on the first platform lookup a web worker serves. Web processes call
`start()` (glasna/wsgi.py), which compiles them on a background thread while the worker begins
serving; management commands and tests do not, so they pay only when they search."""

import logging
import threading

import numpy as np
from django.conf import settings

from glasna.matching.index import HashIndex, words_to_hex

log = logging.getLogger(__name__)


def compile_kernels() -> None:
    """Build a small index and search it once: every kernel a build and a lookup use is compiled."""
    rng = np.random.default_rng(0)
    codes = rng.integers(0, 2**63, size=(64, 4), dtype=np.uint64)
    index = HashIndex.build(np.arange(64), codes)
    index.search(words_to_hex(codes[:1])[0], 31)  # the path a lookup takes


def _compile_quietly() -> None:
    try:
        compile_kernels()
    except Exception:  # a warm-up that fails leaves the kernels to compile on first use
        log.exception("matching kernels: warm-up failed")


def start() -> threading.Thread | None:
    if not settings.GLASNA_MATCHING_WARMUP:
        return None
    thread = threading.Thread(target=_compile_quietly, name="matching-warmup", daemon=True)
    thread.start()
    return thread
