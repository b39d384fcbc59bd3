"""Network transport between installations over real HTTPS: another installation (a local TLS
server running the production signing and checking functions) serves its feed; this one pulls it
on schedule, by command and from the operator console, and serves its own only to registered peers."""

import base64
import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from glasna.accounts.models import Role
from glasna.core import outbound
from glasna.core.models import AuditEvent
from glasna.evidence.verify_bundle import fingerprint
from glasna.networks import federation, feed, peer_auth, peers, registry, tasks
from glasna.networks.identifiers import normalise
from glasna.networks.models import Appearance, Peer
from tests.evidence.json_server import JsonServer
from tests.factories import make_organisation, signed_in_client
from tests.networks.peer_server import OtherInstallation, serving

pytestmark = pytest.mark.django_db
CHANNEL = "https://t.me/publicroom_demo"


@pytest.fixture
def tirana(settings: Any, tmp_path: Path) -> Iterator[tuple[OtherInstallation, JsonServer]]:
    """The Tirana installation, which names the channel, reachable at https://localhost:PORT."""
    other = OtherInstallation("glasna.example.al")
    other.names("https://t.me/PublicRoom_demo", "reporter-1", ["AL"], "2026-03-04")
    other.names("t.me/only_in_tirana", "reporter-2", ["AL"], "2026-04-01")
    other.readers.add(federation.public_key())
    with serving(other, tmp_path) as (server, ca_file):
        settings.GLASNA_OUTBOUND_ALLOW = ["127.0.0.0/8", "::1/128"]
        settings.GLASNA_FEDERATION_CA_FILE = str(ca_file)
        yield other, server


def _register(other: OtherInstallation, server: JsonServer) -> Peer:
    confirmed = fingerprint(base64.b64decode(other.public))
    return peers.register(other.name, server.base, other.public, confirmed, "olga")


def test_a_sync_counts_the_other_installations_organisations(tirana: Any) -> None:
    other, server = tirana
    skopje = make_organisation("mk-sync", ["MK"])
    space = registry.find_or_create(skopje.organisation, normalise("telegram.me/publicroom_demo?x=1"))
    assert federation.elsewhere([space])[space.pk].organisations == 0
    operator = signed_in_client(make_organisation("ops", [], role=Role.PLATFORM_ADMIN).staff)
    form = {
        "name": other.name,
        "base_url": server.base,
        "public_key": other.public,
        "fingerprint": fingerprint(base64.b64decode(other.public)).upper(),  # as read out, any case and spacing
    }
    assert operator.post("/en/staff/networks/peers/", form).status_code == 302
    out = io.StringIO()
    call_command("federation_sync", stdout=out)
    assert out.getvalue() == f"{other.name}: 2 records\n"
    assert server.asked == [feed.PATH]  # one signed request, which the other installation verified
    assert federation.elsewhere([space])[space.pk] == federation.Elsewhere(
        1, ["AL"], dt.datetime(2026, 3, 4, tzinfo=dt.UTC), True
    )
    page = signed_in_client(skopje.staff).get(f"/en/staff/networks/spaces/{space.pk}/").content.decode()
    assert "Also reported at 1 other organisation" in page
    peer = Peer.objects.get()
    assert peer.last_success_at is not None and peer.last_records == 2 and peer.last_error == ""
    assert peer.last_sequence == 1
    assert AuditEvent.objects.filter(action="networks.peer_synced", target__startswith=f"peer:{other.name}").exists()
    assert AuditEvent.objects.filter(action="networks.peer_registered").exists()
    page = operator.get("/en/staff/networks/peers/").content.decode()
    assert other.name in page and peers.own_fingerprint() in page and "<td>never</td>" not in page
    assert fingerprint(base64.b64decode(other.public)) in page  # the peer's, to check again later
    # The scheduled job pulls only peers not tried for GLASNA_FEDERATION_SYNC_MINUTES.
    tasks.sync_peers()
    assert server.asked == [feed.PATH]
    Peer.objects.update(last_attempt_at=timezone.now() - dt.timedelta(hours=2))
    tasks.sync_peers()
    assert len(server.asked) == 2 and Peer.objects.get().last_sequence == 2


def test_a_tampered_feed_is_refused_and_what_was_received_stays(tirana: Any) -> None:
    other, server = tirana
    peer = _register(other, server)
    assert peers.sync(peer).ok
    before = list(Appearance.objects.filter(installation=other.name).values_list("pseudonym", "countries"))

    def tamper(document: dict[str, Any]) -> dict[str, Any]:
        document["records"][0]["countries"] = ["RS"]
        return document

    other.tamper = tamper
    result = peers.sync(peer)
    assert (result.ok, result.code) == (False, "bad_signature")
    assert list(Appearance.objects.filter(installation=other.name).values_list("pseudonym", "countries")) == before
    peer.refresh_from_db()
    assert peer.last_error.startswith("bad_signature") and peer.last_success_at is not None
    assert peers.error_message(peer)[0] == str(peers.SYNC_ERRORS["bad_signature"])
    assert AuditEvent.objects.filter(action="networks.peer_sync_failed", target__endswith="bad_signature").exists()
    peers.remove(peer, "olga")  # removed, it counts no more
    assert not Appearance.objects.filter(installation=other.name).exists() and not Peer.objects.exists()
    assert AuditEvent.objects.filter(action="networks.peer_removed", target=f"peer:{other.name} records:2").exists()


