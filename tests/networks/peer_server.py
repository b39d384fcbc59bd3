"""Another installation over real HTTPS (tests/evidence/json_server.py's server, with TLS): its
own instance key and name, the records it publishes, the keys it lets read its feed. It checks
our signed requests and signs its feed with the production functions (peer_auth, feed), so a test
can also make it misbehave: tamper with a feed, replay an old one, send bytes that are no feed."""

import base64
import datetime as dt
import json
import ssl
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.utils import timezone
from nacl.signing import SigningKey

from glasna.networks import feed, peer_auth
from glasna.networks.identifiers import normalise
from tests.certificates import self_signed
from tests.evidence.json_server import JsonServer, _Handler, json_server


class OtherInstallation:
    def __init__(self, name: str = "glasna.example.al") -> None:
        self.key = SigningKey.generate()
        self.public = base64.b64encode(bytes(self.key.verify_key)).decode()
        self.name = name
        self.records: list[dict[str, Any]] = []
        self.readers: set[str] = set()  # the public keys it registered as peers
        self.nonces: set[tuple[str, str]] = set()
        self.sequence = 0
        self.served: list[dict[str, Any]] = []  # every feed it signed, for replays
        self.tamper: Callable[[dict[str, Any]], Any] | None = None  # changes the feed after signing
        self.raw: bytes | None = None  # answered instead of a feed
        self.issued_at: dt.datetime | None = None  # a clock of its own

    def names(self, link: str, reporter: str, countries: list[str], first_seen: str) -> None:
        """One of its organisations records a space (the pseudonym under the shared linkage key)."""
        from glasna.networks import federation

        identifier = normalise(link)
        self.records.append(
            {
                "platform": identifier.platform,
                "kind": identifier.kind,
                "pseudonym": federation.pseudonym(identifier),
                "reporter": reporter,
                "countries": countries,
                "first_seen": first_seen,
            }
        )

    def answer(self, path: str, headers: Any) -> tuple[int, bytes]:
        def remember(reader: str, nonce: str) -> bool:
            fresh = (reader, nonce) not in self.nonces
            self.nonces.add((reader, nonce))
            return fresh

        lookup = lambda key: key if key in self.readers else None  # noqa: E731 - one line
        try:
            reader = peer_auth.verify_request("GET", path, headers, self.public, timezone.now(), lookup, remember)
        except peer_auth.RequestRefused as refused:
            return refused.status, json.dumps({"error": refused.code}).encode()
        if self.raw is not None:
            return 200, self.raw
        self.sequence += 1
        issued = self.issued_at or timezone.now()
        document = feed.document(self.records, self.name, self.sequence, issued, reader, self.key)
        self.served.append(document)
        return 200, json.dumps(self.tamper(document) if self.tamper else document).encode()


class _FeedHandler(_Handler):
    installation: OtherInstallation

    def do_GET(self) -> None:  # noqa: N802 - http.server's hook name
        self.asked.append(self.path)
        status, body = self.installation.answer(self.path, self.headers)
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def serving(installation: OtherInstallation, directory: Path) -> Iterator[tuple[JsonServer, Path]]:
    """The installation on https://localhost:PORT, and the CA file that trusts its certificate."""
    certificate = self_signed(directory, "localhost", dt.timedelta(hours=1), ca=True)
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(certificate.cert_path, certificate.key_path)
    with json_server(_FeedHandler, tls, installation=installation) as server:
        yield server, certificate.cert_path
