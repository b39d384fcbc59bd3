"""A real RFC 3161 time-stamping authority for tests: a throwaway CA, a TSA certificate, and `openssl ts -reply`
behind http.server on 127.0.0.1.

Paths select behaviour so tests can meet each failure a real TSA can produce:
  /tsa        stamps the request (the normal case)
  /reject     a TSA that only accepts SHA-512, so OpenSSL itself answers "rejection, badAlg"
  /replay     answers with the last reply /tsa gave, whatever was asked (a stale or replayed reply)
  /error      HTTP 500
  /garbage    200 with the right content type and bytes that are not DER
  /html       200 with an HTML page, as a misconfigured proxy would"""

import subprocess
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPLY_TYPE = "application/timestamp-reply"

_CONFIG = """\
[ tsa ]
default_tsa = tsa_sha256

[ tsa_sha256 ]
dir = {dir}
serial = $dir/serial
crypto_device = builtin
signer_cert = $dir/tsa.pem
signer_key = $dir/tsa.key
signer_digest = sha256
default_policy = 1.3.6.1.4.1.99999.1
digests = sha256, sha384, sha512
accuracy = secs:1
ordering = no
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256

[ tsa_sha512_only ]
dir = {dir}
serial = $dir/serial
crypto_device = builtin
signer_cert = $dir/tsa.pem
signer_key = $dir/tsa.key
signer_digest = sha256
default_policy = 1.3.6.1.4.1.99999.1
digests = sha512

[ tsa_cert ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = critical, timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
"""


def _openssl(*args: str, cwd: Path) -> bytes:
    return subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True).stdout


def make_ca(directory: Path, name: str = "Glasna Test CA") -> tuple[Path, Path]:
    """A self-signed EC CA valid for a day: (certificate PEM, key PEM)."""
    cert, key = directory / "ca.pem", directory / "ca.key"
    _openssl(
        "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", f"/CN={name}",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        cwd=directory,
    )  # fmt: skip
    return cert, key


def make_tsa(directory: Path) -> Path:
    """CA, TSA key and certificate, serial file and openssl.cnf in `directory`; returns the config path."""
    ca_cert, ca_key = make_ca(directory)
    config = directory / "openssl.cnf"
    config.write_text(_CONFIG.format(dir=directory))
    (directory / "serial").write_text("01\n")
    _openssl(
        "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
        "-keyout", "tsa.key", "-out", "tsa.csr", "-subj", "/CN=Glasna Test TSA",
        cwd=directory,
    )  # fmt: skip
    _openssl(
        "x509", "-req", "-in", "tsa.csr", "-CA", str(ca_cert), "-CAkey", str(ca_key), "-set_serial", "2",
        "-days", "1", "-extfile", str(config), "-extensions", "tsa_cert", "-out", "tsa.pem",
        cwd=directory,
    )  # fmt: skip
    return config


@dataclass
class LocalTsa:
    url: str
    ca_pem: bytes

    def at(self, path: str) -> str:
        """The URL of one of the behaviours listed in this module's docstring."""
        return self.url.removesuffix("/tsa") + path


class _Handler(BaseHTTPRequestHandler):
    server: "_TsaServer"

    def do_POST(self) -> None:
        query = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        if self.path == "/error":
            self._send(500, "text/plain", b"internal error")
        elif self.path == "/garbage":
            self._send(200, REPLY_TYPE, b"\x00not a time-stamp reply\xff" * 4)
        elif self.path == "/html":
            self._send(200, "text/html", b"<html><body>Please log in</body></html>")
        elif self.path == "/replay":
            self._send(200, REPLY_TYPE, self.server.last_reply)
        elif self.path in ("/tsa", "/reject"):
            try:
                reply = self.server.reply(query, "tsa_sha256" if self.path == "/tsa" else "tsa_sha512_only")
            except subprocess.CalledProcessError:
                self._send(400, "text/plain", b"openssl could not read the query")
                return
            if self.path == "/tsa":
                self.server.last_reply = reply
            self._send(200, REPLY_TYPE, reply)
        else:
            self._send(404, "text/plain", b"no such path")

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep test output clean


class _TsaServer(ThreadingHTTPServer):
    def __init__(self, directory: Path, config: Path) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.directory, self.config = directory, config
        self.last_reply = b""
        self._lock = threading.Lock()  # the serial file is read-modify-write

    def reply(self, query: bytes, section: str) -> bytes:
        with self._lock:
            (self.directory / "query.tsq").write_bytes(query)
            _openssl(
                "ts", "-reply", "-config", str(self.config), "-section", section,
                "-queryfile", "query.tsq", "-out", "reply.tsr",
                cwd=self.directory,
            )  # fmt: skip
            return (self.directory / "reply.tsr").read_bytes()


@contextmanager
def running_tsa() -> Iterator[LocalTsa]:
    """A TSA serving on a free port of 127.0.0.1 until the block ends; its files vanish with it."""
    with tempfile.TemporaryDirectory(prefix="glasna-test-tsa-") as tmp:
        directory = Path(tmp)
        config = make_tsa(directory)
        server = _TsaServer(directory, config)
        thread = threading.Thread(target=server.serve_forever, name="local-tsa", daemon=True)
        thread.start()
        try:
            host, port = server.server_address[:2]
            yield LocalTsa(url=f"http://{host!s}:{port}/tsa", ca_pem=(directory / "ca.pem").read_bytes())
        finally:
            server.shutdown()
            server.server_close()
            thread.join(timeout=5)
