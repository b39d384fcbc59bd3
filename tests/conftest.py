import os
import subprocess
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import translation


def _moved_clock_days() -> int:
    return int(os.environ.get("GLASNA_CLOCK_MOVED_DAYS", "0"))


if _moved_clock_days():
    _sleep = time.sleep

    def _sleep_on_a_condition(seconds: float) -> None:
        """libfaketime (scripts/with-moved-clock) turns Python's absolute monotonic sleeps into
        EINVAL; waiting on a condition uses another call that it leaves alone."""
        if seconds < 0:
            _sleep(seconds)  # raises as time.sleep does
        threading.Event().wait(seconds)

    time.sleep = _sleep_on_a_condition


def pytest_configure(config: pytest.Config) -> None:
    """In the moved-clock run, refuse to run on the real clock: a run that silently did not move
    it would prove nothing. Child processes (openssl, the glasna command) must see it too."""
    days = _moved_clock_days()
    if not days:
        return
    slack = 86_400  # the run may start just before midnight; a day's slack is still a moved clock
    real = int(os.environ["GLASNA_REAL_EPOCH"])
    child = int(subprocess.run(["date", "+%s"], capture_output=True, text=True, check=True).stdout)
    for who, now in (("pytest", time.time()), ("a child process", child)):
        if now - real < days * 86_400 - slack:
            raise pytest.UsageError(f"GLASNA_CLOCK_MOVED_DAYS={days}, but {who} sees the real clock")


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Rate-limit counters live in the cache: no test sees another's attempts."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english_outside_requests() -> Iterator[None]:
    """A request activates its page's language for the thread; unit tests start from English."""
    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture
def latest_schema_after() -> Iterator[None]:
    """For tests that migrate back and forth: the tests after them expect every migration applied,
    whatever later migrations exist beyond the ones a test names."""
    yield
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def flaky_inbox(settings: Any) -> Iterator[Any]:
    """A real SMTP server on loopback as the default mailer, with the FlakyInbox it delivers to
    (tests.takedown.conftest.flaky_smtp): it can say "451 try later" or "550 no such mailbox"."""
    from tests.takedown.conftest import flaky_smtp

    with flaky_smtp(settings) as (_controller, handler):
        yield handler
