"""An escrow match brings the caseworker to the page by a mail with no content (escrow_notice.py):
only when the survivor asked for it, to the case's caseworker or else the administrators, through
the job outbox, rolled back with the match."""

import email
from typing import Any

import pytest
from django.db import transaction

from glasna.accounts import keyring, member_mail
from glasna.accounts.models import Membership, Role
from glasna.cases.models import Case
from glasna.core import outbox
from glasna.core.models import OutboxJob
from glasna.networks import escrow, escrow_notice
from glasna.networks.models import EscrowMatch, MatchChoice
from glasna.networks.perpetrators import normalise_perpetrator
from tests.factories import PASSWORD, OrgBundle, make_organisation
from tests.takedown.conftest import FlakyInbox

pytestmark = pytest.mark.django_db

NUMBER = normalise_perpetrator("phone", "070 111 222", "MK")


def _org(slug: str) -> OrgBundle:
    bundle = make_organisation(slug, ["MK"], role=Role.ORG_ADMIN, language="en")
    bundle.staff.user.email = f"admin@{slug}.invented.example"
    bundle.staff.user.save()
    return bundle


def _caseworker(bundle: OrgBundle, name: str) -> Any:
    return keyring.create_staff(
        bundle.organisation, name, PASSWORD, Role.CASEWORKER, bundle.org_keys, email=f"{name}@invented.example"
    )


def _case(bundle: OrgBundle, assigned: Any = None) -> Case:
    return Case.objects.create(organisation=bundle.organisation, assigned_to=assigned)


def _enter(bundle: OrgBundle, case: Case, choice: str = MatchChoice.TELL_CASEWORKER) -> None:
    escrow.add_entry(bundle.staff, case, NUMBER, choice, consent=True)


def _mails(flaky_inbox: FlakyInbox) -> list[tuple[list[str], str]]:
    outbox.relay()
    return [(m.rcpt_tos, m.content.decode()) for m in flaky_inbox.messages]


def test_a_single_entry_mails_no_one(flaky_inbox: FlakyInbox) -> None:
    a = _org("notice-a")
    _enter(a, _case(a, _caseworker(a, "ana")))
    assert _mails(flaky_inbox) == [] and not OutboxJob.objects.filter(task=member_mail.SEND).exists()


def test_the_match_mails_each_assigned_caseworker_and_says_nothing_about_the_case(flaky_inbox: FlakyInbox) -> None:
    a, b = _org("notice-b"), _org("notice-c")
    first, second = _case(a, _caseworker(a, "ana")), _case(b, _caseworker(b, "vesna"))
    _enter(a, first)
    _enter(b, second, MatchChoice.JOINT_COMPLAINT)
    mails = dict((to[0], text) for to, text in _mails(flaky_inbox))
    assert sorted(mails) == ["ana@invented.example", "vesna@invented.example"]
    for address, bundle in (("ana@invented.example", a), ("vesna@invented.example", b)):
        message = email.message_from_string(mails[address])
        assert message["Subject"] == "Glasna: a match in the perpetrator escrow"
        # Exactly the fixed sentence with her own organisation's name: no case, no person, no number.
        body = message.get_payload(decode=True).decode().strip()
        assert body == str(escrow_notice.BODY) % {"organisation": bundle.organisation.name}


def test_an_unassigned_case_mails_the_administrators_and_nothing_yet_mails_no_one(flaky_inbox: FlakyInbox) -> None:
    a, b, c = _org("notice-d"), _org("notice-e"), _org("notice-f")
    left = _caseworker(c, "gone")
    left.membership = Membership.LEFT
    left.save()
    _enter(a, _case(a))  # unassigned
    _enter(b, _case(b, _caseworker(b, "quiet")), MatchChoice.NOTHING_YET)
    _enter(c, _case(c, left))  # her caseworker has left
    assert EscrowMatch.objects.count() == 3
    assert sorted(to for to, _ in _mails(flaky_inbox)) == [
        ["admin@notice-d.invented.example"],
        ["admin@notice-f.invented.example"],
    ]


def test_a_match_rolled_back_mails_nothing(flaky_inbox: FlakyInbox) -> None:
    a, b = _org("notice-g"), _org("notice-h")
    _enter(a, _case(a, _caseworker(a, "ana")))
    with pytest.raises(RuntimeError), transaction.atomic():
        _enter(b, _case(b, _caseworker(b, "vesna")))
        assert OutboxJob.objects.filter(task=member_mail.SEND).count() == 2
        raise RuntimeError("the request failed after the match")
    assert not EscrowMatch.objects.exists() and _mails(flaky_inbox) == []
