"""Outbound HTTP on addresses the server was given (links in survivors' reports, campaign
targets), without server-side request forgery.

A link from a report could name the cloud metadata service (169.254.169.254), the database on
the private network, or a name that resolves there. So for every request, and again for every
redirect hop, the name is resolved once, every address it resolves to is checked, and the
connection goes to the checked address itself: the Host header, TLS SNI and certificate check
still use the name, but no second lookup happens between the check and the connect (DNS
rebinding). Refused: loopback, private, link-local, multicast, reserved, unspecified and other
non-global addresses, IPv4 and IPv6, IPv4 written inside IPv6 (mapped, 6to4, Teredo, NAT64)
included, unless the operator allow-lists a range with GLASNA_OUTBOUND_ALLOW.

Operator-configured endpoints (the SMTP server, the time-stamping authority) are not given by
users and do not go through here.
"""

import functools
import http.client
import ipaddress
import socket
import ssl
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from email.message import Message
from urllib.parse import urljoin, urlsplit

from django.conf import settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

REDIRECTS = (301, 302, 303, 307, 308)
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


class Refused(Exception):
    """The destination is not one this server may reach (or the URL is not http(s))."""


@dataclass(frozen=True)
class Response:
    status: int
    url: str  # the last hop's URL
    headers: Message
    body: bytes = b""
    hops: list[str] = field(default_factory=list)


@functools.lru_cache(maxsize=8)
def _allowed(values: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(value.strip(), strict=False) for value in values if value.strip())


def _embedded_ipv4(address: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """IPv4 addresses an IPv6 address carries, which a network may route to: each is checked too."""
    if address.ipv4_mapped is not None:
        return [address.ipv4_mapped]
    if address.sixtofour is not None:
        return [address.sixtofour]
    if address.teredo is not None:
        return list(address.teredo)  # server and client
    if address in _NAT64:
        return [ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)]
    return []


def _not_public(address: IPAddress) -> bool:
    return (
        address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )


def permitted(address: IPAddress, allow: Iterable[IPNetwork] = ()) -> bool:
    """May the server connect to this address? Allow-listed ranges win over every rule."""
    allow = tuple(allow)
    candidates: list[IPAddress] = [address]
    if isinstance(address, ipaddress.IPv6Address):
        candidates += _embedded_ipv4(address)
    if any(a.version == n.version and a in n for a in candidates for n in allow):
        return True
    return not any(_not_public(a) for a in candidates)


def vetted_addresses(host: str, port: int) -> list[IPAddress]:
    """Resolve `host` once; every address must be permitted (a name that points at both a public
    and a private address is refused whole, rather than hoping the public one is used)."""
    allow = _allowed(tuple(settings.GLASNA_OUTBOUND_ALLOW))
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise OSError(f"cannot resolve {host!r}") from exc
    addresses: list[IPAddress] = []
    for _family, _type, _proto, _name, sockaddr in infos:
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if not permitted(address, allow):
            raise Refused(f"{host} resolves to {address}, which this server may not reach")
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise OSError(f"cannot resolve {host!r}")
    return addresses


def _connect(addresses: list[IPAddress], port: int, timeout: float) -> socket.socket:
    error: OSError | None = None
    for address in addresses:  # each already vetted: trying the next is no new lookup
        try:
            return socket.create_connection((str(address), port), timeout)
        except OSError as exc:
            error = exc
    raise error or OSError("no address")


class _PinnedHTTP(http.client.HTTPConnection):
    """An HTTP connection to an address checked beforehand; the Host header keeps the name."""

    def __init__(self, host: str, port: int, addresses: list[IPAddress], timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._vetted, self._seconds = addresses, timeout

    def connect(self) -> None:
        self.sock = _connect(self._vetted, self.port, self._seconds)


class _PinnedHTTPS(http.client.HTTPSConnection):
    """The same over TLS: SNI and the certificate are checked against the name, not the address."""

    def __init__(
        self, host: str, port: int, addresses: list[IPAddress], timeout: float, context: ssl.SSLContext
    ) -> None:
        super().__init__(host, port, timeout=timeout, context=context)
        self._vetted, self._seconds, self._tls = addresses, timeout, context

    def connect(self) -> None:
        raw = _connect(self._vetted, self.port, self._seconds)
        self.sock = self._tls.wrap_socket(raw, server_hostname=self.host)


def _one_hop(
    url: str, method: str, headers: Mapping[str, str], timeout: float, read_limit: int, context: ssl.SSLContext | None
) -> tuple[int, Message, bytes]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Refused(f"not an http(s) URL: {url[:200]}")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    addresses = vetted_addresses(parts.hostname, port)
    connection: http.client.HTTPConnection
    if parts.scheme == "https":
        connection = _PinnedHTTPS(parts.hostname, port, addresses, timeout, context or ssl.create_default_context())
    else:
        connection = _PinnedHTTP(parts.hostname, port, addresses, timeout)
    try:
        connection.request(method, (parts.path or "/") + (f"?{parts.query}" if parts.query else ""), headers=headers)
        response = connection.getresponse()
        body = response.read(read_limit) if read_limit and method != "HEAD" else b""
        return response.status, response.headers, body
    finally:
        connection.close()


def request(
    url: str,
    method: str = "GET",
    *,
    headers: Mapping[str, str] | None = None,
    timeout: float = 5.0,
    max_redirects: int = 0,
    same_host: bool = False,
    read_limit: int = 0,
    context: ssl.SSLContext | None = None,
) -> Response:
    """One request to a URL someone gave us; redirects followed up to `max_redirects` times (each
    hop vetted anew; with `same_host`, only on the first URL's host), no cookies kept. At most
    `read_limit` bytes of the body are read. Raises Refused for a forbidden destination, OSError
    or http.client.HTTPException when the network or the server fails."""
    hops = [url]
    host = urlsplit(url).hostname
    while True:
        status, response_headers, body = _one_hop(url, method, headers or {}, timeout, read_limit, context)
        location = response_headers.get("Location", "")
        if status not in REDIRECTS or not location or len(hops) > max_redirects:
            return Response(status, url, response_headers, body, hops)
        target = urljoin(url, location)
        if same_host and urlsplit(target).hostname != host:
            return Response(status, url, response_headers, body, hops)  # not ours to follow
        if status == 303 and method != "HEAD":
            method = "GET"
        url = target
        hops.append(url)
