"""Who is on the other end of a request, when Glasna runs behind reverse proxies.

REMOTE_ADDR is the socket peer: behind a proxy, the proxy. Each proxy appends the address it
received the request from to X-Forwarded-For, so the header is only as trustworthy as the proxy
that wrote each entry. Anybody can send the header with invented entries on the left; only the
entries appended by our own proxies (GLASNA_TRUSTED_PROXIES) are believed. So the header is read
only when the socket peer is a trusted proxy, from the right, past every trusted proxy, and the
first address that is not one of ours is the client. Rate limits and the staff audit log key on it.
"""

import functools
import ipaddress
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

UNKNOWN = "unknown"


def parse_address(text: str) -> IPAddress | None:
    """An address as proxies write it ("192.0.2.1", "2001:db8::1", "[2001:db8::1]"), with an
    IPv4-mapped IPv6 address turned into its IPv4 form so both spellings are one client."""
    text = text.strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def parse_networks(values: Iterable[str]) -> tuple[IPNetwork, ...]:
    """CIDRs ("10.0.0.0/8", "::1/128", or a bare address); a malformed one fails loudly at start-up
    rather than trusting nothing or everything by accident."""
    return tuple(ipaddress.ip_network(value.strip(), strict=False) for value in values if value.strip())


@functools.lru_cache(maxsize=8)
def _networks(values: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    return parse_networks(values)


def trusted_proxies() -> tuple[IPNetwork, ...]:
    return _networks(tuple(settings.GLASNA_TRUSTED_PROXIES))


def _is_trusted(address: IPAddress, networks: tuple[IPNetwork, ...]) -> bool:
    return any(address.version == network.version and address in network for network in networks)


def resolve(peer: str, forwarded_for: str, networks: tuple[IPNetwork, ...]) -> str:
    """The client's address given the socket peer, the X-Forwarded-For header (several headers
    joined with commas, as WSGI servers do) and the trusted proxies."""
    current = parse_address(peer)
    if current is None:
        return peer.strip()[:64] or UNKNOWN
    for entry in reversed(forwarded_for.split(",") if forwarded_for else []):
        if not _is_trusted(current, networks):
            break
        hop = parse_address(entry)
        if hop is None:
            # Our own proxy wrote something that is not an address: misconfigured. Keep the last
            # address we can vouch for rather than a string a client might have chosen.
            break
        current = hop
    return str(current)


def client_address(meta: Mapping[str, Any]) -> str:
    """The client's address for this request's META (rate limits, the staff audit log)."""
    return resolve(str(meta.get("REMOTE_ADDR", "")), str(meta.get("HTTP_X_FORWARDED_FOR", "")), trusted_proxies())
