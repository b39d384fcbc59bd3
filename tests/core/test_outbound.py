"""Outbound requests on addresses users gave us: no request forgery towards the server's own
network. Real local HTTP(S) servers on loopback stand in for both the outside world (when
allow-listed) and the inside the server must not reach."""

import datetime
import http.server
import ipaddress
import socket
import ssl
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from glasna.core import outbound
from tests.certificates import self_signed


class _Recorder(http.server.BaseHTTPRequestHandler):
    """Answers 200, or redirects /to/<url>; records every request it receives."""

    hits: list[dict[str, str]]

    def do_GET(self) -> None:  # noqa: N802 - http.server's hook name
        self.hits.append({"path": self.path, "host": self.headers.get("Host", "")})
        if self.path.startswith("/to/"):
            self.send_response(302)
            self.send_header("Location", self.path[len("/to/") :])
        else:
            self.send_response(200)
            self.send_header("Content-Length", "2")
        self.end_headers()
        if not self.path.startswith("/to/"):
            self.wfile.write(b"ok")

    def log_message(self, *args: Any) -> None:
        pass


class _Server:
    def __init__(self, host: str, tls: ssl.SSLContext | None = None, port: int = 0) -> None:
        handler = type("Handler", (_Recorder,), {"hits": []})
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        server_class = type("Server", (http.server.ThreadingHTTPServer,), {"address_family": family})
        self.httpd = server_class((host, port), handler)
        if tls is not None:
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        self.hits: list[dict[str, str]] = handler.hits
        threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True).start()  # quick shutdown

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def serve() -> Iterator[Callable[..., _Server]]:
    servers: list[_Server] = []

    def start(host: str = "127.0.0.1", tls: ssl.SSLContext | None = None, port: int = 0) -> _Server:
        servers.append(_Server(host, tls, port))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def test_a_loopback_server_is_reached_only_when_allow_listed(serve: Callable[..., _Server], settings: Any) -> None:
    server = serve()
    url = f"http://127.0.0.1:{server.port}/page"
    settings.GLASNA_OUTBOUND_ALLOW = []
    with pytest.raises(outbound.Refused):
        outbound.request(url)
    assert server.hits == []
    settings.GLASNA_OUTBOUND_ALLOW = ["127.0.0.0/8"]
    response = outbound.request(url, read_limit=10)
    assert (response.status, response.body) == (200, b"ok")
    assert server.hits == [{"path": "/page", "host": f"127.0.0.1:{server.port}"}]


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:{port}/",
        "http://127.1.2.3:{port}/",
        "http://localhost:{port}/",  # a name that resolves to loopback
        "http://10.0.0.1:{port}/",
        "http://172.16.0.1/",
        "http://192.168.1.1/",
        "http://100.64.0.1/",  # carrier-grade NAT
        "http://169.254.169.254/latest/meta-data/",  # cloud metadata
        "http://0.0.0.0:{port}/",
        "http://224.0.0.1/",
        "http://240.0.0.1/",
        "http://[::1]:{port}/",
        "http://[::]:{port}/",
        "http://[::ffff:127.0.0.1]:{port}/",
        "http://[::ffff:169.254.169.254]/",
        "http://[64:ff9b::a9fe:a9fe]/",  # NAT64 of the metadata address
        "http://[2002:7f00:1::]/",  # 6to4 of 127.0.0.1
        "http://[fe80::1]/",
        "http://[fc00::1]/",
        "http://[ff02::1]/",
        "https://127.0.0.1:{port}/",
        "ftp://127.0.0.1/",
        "file:///etc/passwd",
    ],
)
def test_the_inside_is_refused(serve: Callable[..., _Server], settings: Any, url: str) -> None:
    settings.GLASNA_OUTBOUND_ALLOW = []
    server = serve()
    with pytest.raises(outbound.Refused):
        outbound.request(url.format(port=server.port), timeout=2)
    assert server.hits == []