def test_a_replayed_a_rolled_back_a_stale_and_a_misaddressed_feed_are_refused(tirana: Any) -> None:
    other, server = tirana
    peer = _register(other, server)
    assert peers.sync(peer).ok and peers.sync(peer).ok
    first, second = other.served
    other.tamper = lambda document: second  # the last feed accepted, again
    assert peers.sync(peer).code == "replay"
    other.tamper = lambda document: first
    assert peers.sync(peer).code == "rollback"
    other.tamper = None
    other.issued_at = timezone.now() - dt.timedelta(minutes=6)
    assert peers.sync(peer).code == "stale"
    other.issued_at = None
    stranger = base64.b64encode(b"\x01" * 32).decode()
    other.tamper = lambda document: feed.document([], other.name, 99, timezone.now(), stranger, other.key)
    assert peers.sync(peer).code == "wrong_audience"
    other.tamper = lambda document: feed.document(
        [], "glasna.example.rs", 99, timezone.now(), document["audience"], other.key
    )
    assert peers.sync(peer).code == "wrong_installation"
    other.tamper = None
    assert peers.sync(peer).ok
    assert Peer.objects.get().last_sequence == other.sequence


def test_oversized_and_malformed_feeds_are_refused(tirana: Any, settings: Any) -> None:
    other, server = tirana
    peer = _register(other, server)
    settings.GLASNA_FEDERATION_MAX_BYTES = 300
    assert peers.sync(peer).code == "too_large"
    settings.GLASNA_FEDERATION_MAX_BYTES = 1_000_000
    other.raw = b"<html>not a feed</html>"
    assert peers.sync(peer).code == "malformed"
    other.raw = b"[1, 2]"
    assert peers.sync(peer).code == "malformed"
    other.raw = b"[" * 200_000 + b"]" * 200_000
    assert peers.sync(peer).code == "malformed"
    other.raw = None
    other.records = [{"kind": "public_space"}]  # signed, but a record with no pseudonym
    assert peers.sync(peer).code == "malformed"
    other.tamper = lambda document: {**document, "sequence": "7"}
    assert peers.sync(peer).code == "bad_signature"  # changed after signing
    assert not Appearance.objects.filter(installation=other.name).exists()


def test_a_peer_that_is_down_or_unreachable_is_recorded_and_nothing_is_lost(tirana: Any, settings: Any) -> None:
    other, server = tirana
    peer = _register(other, server)
    assert peers.sync(peer).ok
    server.httpd.shutdown()
    server.httpd.server_close()
    result = peers.sync(peer)
    assert (result.ok, result.code) == (False, "unreachable")
    assert Appearance.objects.filter(installation=other.name).count() == 2
    operator = signed_in_client(make_organisation("ops-down", [], role=Role.PLATFORM_ADMIN).staff)
    page = operator.get("/sq/staff/networks/peers/").content.decode()
    assert "Instalimi partner nuk u arrit." in page  # the last error, in the reader's language
    with pytest.raises(CommandError):
        call_command("federation_sync", "--peer", other.name, stdout=io.StringIO())
    settings.GLASNA_OUTBOUND_ALLOW = []  # loopback is not a public address
    assert peers.sync(peer).code == "refused_address"
    peer.refresh_from_db()
    assert peer.last_error_at is not None and peer.last_records == 2


def test_a_peer_that_does_not_know_us_refuses_our_request(tirana: Any) -> None:
    other, server = tirana
    other.readers.clear()
    result = peers.sync(_register(other, server))
    assert result.code == "http_status" and "unknown_key" in result.detail


def _signed(key: Any, path: str = feed.PATH, audience: str = "", when: dt.datetime | None = None) -> dict[str, str]:
    headers = peer_auth.signed_headers(key, "GET", path, audience or federation.public_key(), when or timezone.now())
    return {f"HTTP_{name.upper().replace('-', '_')}": value for name, value in headers.items()}


