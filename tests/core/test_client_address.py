"""The client's address behind trusted proxies: X-Forwarded-For is read right to left, only past
our own proxies, so a forged entry changes nothing."""

import ipaddress

import pytest
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from glasna.core.client_address import client_address, parse_address, parse_networks, resolve
from glasna.intake import receipts
from tests.factories import make_organisation

PROXIES = parse_networks(["10.0.0.0/8", "fd00::/8"])
EDGE, INNER = "10.0.0.1", "10.1.2.3"
PROXY6 = "fd00::5"

# Clients: public-looking addresses outside the trusted ranges, both families.
ipv4_clients = st.ip_addresses(v=4).filter(lambda a: a not in ipaddress.ip_network("10.0.0.0/8"))
ipv6_clients = st.ip_addresses(v=6).filter(
    lambda a: a not in ipaddress.ip_network("fd00::/8") and a.ipv4_mapped is None
)
clients = st.one_of(ipv4_clients, ipv6_clients)
proxies = st.one_of(
    st.ip_addresses(network="10.0.0.0/8"),
    st.ip_addresses(network="fd00::/8"),
)
# A shared machine can make the first draws slow; the properties are not about speed.
relaxed = hypothesis_settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
junk = st.one_of(clients.map(str), st.text(alphabet="0123456789abcdef.:[] x", max_size=20))


@relaxed
@given(peer=clients, forged=st.lists(junk, max_size=4))
def test_an_untrusted_peer_is_the_client_whatever_it_claims(peer, forged) -> None:  # type: ignore[no-untyped-def]
    assert resolve(str(peer), ", ".join(forged), PROXIES) == str(peer)


@relaxed
@given(client=clients, chain=st.lists(proxies, min_size=1, max_size=4), forged=st.lists(junk, max_size=3))
def test_the_client_is_found_past_any_number_of_trusted_proxies(client, chain, forged) -> None:  # type: ignore[no-untyped-def]
    """Whatever the client put on the left, each of our proxies appended the address it saw; the
    peer is the last proxy."""
    header = ", ".join([*forged, str(client), *(str(p) for p in chain[:-1])])
    assert resolve(str(chain[-1]), header, PROXIES) == str(client)


@relaxed
@given(chain=st.lists(proxies, min_size=2, max_size=4))
def test_a_request_from_inside_is_its_first_address(chain) -> None:  # type: ignore[no-untyped-def]
    header = ", ".join(str(p) for p in chain[:-1])
    assert resolve(str(chain[-1]), header, PROXIES) == str(chain[0])


@relaxed
@given(peer=st.one_of(clients, proxies), header=st.lists(junk, max_size=4))
def test_without_trusted_proxies_the_header_is_ignored(peer, header) -> None:  # type: ignore[no-untyped-def]
    assert resolve(str(peer), ",".join(header), ()) == str(peer)


@relaxed
@given(address=ipv4_clients)
def test_ipv4_mapped_ipv6_is_the_same_client(address) -> None:  # type: ignore[no-untyped-def]
    assert parse_address(f"::ffff:{address}") == address
    assert resolve(PROXY6, f"[::ffff:{address}]", PROXIES) == str(address)


def test_garbage_from_our_own_proxy_keeps_the_proxy() -> None:
    assert resolve(EDGE, "203.0.113.7, not-an-address", PROXIES) == EDGE
    assert resolve("", "203.0.113.7", PROXIES) == "unknown"


def test_a_malformed_trusted_range_fails_loudly() -> None:
    with pytest.raises(ValueError):
        parse_networks(["10.0.0.0/33"])


def test_reads_the_setting(settings) -> None:  # type: ignore[no-untyped-def]
    meta = {"REMOTE_ADDR": EDGE, "HTTP_X_FORWARDED_FOR": "198.51.100.1, 203.0.113.7"}
    settings.GLASNA_TRUSTED_PROXIES = []
    assert client_address(meta) == EDGE
    settings.GLASNA_TRUSTED_PROXIES = ["10.0.0.0/8"]
    assert client_address(meta) == "203.0.113.7"


# --- Rate limits through real requests --------------------------------------------------------


def _wrong_receipts(count: int, **meta: str) -> list[int]:
    return [
        Client(**meta).post("/en/return/", {"receipt": receipts.formatted(receipts.new_receipt())}).status_code
        for _ in range(count)
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("peer", "forwarded_for"),
    [
        (EDGE, "{client}"),  # one proxy
        (INNER, "{client}, " + EDGE),  # two proxies
        (PROXY6, "{client}"),  # over IPv6
    ],
)
def test_receipt_limits_are_per_client_behind_proxies(settings, peer: str, forwarded_for: str) -> None:  # type: ignore[no-untyped-def]
    settings.GLASNA_TRUSTED_PROXIES = ["10.0.0.0/8", "fd00::/8"]
    settings.GLASNA_RECEIPT_ATTEMPTS_PER_HOUR = 2
    make_organisation("mk-cso", ["MK"])
    first = forwarded_for.format(client="203.0.113.7")
    second = forwarded_for.format(client="2001:db8::7")
    assert _wrong_receipts(3, REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=first) == [400, 400, 429]
    # Another client through the same proxies has her own allowance...
    assert _wrong_receipts(1, REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=second) == [400]
    # ...and the first cannot escape hers by forging an entry on the left.
    assert _wrong_receipts(1, REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR="198.51.100.99, " + first) == [429]


@pytest.mark.django_db
def test_a_forged_header_from_an_untrusted_peer_changes_nothing(settings) -> None:  # type: ignore[no-untyped-def]
    settings.GLASNA_TRUSTED_PROXIES = ["10.0.0.0/8"]
    settings.GLASNA_RECEIPT_ATTEMPTS_PER_HOUR = 2
    make_organisation("mk-cso", ["MK"])
    statuses = [
        _wrong_receipts(1, REMOTE_ADDR="203.0.113.50", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")[0] for n in range(3)
    ]
    assert statuses == [400, 400, 429]


@pytest.mark.django_db
def test_the_staff_audit_log_records_the_client_behind_the_proxy(settings) -> None:  # type: ignore[no-untyped-def]
    from glasna.core.models import AuditEvent

    settings.GLASNA_TRUSTED_PROXIES = ["10.0.0.0/8"]
    Client(REMOTE_ADDR=EDGE, HTTP_X_FORWARDED_FOR="203.0.113.8").post(
        "/en/staff/login/", {"username": "nobody", "password": "wrong password"}
    )
    assert AuditEvent.objects.get(action="staff.login_failed").source == "203.0.113.8"
