"""Each organisation's choice of what this installation's feed to peers (and its file export)
carries about it: every record (the default), records without links in clear, or nothing. Only
its administrator changes it, after a fresh step-up; the change is audited."""

import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone

from glasna.accounts import keyring
from glasna.accounts.models import Role
from glasna.core.models import AuditEvent
from glasna.networks import federation, feed, feed_choice, peer_auth, registry
from glasna.networks.identifiers import normalise
from glasna.networks.models import Appearance, FeedChoice, FeedShare, Peer
from tests.factories import PASSWORD, OrgBundle, fresh_step_up, make_organisation, signed_in_client
from tests.networks.peer_server import OtherInstallation

pytestmark = pytest.mark.django_db
URL = "/en/staff/networks/feed/"
HERE = "glasna.example.mk"  # this installation's name; the peer registered it so


@pytest.fixture(autouse=True)
def _named(settings: Any) -> None:
    settings.GLASNA_NETWORKS_INSTALLATION = HERE


def _two_organisations() -> tuple[OrgBundle, OrgBundle]:
    """Skopje names a channel (shared in clear) and an invite; Tirana names the same channel, shared too."""
    skopje = make_organisation("fc-mk", ["MK"], role=Role.ORG_ADMIN)
    tirana = make_organisation("fc-al", ["AL"], role=Role.ORG_ADMIN)
    for bundle in (skopje, tirana):
        channel = registry.find_or_create(bundle.organisation, normalise("t.me/publicroom_demo"))
        federation.share_in_clear(bundle.staff, channel, True)
    registry.find_or_create(skopje.organisation, normalise("https://t.me/+InventedInvite42"))
    return skopje, tirana


def _reporters(records: list[dict[str, Any]]) -> list[str]:
    return [r["reporter"] for r in records]


def test_the_default_is_every_record_and_the_feed_is_unchanged() -> None:
    skopje, tirana = _two_organisations()
    mk, al = federation.reporter(skopje.organisation.pk), federation.reporter(tirana.organisation.pk)
    assert feed_choice.share_of(skopje.organisation.pk) == FeedShare.ALL and not FeedChoice.objects.exists()
    expected = [
        {
            "platform": a.platform,
            "kind": a.identifier_kind,
            "pseudonym": a.pseudonym,
            "reporter": a.reporter,
            "countries": a.countries,
            "first_seen": a.first_seen.date().isoformat(),
            **({"public_id": a.public_id} if a.public_id else {}),
        }
        for a in Appearance.objects.filter(installation="").order_by("pk")
    ]
    assert federation.records() == expected and sorted(_reporters(expected)) == sorted([mk, mk, al])
    assert [r.get("public_id") for r in expected] == ["publicroom_demo", "publicroom_demo", None]
    # Choosing what is already so changes nothing and writes nothing.
    assert feed_choice.choose(skopje.staff, FeedShare.ALL) is False
    assert (
        not FeedChoice.objects.exists()
        and not AuditEvent.objects.filter(action="networks.feed_choice_changed").exists()
    )
    assert federation.records() == expected


def test_none_leaves_the_organisations_records_out_of_the_feed_and_the_file_export() -> None:
    skopje, tirana = _two_organisations()
    mk, al = federation.reporter(skopje.organisation.pk), federation.reporter(tirana.organisation.pk)
    everything = federation.records()
    assert feed_choice.choose(skopje.staff, FeedShare.NONE) is True
    kept = federation.records()
    assert _reporters(kept) == [al] and kept == [r for r in everything if r["reporter"] == al]
    assert federation.export(skopje.organisation)["records"] == []
    assert federation.export(tirana.organisation)["records"] == kept
    out, err = io.StringIO(), io.StringIO()
    call_command("networks_appearances", "export", "--organisation", "fc-mk", stdout=out, stderr=err)
    assert json.loads(out.getvalue())["records"] == [] and "fc-mk chose" in err.getvalue()
    out = io.StringIO()
    call_command("networks_appearances", "export", stdout=out)
    document = json.loads(out.getvalue())
    assert federation.verify(document, federation.public_key()) == kept
    # Records without links in clear: Skopje is counted again, its link does not leave; Tirana's does.
    feed_choice.choose(skopje.staff, FeedShare.COUNTS_ONLY)
    bare = federation.records()
    assert sorted(_reporters(bare)) == sorted([mk, mk, al])
    assert [r for r in bare if r["reporter"] == mk] == [
        {k: v for k, v in r.items() if k != "public_id"} for r in everything if r["reporter"] == mk
    ]
    assert [r.get("public_id") for r in bare if r["reporter"] == al] == ["publicroom_demo"]
    assert Appearance.objects.filter(organisation=skopje.organisation).exclude(public_id="").count() == 1  # kept here
    with pytest.raises(feed_choice.FeedChoiceError):
        feed_choice.choose(skopje.staff, "some")


def _signed(other: OtherInstallation) -> dict[str, str]:
    headers = peer_auth.signed_headers(other.key, "GET", feed.PATH, federation.public_key(), timezone.now())
    return {f"HTTP_{name.upper().replace('-', '_')}": value for name, value in headers.items()}


