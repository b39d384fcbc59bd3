"""The web process's warm-up compiles the index kernels before any lookup (a fresh interpreter,
because this test process may have compiled them already)."""

import os
import subprocess
import sys

import numpy as np
from django.conf import settings

from glasna.matching import warmup
from glasna.matching.index import HashIndex

PROBE = """
import os, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "glasna.settings")
django.setup()
from glasna.matching import index_kernels, warmup
kernels = index_kernels._kernels()
before = {name: len(kernels[name].signatures) for name in ("build_chunk", "search")}
thread = warmup.start()
if thread is not None:
    thread.join()
after = {name: len(kernels[name].signatures) for name in ("build_chunk", "search")}
print(before["build_chunk"], before["search"], after["build_chunk"], after["search"])
"""


def _run(env_value: str) -> list[int]:
    env = {**os.environ, "GLASNA_MATCHING_WARMUP": env_value}
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, cwd=settings.BASE_DIR.parent, capture_output=True, text=True, check=True
    )
    return [int(part) for part in done.stdout.split()[-4:]]


def test_start_compiles_the_build_and_search_kernels_in_a_fresh_process() -> None:
    before_build, before_search, after_build, after_search = _run("true")
    assert (before_build, before_search) == (0, 0)
    assert after_build >= 1 and after_search >= 1


def test_warmup_can_be_turned_off() -> None:
    assert _run("false") == [0, 0, 0, 0]


def test_compile_kernels_leaves_a_working_index() -> None:
    warmup.compile_kernels()  # no error, and the next search answers exactly

    codes = np.random.default_rng(1).integers(0, 2**63, size=(10, 4), dtype=np.uint64)
    assert HashIndex.build(np.arange(10), codes).search_words(codes[3], 0) == [(3, 0)]
