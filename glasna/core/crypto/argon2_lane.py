"""The Argon2id lane (docs/decisions/0013): at most GLASNA_ARGON2_CONCURRENCY hashes at once in this
process, run on dedicated threads that lowered their own CPU priority (GLASNA_ARGON2_NICE).

argon2-cffi releases the GIL while hashing, so a threaded worker's other threads serve pages and
lookups meanwhile; hashes beyond the cores would only slow each other down. With the lane's
threads niced, the kernel also hands the cores to those cheap requests first, and the hashes take
what is left. An unprivileged thread may lower its priority but never raise it back, hence threads
of their own rather than the request's. Where per-thread priority is not available (not Linux) or
the setting is 0, the hash runs on the caller's thread under the same bound, as before."""

import logging
import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from django.conf import settings

log = logging.getLogger(__name__)
T = TypeVar("T")


def per_thread_priority() -> bool:
    """Linux applies setpriority(PRIO_PROCESS, tid) to that one thread; elsewhere it would reach
    the whole process or nothing."""
    return sys.platform == "linux" and hasattr(os, "setpriority")


def _lower_own_priority(nice: int) -> None:
    tid = threading.get_native_id()
    try:
        os.setpriority(os.PRIO_PROCESS, tid, max(os.getpriority(os.PRIO_PROCESS, tid), nice))
    except OSError as exc:  # a sandbox may forbid it: the hashes still run, at the usual priority
        log.warning("argon2 lane thread kept its priority: %s", exc)


class Lane:
    def __init__(self, size: int, nice: int) -> None:
        self.size = size
        self.nice = nice if per_thread_priority() else 0
        self.turns = threading.BoundedSemaphore(size)
        self._threads = (
            ThreadPoolExecutor(size, "argon2-lane", initializer=_lower_own_priority, initargs=(self.nice,))
            if self.nice > 0
            else None
        )

    def run(self, work: Callable[..., T], *args: object) -> T:
        """work(*args) in its turn; its exception, if any, is raised here."""
        with self.turns:  # the semaphore keeps the executor's queue empty: a turn is a free thread
            if self._threads is None:
                return work(*args)
            return self._threads.submit(work, *args).result()

    def close(self) -> None:
        if self._threads is not None:
            self._threads.shutdown(wait=False)


_lane: Lane | None = None
_lane_lock = threading.Lock()


def lane() -> Lane:
    """This process's lane, made on first use from the settings."""
    global _lane
    with _lane_lock:
        if _lane is None:
            _lane = Lane(settings.GLASNA_ARGON2_CONCURRENCY, settings.GLASNA_ARGON2_NICE)
        return _lane


def reset() -> None:
    """Forget the lane (tests changing the settings; a forked child, whose copy has no threads)."""
    global _lane, _lane_lock
    _lane_lock = threading.Lock()  # a fork may have copied it held
    _lane = None


os.register_at_fork(after_in_child=reset)
