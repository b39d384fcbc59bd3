"""The organisation's content-free notice, sent through a real SMTP server (aiosmtpd) on loopback."""

import time

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message as MessageHandler

from tests.factories import make_organisation, submit
from tests.ports import free_port

pytestmark = pytest.mark.django_db(transaction=True)


class Inbox(MessageHandler):
    def __init__(self) -> None:
        super().__init__()
        self.messages: list[object] = []

    def handle_message(self, message) -> None:  # type: ignore[no-untyped-def,override]
        self.messages.append(message)


@pytest.fixture
def smtp_server():  # type: ignore[no-untyped-def]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


def test_new_report_notice_reaches_the_organisation_and_says_nothing(smtp_server, settings) -> None:  # type: ignore[no-untyped-def]
    controller, inbox = smtp_server
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": controller.hostname, "port": controller.port, "timeout": 10},
        }
    }
    make_organisation("mk-cso", ["MK"], notify_email="inbox@mk-cso.example", language="mk")
    submit(narrative="A synthetic secret that must not be mailed")
    deadline = time.monotonic() + 10
    while not inbox.messages and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(inbox.messages) == 1
    message = inbox.messages[0]
    assert message["To"] == "inbox@mk-cso.example"  # type: ignore[index]
    body = message.get_payload(decode=True).decode()  # type: ignore[attr-defined]
    assert "synthetic secret" not in body
    assert "Glasna" in body