def test_a_redirect_into_the_inside_is_refused(serve: Callable[..., _Server], settings: Any) -> None:
    outside, inside = serve("127.0.0.2"), serve("127.0.0.1")
    settings.GLASNA_OUTBOUND_ALLOW = ["127.0.0.2/32"]  # 127.0.0.2 plays a public site
    for target in (f"http://127.0.0.1:{inside.port}/secret", f"http://[::ffff:127.0.0.1]:{inside.port}/secret"):
        with pytest.raises(outbound.Refused):
            outbound.request(f"http://127.0.0.2:{outside.port}/to/{target}", max_redirects=3)
    assert len(outside.hits) == 2 and inside.hits == []
    # The same redirect to an allowed address is followed, so the refusal above is the check's.
    settings.GLASNA_OUTBOUND_ALLOW = ["127.0.0.0/8"]
    response = outbound.request(f"http://127.0.0.2:{outside.port}/to/http://127.0.0.1:{inside.port}/x", max_redirects=3)
    assert response.status == 200 and [hit["path"] for hit in inside.hits] == ["/x"]


def test_the_connection_goes_to_the_address_that_was_checked(
    serve: Callable[..., _Server], settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DNS rebinding: a name that answers an allowed address to the check and a forbidden one a
    moment later. Only one lookup may happen, and the connection goes where it pointed."""
    allowed = serve("127.0.0.2")
    forbidden = serve("127.0.0.1", port=allowed.port)  # same port: a second lookup would land here
    settings.GLASNA_OUTBOUND_ALLOW = ["127.0.0.2/32"]
    real = socket.getaddrinfo
    lookups: list[str] = []

    def rebinding_resolver(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        if host != "rebind.test":
            return real(host, port, *args, **kwargs)  # numeric addresses: no lookup involved
        lookups.append(host)
        answer = "127.0.0.2" if len(lookups) == 1 else "127.0.0.1"
        return real(answer, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding_resolver)
    response = outbound.request(f"http://rebind.test:{allowed.port}/page")
    assert response.status == 200 and lookups == ["rebind.test"]
    assert allowed.hits == [{"path": "/page", "host": f"rebind.test:{allowed.port}"}]
    assert forbidden.hits == []


def _tls_pair(directory: Path) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """A server context with a throwaway certificate for "glasna-test.example", and a client
    context that trusts only it."""
    pair = self_signed(directory, "glasna-test.example", datetime.timedelta(hours=1), ca=True)
    cert_path, key_path = pair.cert_path, pair.key_path
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(cert_path, key_path)
    client = ssl.create_default_context(cafile=str(cert_path))
    return server, client


def test_https_checks_the_certificate_against_the_name_not_the_address(
    serve: Callable[..., _Server], settings: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    server_tls, client_tls = _tls_pair(tmp_path)
    server = serve("127.0.0.1", tls=server_tls)
    settings.GLASNA_OUTBOUND_ALLOW = ["127.0.0.0/8"]
    real = socket.getaddrinfo

    def resolver(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
        return real("127.0.0.1" if host == "glasna-test.example" else host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    response = outbound.request(f"https://glasna-test.example:{server.port}/page", context=client_tls)
    assert response.status == 200 and server.hits[-1]["host"] == f"glasna-test.example:{server.port}"
    with pytest.raises(ssl.SSLCertVerificationError):  # by address, the certificate does not match
        outbound.request(f"https://127.0.0.1:{server.port}/page", context=client_tls)


# --- The rule itself -----------------------------------------------------------------------------

relaxed = hypothesis_settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
NON_PUBLIC = ["0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12"]
NON_PUBLIC += ["192.168.0.0/16", "224.0.0.0/4", "240.0.0.0/4", "::1/128", "fc00::/7", "fe80::/10", "ff00::/8"]


@relaxed
@given(st.sampled_from(NON_PUBLIC).flatmap(lambda net: st.ip_addresses(network=net)))
def test_non_public_addresses_are_never_permitted(address: Any) -> None:
    assert not outbound.permitted(address)
    assert outbound.permitted(address, [ipaddress.ip_network(address)])  # unless allow-listed


@relaxed
@given(st.ip_addresses(v=4))
def test_ipv4_inside_ipv6_gets_the_same_verdict(address: ipaddress.IPv4Address) -> None:
    mapped = ipaddress.IPv6Address(f"::ffff:{address}")
    nat64 = ipaddress.IPv6Address(int(ipaddress.IPv6Address("64:ff9b::")) | int(address))
    if not outbound.permitted(address):
        assert not outbound.permitted(mapped) and not outbound.permitted(nat64)


def test_public_addresses_are_permitted() -> None:
    for text in ("93.184.215.14", "1.1.1.1", "2606:4700:4700::1111", "2a00:1450:4001::200e"):
        assert outbound.permitted(ipaddress.ip_address(text)), text
