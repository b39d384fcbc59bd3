"""Dossier exports: step-up, audit, roles and organisations; recording consent from the escrow page."""

import io
import json
import zipfile

import pytest

from glasna.accounts import keyring
from glasna.accounts.models import Role
from glasna.core.models import AuditEvent
from glasna.networks import coordination
from glasna.networks.models import MatchChoice
from tests.factories import PASSWORD, fresh_step_up, make_organisation, signed_in_client
from tests.networks.dossier_setup import build, checked, escrow_match

pytestmark = pytest.mark.django_db


def _url(net) -> str:  # type: ignore[no-untyped-def]
    return f"/en/staff/networks/spaces/{net.room.pk}/dossier/"


def test_an_export_needs_a_fresh_step_up_and_is_audited() -> None:
    net = build()
    client = signed_in_client(net.org.staff)
    response = client.post(_url(net), {"kind": "police", "language": "en"})
    assert response.status_code == 302 and "/staff/confirm/" in response["Location"]
    assert not AuditEvent.objects.filter(action="networks.dossier_exported").exists()
    checked(client, _url(net), "police")
    response = fresh_step_up(client).post(_url(net), {"kind": "police", "language": "en"})
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert set(archive.namelist()) == {"dossier.json", "dossier.pdf"}
        data = json.loads(archive.read("dossier.json"))
        assert archive.read("dossier.pdf").startswith(b"%PDF")
    assert data["kind"] == "police" and data["cases"]["included"] == 1
    event = AuditEvent.objects.get(action="networks.dossier_exported")
    assert event.target == f"space:{net.room.pk} kind:police cases:1"
    assert event.actor == net.org.staff.user.username


def test_bad_choices_lose_nothing_and_say_why() -> None:
    net = build()
    client = fresh_step_up(signed_in_client(net.org.staff))
    response = client.post(_url(net), {"kind": "everything", "language": "en"}, follow=True)
    assert "Choose the kind of dossier" in response.content.decode()
    assert not AuditEvent.objects.filter(action="networks.dossier_exported").exists()


def test_analysts_and_other_organisations_get_404() -> None:
    net = build()
    analyst = keyring.create_staff(net.org.organisation, "analyst-d", PASSWORD, Role.ANALYST, net.org.org_keys)
    stranger = make_organisation("stranger-d", ["AL"], role=Role.ORG_ADMIN)
    for staff in (analyst, stranger.staff):
        client = fresh_step_up(signed_in_client(staff))
        assert client.post(_url(net), {"kind": "platform", "language": "en"}).status_code == 404
        assert (
            client.post(
                f"/en/staff/networks/cases/{net.other.pk}/coordination-consent/",
                {"action": "give", "channel": "portal"},
            ).status_code
            == 404
        )
    assert not coordination.is_given(net.other)


def test_consent_is_recorded_and_withdrawn_from_the_escrow_page_and_unlocks_the_match_dossier() -> None:
    net = build()
    match = escrow_match(net, net.other, MatchChoice.NOTHING_YET)
    client = fresh_step_up(signed_in_client(net.org.staff))
    escrow = f"/en/staff/networks/cases/{net.other.pk}/escrow/"
    consent = f"/en/staff/networks/cases/{net.other.pk}/coordination-consent/"
    dossier = f"/en/staff/networks/matches/{match.pk}/dossier/"
    assert f'action="{dossier}"' not in client.get(escrow).content.decode()
    refused = client.post(dossier, {"kind": "platform", "language": "en"}, follow=True)
    assert "has not consented" in refused.content.decode()
    assert "Say how" in client.post(consent, {"action": "give"}, follow=True).content.decode()
    assert client.post(consent, {"action": "give", "channel": "recorded"}).status_code == 302
    assert coordination.is_given(net.other) and f'action="{dossier}"' in client.get(escrow).content.decode()
    response = checked(client, dossier, "platform").post(dossier, {"kind": "platform", "language": "sq"})
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert client.post(consent, {"action": "withdraw"}).status_code == 302
    assert not coordination.is_given(net.other)
    actions = list(
        AuditEvent.objects.filter(action__startswith="networks.coordination").values_list("action", flat=True)
    )
    assert actions.count("networks.coordination_consent_given") == 2  # the set-up's and this one
    assert "networks.coordination_consent_withdrawn" in actions


def test_a_match_dossier_is_refused_to_analysts_other_organisations_and_staff_who_cannot_open_the_case() -> None:
    net = build()
    match = escrow_match(net, net.consenting, MatchChoice.JOINT_COMPLAINT)
    url = f"/en/staff/networks/matches/{match.pk}/dossier/"
    analyst = keyring.create_staff(net.org.organisation, "analyst-m", PASSWORD, Role.ANALYST, net.org.org_keys)
    lawyer = keyring.create_staff(net.org.organisation, "lawyer-m", PASSWORD, Role.LAWYER, net.org.org_keys)
    stranger = make_organisation("stranger-m", ["AL"], role=Role.ORG_ADMIN)
    for staff in (analyst, lawyer, stranger.staff):  # a lawyer opens only the cases assigned to her
        client = fresh_step_up(signed_in_client(staff))
        assert client.post(url, {"kind": "police", "language": "en"}).status_code == 404
    assert not AuditEvent.objects.filter(action="networks.dossier_exported").exists()
    own = fresh_step_up(signed_in_client(net.org.staff))
    assert "Export the dossier" in own.get(f"/en/staff/networks/spaces/{net.room.pk}/").content.decode()
    assert checked(own, url, "police").post(url, {"kind": "police", "language": "en"}).status_code == 200