def test_only_a_registered_peer_reads_this_installations_feed() -> None:
    skopje = make_organisation("mk-feed", ["MK"])
    registry.find_or_create(skopje.organisation, normalise(CHANNEL))
    other = OtherInstallation()
    client = Client()
    answer = client.get(feed.PATH, **_signed(other.key))
    assert (answer.status_code, answer.json()["error"]) == (403, "unknown_key")
    assert client.get(feed.PATH).json()["error"] == "unsigned"
    Peer.objects.create(name=other.name, base_url="https://al.example", public_key=other.public, registered_by="t")
    headers = _signed(other.key)
    answer = client.get(feed.PATH, **headers)
    assert answer.status_code == 200 and not answer.cookies
    sequence, records = feed.check(
        answer.json(), federation.public_key(), federation.installation_name(), other.public, 0, timezone.now()
    )
    assert [r["pseudonym"] for r in records] == [federation.pseudonym(normalise(CHANNEL))]
    assert AuditEvent.objects.filter(action="networks.feed_served", actor=f"peer:{other.name}").exists()
    assert client.get(feed.PATH, **headers).json()["error"] == "replay"
    undated = {**_signed(other.key), "HTTP_DATE": "yesterday"}
    assert client.get(feed.PATH, **undated).json()["error"] == "bad_date"
    late = _signed(other.key, when=timezone.now() - dt.timedelta(minutes=6))
    assert client.get(feed.PATH, **late).json()["error"] == "clock_skew"
    assert client.get(feed.PATH, **_signed(other.key, path="/elsewhere")).json()["error"] == "bad_signature"
    elsewhere = base64.b64encode(b"\x02" * 32).decode()
    assert client.get(feed.PATH, **_signed(other.key, audience=elsewhere)).json()["error"] == "bad_signature"
    # A second request is a new feed, with a higher sequence.
    again = client.get(feed.PATH, **_signed(other.key)).json()
    assert again["sequence"] > sequence
    assert json.loads(json.dumps(again))["installation"] == federation.installation_name()


def test_registration_needs_the_confirmed_fingerprint_and_https() -> None:
    other = OtherInstallation()
    confirmed = fingerprint(base64.b64decode(other.public))
    with pytest.raises(peers.PeerError, match="fingerprint"):
        peers.register(other.name, "https://al.example", other.public, confirmed[::-1], "olga")
    with pytest.raises(peers.PeerError, match="https"):
        peers.register(other.name, "http://al.example", other.public, confirmed, "olga")
    with pytest.raises(peers.PeerError, match="32 bytes"):
        peers.register(other.name, "https://al.example", "bm90IGEga2V5", confirmed, "olga")
    own = federation.public_key()
    with pytest.raises(peers.PeerError, match="itself"):
        peers.register("x", "https://x.example", own, peers.own_fingerprint(), "olga")
    peers.register(other.name, "https://al.example/glasna/", other.public, confirmed, "olga")
    assert Peer.objects.get().base_url == "https://al.example/glasna"
    with pytest.raises(peers.PeerError, match="already"):
        peers.register(other.name, "https://al.example", other.public, confirmed, "olga")


def test_the_operator_console_page_is_the_operators_only() -> None:
    caseworker = signed_in_client(make_organisation("cw", ["MK"]).staff)
    assert caseworker.get("/en/staff/networks/peers/").status_code == 404
    operator = signed_in_client(make_organisation("ops2", [], role=Role.PLATFORM_ADMIN).staff)
    page = operator.post(
        "/en/staff/networks/peers/",
        {"name": "x", "base_url": "https://x.example", "public_key": "AA", "fingerprint": "00"},
    )
    assert page.status_code == 400 and "32 bytes" in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_another_installation_pulls_this_ones_feed_over_real_http(live_server: Any, settings: Any) -> None:
    """The other direction through a real server: headers pass the WSGI layer, the answer verifies."""
    settings.GLASNA_OUTBOUND_ALLOW = ["127.0.0.0/8", "::1/128"]
    skopje = make_organisation("mk-live", ["MK"])
    registry.find_or_create(skopje.organisation, normalise(CHANNEL))
    other = OtherInstallation()
    url = live_server.url + feed.PATH
    headers = peer_auth.signed_headers(other.key, "GET", feed.PATH, federation.public_key(), timezone.now())
    assert outbound.request(url, headers=headers, read_limit=10_000, timeout=60).status == 403  # not registered yet
    Peer.objects.create(name=other.name, base_url="https://al.example", public_key=other.public, registered_by="t")
    headers = peer_auth.signed_headers(other.key, "GET", feed.PATH, federation.public_key(), timezone.now())
    answer = outbound.request(url, headers=headers, read_limit=1_000_000, timeout=60)
    assert answer.status == 200
    _sequence, records = feed.check(
        json.loads(answer.body),
        federation.public_key(),
        federation.installation_name(),
        other.public,
        0,
        timezone.now(),
    )
    assert [r["countries"] for r in records] == [["MK"]]
    again = outbound.request(url, headers=headers, read_limit=10_000, timeout=60)
    assert (again.status, json.loads(again.body)["error"]) == (401, "replay")