def _peer_pulls(other: OtherInstallation, last_sequence: int) -> int:
    """The peer reads this installation's feed through its endpoint and accepts it with the
    production checks; what it keeps is stored under this installation's name, as on the peer."""
    answer = Client().get(feed.PATH, **_signed(other))
    assert answer.status_code == 200
    sequence, records = feed.check(
        answer.json(), federation.public_key(), HERE, other.public, last_sequence, timezone.now()
    )
    with override_settings(GLASNA_NETWORKS_INSTALLATION=other.name):  # the peer's side
        federation.store(HERE, records)
    return sequence


def test_a_peer_that_pulls_after_none_drops_the_organisations_copies() -> None:
    skopje, tirana = _two_organisations()
    mk, al = federation.reporter(skopje.organisation.pk), federation.reporter(tirana.organisation.pk)
    other = OtherInstallation("glasna.example.al")
    Peer.objects.create(name=other.name, base_url="https://al.example", public_key=other.public, registered_by="t")
    copies = Appearance.objects.filter(installation=HERE)  # what the peer holds from this installation
    sequence = _peer_pulls(other, 0)
    assert sorted(copies.values_list("reporter", flat=True)) == sorted([mk, mk, al])
    admin = fresh_step_up(signed_in_client(skopje.staff))
    assert admin.post(URL, {"share": "none"}).status_code == 302
    sequence = _peer_pulls(other, sequence)
    assert list(copies.values_list("reporter", flat=True)) == [al]  # Skopje's copies are gone, Tirana's stay
    assert copies.get().public_id == "publicroom_demo"
    assert AuditEvent.objects.filter(action="networks.feed_served", target="records:1").exists()
    # Chosen back: the next pull brings them again, without the link where so chosen.
    assert admin.post(URL, {"share": "counts_only"}).status_code == 302
    _peer_pulls(other, sequence)
    assert sorted(copies.values_list("reporter", flat=True)) == sorted([mk, mk, al])
    assert sorted(copies.values_list("public_id", flat=True)) == ["", "", "publicroom_demo"]


def test_the_page_shows_the_choice_and_the_change_needs_a_step_up_and_is_audited() -> None:
    skopje, _tirana = _two_organisations()
    client = signed_in_client(skopje.staff)
    page = client.get(URL).content.decode()
    assert 'value="all" required id="id_share_0" checked' in page and "Now:</strong> Every record, with" in page
    assert "registered peers" in page
    spaces = client.get("/en/staff/networks/").content.decode()
    assert URL in spaces and URL in client.get("/en/staff/networks/elsewhere/").content.decode()
    # Without a fresh code: sent to the code page, nothing changed.
    response = client.post(URL, {"share": "counts_only"}, HTTP_REFERER=f"http://testserver{URL}")
    assert response.status_code == 302 and response["Location"].startswith("/en/staff/confirm/")
    assert feed_choice.share_of(skopje.organisation.pk) == FeedShare.ALL
    fresh_step_up(client)
    assert client.post(URL, {"share": "nothing"}).status_code == 400
    response = client.post(URL, {"share": "counts_only"})
    assert response.status_code == 302 and response["Location"] == URL
    assert feed_choice.share_of(skopje.organisation.pk) == FeedShare.COUNTS_ONLY
    event = AuditEvent.objects.get(action="networks.feed_choice_changed")
    assert event.actor == skopje.staff.user.get_username() and event.organisation_id == skopje.organisation.pk
    assert event.target == "organisation:fc-mk feed:all->counts_only"
    page = client.get(URL).content.decode()
    assert 'value="counts_only" required id="id_share_1" checked' in page
    assert "Now:</strong> Every record, without any link in clear" in page
    assert f"chosen by {skopje.staff.user.get_username()}" in page
    albanian = client.get("/sq/staff/networks/feed/")
    assert albanian.status_code == 200


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.LAWYER, Role.ANALYST, Role.INTAKE_OFFICER, Role.PLATFORM_ADMIN])
def test_other_roles_get_404(role: str) -> None:
    skopje, _tirana = _two_organisations()
    member = keyring.create_staff(skopje.organisation, f"fc-{role}", PASSWORD, role, skopje.org_keys)
    client = fresh_step_up(signed_in_client(member))
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"share": "none"}).status_code == 404
    assert (
        not FeedChoice.objects.exists()
        and not AuditEvent.objects.filter(action="networks.feed_choice_changed").exists()
    )
    if role != Role.ANALYST:  # analysts have no spaces page
        assert URL not in client.get("/en/staff/networks/").content.decode()
    with pytest.raises(feed_choice.FeedChoiceError):
        feed_choice.choose(member, FeedShare.NONE)


def test_changing_it_needs_the_csrf_token() -> None:
    skopje, _tirana = _two_organisations()
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = fresh_step_up(signed_in_client(skopje.staff)).cookies
    assert strict.get(URL).status_code == 200  # signed in: only the token is missing
    assert strict.post(URL, {"share": "none"}).status_code == 403
    assert (
        not FeedChoice.objects.exists()
        and not AuditEvent.objects.filter(action="networks.feed_choice_changed").exists()
    )
