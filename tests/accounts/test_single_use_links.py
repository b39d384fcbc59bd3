"""Single-use links (accounts/single_use_links.py): only a digest is stored, a link opens once,
an expired one never, and misses are throttled per address (even for a right token after)."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from glasna.accounts import single_use_links
from glasna.accounts.models import Invitation, Role
from tests.factories import make_organisation

pytestmark = pytest.mark.django_db


def _invitation(hours: int = 1) -> tuple[Invitation, str]:
    organisation = make_organisation("home", ["MK"]).organisation
    token, token_hash = single_use_links.new_token()
    invitation = Invitation.objects.create(
        organisation=organisation,
        username="nova",
        role=Role.CASEWORKER,
        token_hash=token_hash,
        invited_by="test",
        expires_at=timezone.now() + timedelta(hours=hours),
    )
    return invitation, token


def test_a_link_opens_once_and_stores_only_a_digest() -> None:
    invitation, token = _invitation()
    assert token not in invitation.token_hash and invitation.token_hash == single_use_links.digest(token)
    assert single_use_links.find(Invitation.objects.all(), token, "test", "192.0.2.1") == invitation
    assert single_use_links.claim(invitation)
    assert not single_use_links.claim(invitation)  # a second, simultaneous use loses
    assert single_use_links.find(Invitation.objects.all(), token, "test", "192.0.2.1") is None


def test_an_expired_link_opens_nothing() -> None:
    _invitation_, token = _invitation(hours=-1)
    assert single_use_links.find(Invitation.objects.all(), token, "test", "192.0.2.1") is None


@override_settings(GLASNA_LOGIN_ATTEMPTS_PER_HOUR=3)
def test_guessing_is_throttled_per_address() -> None:
    _invitation_, token = _invitation()
    for guess in range(3):
        assert single_use_links.find(Invitation.objects.all(), f"guess-{guess}", "test", "192.0.2.1") is None
    assert single_use_links.find(Invitation.objects.all(), token, "test", "192.0.2.1") is None  # throttled
    assert single_use_links.find(Invitation.objects.all(), token, "test", "192.0.2.2") is not None
