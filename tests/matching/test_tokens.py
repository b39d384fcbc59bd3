"""Organisation platform tokens: created with the secret shown once, scoped to chosen banks,
last use recorded, revoked (by hand or when her creator leaves) and then refused by the API."""

import pytest
from django.core import mail
from django.test import Client

from glasna.accounts import keyring, membership
from glasna.accounts.models import Membership, Role
from glasna.core import outbox
from glasna.core.models import AuditEvent
from glasna.matching import banks, live_index, tokens
from glasna.matching.models import HashBank, PlatformToken
from tests.factories import make_organisation
from tests.matching.helpers import item, platform, random_hash, send_hashes, survivor_client

pytestmark = pytest.mark.django_db

LOOKUP = "/api/matching/m/raw_lookup"


@pytest.fixture(autouse=True)
def _reset_index() -> None:
    live_index.reset()


def _api(token: str) -> Client:
    return Client(headers={"authorization": f"Bearer {token}"})


def test_a_token_sees_only_its_banks_and_records_its_last_use() -> None:
    bundle = make_organisation("home", ["MK"], role=Role.ORG_ADMIN)
    telegram, _own = platform()
    other_bank = HashBank.objects.create(name="staff-curated")
    telegram.banks.add(other_bank)
    client, _report = survivor_client()
    value = random_hash()
    send_hashes(client, [item(value)])
    wide, wide_token = tokens.create(bundle.staff, telegram, [banks.survivor_bank()], "wide")
    narrow, narrow_token = tokens.create(bundle.staff, telegram, [other_bank], "narrow")
    assert not PlatformToken.objects.filter(token_digest__contains=wide_token).exists()  # only a digest
    assert wide.created_by == bundle.staff and wide.created_by_name == "staff-home"
    assert wide.last_used_at is None
    query = {"signal_type": "pdq", "signal": value}
    assert _api(wide_token).get(LOOKUP, query).json()["matches"]
    assert _api(narrow_token).get(LOOKUP, query).json() == {"matches": []}
    wide.refresh_from_db()
    assert wide.last_used_at is not None
    assert AuditEvent.objects.filter(actor=f"platform:telegram token:{wide.pk}").exists()
    assert AuditEvent.objects.filter(action="matching.token_created", actor="staff-home").count() == 2


def test_a_token_cannot_reach_beyond_its_platform() -> None:
    bundle = make_organisation("home", ["MK"], role=Role.ORG_ADMIN)
    telegram, _own = platform()
    foreign = HashBank.objects.create(name="not-for-telegram")
    with pytest.raises(tokens.TokenRefused):
        tokens.create(bundle.staff, telegram, [foreign], "too wide")
    with pytest.raises(tokens.TokenRefused):
        tokens.create(bundle.staff, telegram, [], "nothing")
    assert not PlatformToken.objects.exists()


def test_a_revoked_token_is_refused_by_the_api() -> None:
    bundle = make_organisation("home", ["MK"], role=Role.ORG_ADMIN)
    telegram, _own = platform()
    record, token = tokens.create(bundle.staff, telegram, [banks.survivor_bank()], "for telegram")
    query = {"signal_type": "pdq", "signal": random_hash()}
    assert _api(token).get(LOOKUP, query).status_code == 200
    tokens.revoke(record, "staff-home")
    assert _api(token).get(LOOKUP, query).status_code == 401
    assert AuditEvent.objects.filter(action="matching.token_revoked").count() == 1
    tokens.revoke(record, "staff-home")  # a second revocation changes nothing
    assert AuditEvent.objects.filter(action="matching.token_revoked").count() == 1


def test_her_tokens_are_revoked_when_she_is_removed() -> None:
    bundle = make_organisation("home", ["MK"], role=Role.ORG_ADMIN)
    telegram, platform_token = platform()
    leaving = keyring.create_staff(
        bundle.organisation, "leaving", "an invented passphrase 99", Role.ANALYST, None, email="leaving@example.org"
    )
    _record, token = tokens.create(leaving, telegram, [banks.survivor_bank()], "hers")
    _kept, kept_token = tokens.create(bundle.staff, telegram, [banks.survivor_bank()], "the admin's")
    query = {"signal_type": "pdq", "signal": random_hash()}
    membership.leave(leaving, Membership.LEFT, "staff-home")
    assert _api(token).get(LOOKUP, query).status_code == 401
    assert _api(kept_token).get(LOOKUP, query).status_code == 200
    assert _api(platform_token).get(LOOKUP, query).status_code == 200  # the platform's own token stays
    outbox.relay()  # the worker's relay: the test's transaction never commits
    assert [m.to for m in mail.outbox] == [["leaving@example.org"]]
