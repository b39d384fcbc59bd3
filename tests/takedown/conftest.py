"""Fixtures of the takedown tests: a Podgorica organisation with a case, a real SMTP server that
can say "451 try later", a real local HTTP server, and a clock the tests move."""

import datetime as dt
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.test import override_settings

from glasna.cases.models import Case
from glasna.takedown import clock, directory
from tests.factories import OrgBundle, make_organisation, submit
from tests.ports import free_port

LINKS = (
    "https://t.me/invented_group/17 https://t.me/invented_group/18 https://www.instagram.com/p/SYNTHETIC1/ not-a-url"
)


@dataclass
class Podgorica:
    bundle: OrgBundle
    case: Case


@pytest.fixture
def podgorica(db: Any) -> Podgorica:
    bundle = make_organisation("me-cso", ["ME"], public_email="takedown@me-cso.example", language="cnr")
    directory.sync()
    submit(country="ME", links=LINKS, forms=["ibsa_shared"], gender="woman", language="cnr")
    return Podgorica(bundle, Case.objects.get(organisation=bundle.organisation))


class FrozenClock:
    def __init__(self, start: dt.datetime) -> None:
        self.at = start

    def __call__(self) -> dt.datetime:
        return self.at

    def advance(self, **delta: float) -> None:
        self.at += dt.timedelta(**delta)


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> FrozenClock:
    frozen_clock = FrozenClock(dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC))
    monkeypatch.setattr(clock, "now", frozen_clock)
    return frozen_clock


@dataclass
class FlakyInbox:
    """An aiosmtpd handler: refuses the first `fail_first` messages with 451, accepts the rest."""

    fail_first: int = 0
    refuse_with: str = "451 4.3.0 Try again later"
    permanent: bool = False
    messages: list[Any] = field(default_factory=list)
    attempts: int = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's hook name
        self.attempts += 1
        if self.permanent:
            return "550 5.1.1 No such mailbox"
        if self.attempts <= self.fail_first:
            return self.refuse_with
        self.messages.append(envelope)
        return "250 OK"


@contextmanager
def flaky_smtp(settings: Any) -> Iterator[tuple[Controller, FlakyInbox]]:
    """A real SMTP server on loopback with a FlakyInbox behind it, as the default mailer."""
    inbox = FlakyInbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": controller.hostname, "port": controller.port, "timeout": 10},
        }
    }
    try:
        yield controller, inbox
    finally:
        controller.stop()


@pytest.fixture
def smtp(settings: Any) -> Iterator[tuple[Controller, FlakyInbox]]:
    with flaky_smtp(settings) as server:
        yield server


class _Pages(http.server.BaseHTTPRequestHandler):
    live: set[str] = set()
    seen_headers: list[dict[str, str]] = []

    def _answer(self, body: bool) -> None:
        type(self).seen_headers.append(dict(self.headers))
        if self.path.startswith("/redirect-away"):
            self.send_response(302)
            self.send_header("Location", "http://elsewhere.invalid/x")
            self.end_headers()
            return
        if self.path.startswith("/redirect-here"):
            self.send_response(301)
            self.send_header("Location", "/item/1")
            self.end_headers()
            return
        code = 200 if self.path in type(self).live else 404
        self.send_response(code)
        self.send_header("Set-Cookie", "tracker=1")
        self.end_headers()
        if body:
            self.wfile.write(b"synthetic page")

    def do_HEAD(self) -> None:  # noqa: N802 - http.server's hook name
        self._answer(body=False)

    def do_GET(self) -> None:  # noqa: N802
        self._answer(body=True)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def web() -> Iterator[tuple[str, type[_Pages]]]:
    """A stand-in platform on 127.0.0.1, which core.outbound refuses unless allow-listed: the
    operator's GLASNA_OUTBOUND_ALLOW, set here as a deployment would."""
    _Pages.live, _Pages.seen_headers = set(), []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    with override_settings(GLASNA_OUTBOUND_ALLOW=["127.0.0.0/8"]):
        yield f"http://127.0.0.1:{server.server_address[1]}", _Pages
    server.shutdown()
    server.server_close()
