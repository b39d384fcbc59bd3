"""Fixtures of the stack tests: one production-shaped stack for the whole run (starting it costs a
minute or two of the two cores), and a real SMTP server it sends its mail to.

Every test here is marked `stack`; the normal runs leave them out (`-m 'not stack'` in pyproject),
`make test-stack` runs them. The outage test runs last: stopping the object store empties it."""

import signal
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.ports import free_port
from tests.stack import launcher
from tests.stack.web import StaffLogin, StaffSession, demo_logins, sign_in

ORDER = ["test_flow.py", "test_survives_kills.py", "test_outage.py"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).resolve().parent
    mine = [item for item in items if here in Path(item.path).resolve().parents]
    for item in mine:
        item.add_marker(pytest.mark.stack)
    if mine and "stack" not in (config.option.markexpr or ""):
        # Only a run that names the marker starts the stack: `-m "not e2e"` on the command line
        # replaces the `-m 'not stack'` of pyproject's addopts, and must not start it by surprise.
        config.hook.pytest_deselected(items=mine)
        items[:] = [item for item in items if item not in mine]
        return
    if mine:
        rank = {name: index for index, name in enumerate(ORDER)}
        first = items.index(mine[0])
        mine.sort(key=lambda item: rank.get(Path(item.path).name, len(ORDER)))
        others = [item for item in items if item not in mine]
        items[:] = others[:first] + mine + others[first:]


@dataclass
class Inbox:
    """What the stack's SMTP server received (aiosmtpd in this process)."""

    port: int = 0
    messages: list[Any] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's name
        with self.lock:
            self.messages.append(envelope)
        return "250 OK"

    def to(self, address: str) -> list[Any]:
        with self.lock:
            return [m for m in self.messages if address in m.rcpt_tos]


@pytest.fixture(scope="session")
def inbox() -> Iterator[Inbox]:
    from aiosmtpd.controller import Controller

    box = Inbox(port=free_port())
    controller = Controller(box, hostname="127.0.0.1", port=box.port)
    controller.start()
    yield box
    controller.stop()


@pytest.fixture(scope="session")
def stack(inbox: Inbox) -> Iterator[launcher.Stack]:
    # A CI timeout sends SIGTERM: turned into KeyboardInterrupt, pytest still tears the stack down.
    previous = signal.signal(signal.SIGTERM, _interrupt)
    running = launcher.start(inbox.port)
    try:
        yield running
    finally:
        running.stop()
        signal.signal(signal.SIGTERM, previous)


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


@pytest.fixture(scope="session")
def logins(stack: launcher.Stack) -> list[StaffLogin]:
    return demo_logins((Path(stack.env["GLASNA_DATA_DIR"]) / "demo-credentials.txt").read_text())


@pytest.fixture(scope="session")
def staff_of(stack: launcher.Stack, logins: list[StaffLogin]) -> Callable[[str], StaffSession]:
    """A signed-in caseworker (or lawyer) session of an organisation, one per organisation for the
    run: a TOTP code is good once, so signing the same person in twice in 30 seconds would fail."""
    sessions: dict[str, StaffSession] = {}

    def session(slug: str) -> StaffSession:
        if slug not in sessions:
            login = next(item for item in logins if item.organisation == slug and item.role != "org_admin")
            sessions[slug] = sign_in(stack.web_url, login)
        return sessions[slug]

    return session
