"""The invitation link sent through a real SMTP server (aiosmtpd) on loopback, and the console's
answer when no mail server answers."""

import re
import time

import pytest
from django.test import Client

from glasna.accounts.models import Role
from glasna.core.models import AuditEvent
from tests.factories import OrgBundle, make_organisation, signed_in_client
from tests.intake.test_notify_mail import Inbox
from tests.ports import free_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def home() -> OrgBundle:
    return make_organisation("home", ["MK"], role=Role.ORG_ADMIN, language="en")


def _smtp(settings, port: int) -> None:  # type: ignore[no-untyped-def]
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 10},
        }
    }


def test_the_link_is_mailed_to_the_invitee(home: OrgBundle, settings) -> None:  # type: ignore[no-untyped-def]
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        _smtp(settings, controller.port)
        admin = signed_in_client(home.staff)
        data = {"username": "nova", "email": "nova@invented.example", "role": Role.CASEWORKER}
        page = admin.post("/en/staff/console/invite/", data, follow=True).content.decode()
        assert "The link was also sent by e-mail." in page
        deadline = time.monotonic() + 10
        while not inbox.messages and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        controller.stop()
    assert len(inbox.messages) == 1
    message = inbox.messages[0]
    assert message["To"] == "nova@invented.example"  # type: ignore[index]
    body = message.get_payload(decode=True).decode()  # type: ignore[attr-defined]
    shown = re.search(r'<code id="invitation-link" dir="ltr">([^<]+)</code>', page)
    assert shown is not None and shown.group(1) in body
    assert AuditEvent.objects.filter(action="staff.invitation_mailed").exists()
    # The mailed link works.
    assert Client().get(shown.group(1)).status_code == 200


def test_an_unreachable_mail_server_leaves_the_link_for_delivery_by_hand(home: OrgBundle, settings) -> None:  # type: ignore[no-untyped-def]
    _smtp(settings, free_port())  # nothing listens there
    admin = signed_in_client(home.staff)
    data = {"username": "nova", "email": "nova@invented.example", "role": Role.CASEWORKER}
    page = admin.post("/en/staff/console/invite/", data, follow=True).content.decode()
    assert "The e-mail could not be sent. Deliver the link by hand." in page
    assert 'id="invitation-link"' in page
