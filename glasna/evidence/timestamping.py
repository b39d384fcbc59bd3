"""RFC 3161 time-stamps for the custody log's tree heads, from a time-stamping authority (TSA) named by URL.

A stamp is independent evidence that a tree head existed at a time, signed by a third party. The client
speaks just enough DER to build a request and read the reply (the structures are small and fixed);
cryptographic verification is left to `openssl ts -verify` on the server. The offline bundle verifier
(`glasna verify`) is to carry its own check rather than depend on this module or an openssl binary."""

import http.client
import secrets
import shutil
import subprocess
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol

SHA256_DIGEST_SIZE = 32
MAX_REPLY_BYTES = 1 << 20  # a reply is a few KiB (token plus certificate chain); refuse anything far larger
VERIFY_TIMEOUT_SECONDS = 30
_REPLY_TYPES = {"application/timestamp-reply", "application/timestamp-response"}  # RFC 3161; a common variant

# ASN.1 universal tags and the context tags used by CMS and TSTInfo.
_INTEGER, _BOOLEAN, _OCTET_STRING, _NULL, _OID = 0x02, 0x01, 0x04, 0x05, 0x06
_UTF8_STRING, _GENERALIZED_TIME, _SEQUENCE, _SET, _BIT_STRING = 0x0C, 0x18, 0x30, 0x31, 0x03
_EXPLICIT_0 = 0xA0

_STATUS_NAMES = {
    0: "granted",
    1: "granted with modifications",
    2: "rejection",
    3: "waiting",
    4: "revocation warning",
    5: "revocation notification",
}
_FAILURE_NAMES = {
    0: "badAlg",
    2: "badRequest",
    5: "badDataFormat",
    14: "timeNotAvailable",
    15: "unacceptedPolicy",
    16: "unacceptedExtension",
    17: "addInfoNotAvailable",
    25: "systemFailure",
}


class TimestampError(Exception):
    """The TSA could not be reached, refused, answered nonsense, or a token does not verify."""


@dataclass(frozen=True)
class TimestampToken:
    """A granted stamp: `token` is the DER ContentInfo (CMS SignedData over a TSTInfo), kept as evidence."""

    token: bytes
    gen_time: datetime
    serial_number: int


class TimestampAuthority(Protocol):
    """Whatever stamps a SHA-256 digest: a TSA over HTTP in production, possibly none in the embedded profile."""

    def stamp(self, digest: bytes) -> TimestampToken: ...


@dataclass(frozen=True)
class HttpTimestampAuthority:
    """A TSA reached over HTTP(S) with the RFC 3161 transport (POST application/timestamp-query)."""

    url: str
    timeout: float = 20

    def stamp(self, digest: bytes) -> TimestampToken:
        return request_timestamp(self.url, digest, self.timeout)


# --- DER encoding -------------------------------------------------------------------------------------------


def _tlv(tag: int, content: bytes) -> bytes:
    size = len(content)
    if size < 0x80:
        return bytes([tag, size]) + content
    length = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(length)]) + length + content


def _integer(value: int) -> bytes:
    if value < 0:
        raise ValueError("only non-negative integers are encoded")
    return _tlv(_INTEGER, value.to_bytes(value.bit_length() // 8 + 1, "big"))


def _oid(dotted: str) -> bytes:
    arcs = [int(arc) for arc in dotted.split(".")]
    body = bytearray()
    for arc in [40 * arcs[0] + arcs[1], *arcs[2:]]:
        chunk = [arc & 0x7F]
        while arc := arc >> 7:
            chunk.append(0x80 | (arc & 0x7F))
        body += bytes(reversed(chunk))
    return _tlv(_OID, bytes(body))


_SHA256 = _oid("2.16.840.1.101.3.4.2.1")
_SIGNED_DATA = _oid("1.2.840.113549.1.7.2")
_TST_INFO = _oid("1.2.840.113549.1.9.16.1.4")


def build_request(digest: bytes, nonce: int | None = None) -> bytes:
    """A DER TimeStampReq (v1) for a SHA-256 digest, asking for the TSA's certificate in the token."""
    if len(digest) != SHA256_DIGEST_SIZE:
        raise ValueError(f"a SHA-256 digest is {SHA256_DIGEST_SIZE} bytes, got {len(digest)}")
    # Parameters NULL rather than absent: both are valid for SHA-256, and older TSAs only know NULL.
    algorithm = _tlv(_SEQUENCE, _SHA256 + _tlv(_NULL, b""))
    imprint = _tlv(_SEQUENCE, algorithm + _tlv(_OCTET_STRING, digest))
    fields = _integer(1) + imprint
    if nonce is not None:
        fields += _integer(nonce)
    fields += _tlv(_BOOLEAN, b"\xff")  # certReq TRUE
    return _tlv(_SEQUENCE, fields)


# --- DER decoding -------------------------------------------------------------------------------------------


class _Reader:
    """Walks the elements of one constructed DER value in order; anything unexpected is a TimestampError."""

    def __init__(self, content: bytes, what: str) -> None:
        self._data, self._pos, self._what = content, 0, what

    def _peek(self) -> tuple[int, int, int] | None:
        data, pos = self._data, self._pos
        if pos >= len(data):
            return None
        if pos + 2 > len(data) or data[pos] & 0x1F == 0x1F:
            raise TimestampError(f"malformed {self._what}")
        tag, size, pos = data[pos], data[pos + 1], pos + 2
        if size & 0x80:
            count = size & 0x7F
            if not 0 < count <= 4 or pos + count > len(data):  # 0 is BER's indefinite length
                raise TimestampError(f"malformed {self._what}")
            size, pos = int.from_bytes(data[pos : pos + count], "big"), pos + count
        if pos + size > len(data):
            raise TimestampError(f"malformed {self._what} (truncated)")
        return tag, pos, pos + size

    def optional(self, tag: int, *, whole: bool = False) -> bytes | None:
        """The next element's content (or, with `whole`, its exact encoding) if it has this tag."""
        peeked = self._peek()
        if peeked is None or peeked[0] != tag:
            return None
        header_start = self._pos
        _, start, self._pos = peeked
        return self._data[header_start if whole else start : self._pos]

    def take(self, tag: int) -> bytes:
        content = self.optional(tag)
        if content is None:
            raise TimestampError(f"malformed {self._what}")
        return content

    def skip(self) -> None:
        peeked = self._peek()
        if peeked is None:
            raise TimestampError(f"malformed {self._what}")
        self._pos = peeked[2]

    def at_end(self) -> bool:
        return self._pos >= len(self._data)


def _whole(data: bytes, tag: int, what: str) -> bytes:
    """The content of the single element `data` must consist of."""
    reader = _Reader(data, what)
    content = reader.take(tag)
    if not reader.at_end():
        raise TimestampError(f"trailing data after {what}")
    return content


def _signed(content: bytes) -> int:
    return int.from_bytes(content, "big", signed=True)


def _generalized_time(content: bytes) -> datetime:
    text = content.decode("ascii", "replace")
    try:
        if not text.endswith("Z") or len(text) < 15:
            raise ValueError(text)
        moment = datetime.strptime(text[:14], "%Y%m%d%H%M%S").replace(tzinfo=UTC)
        fraction = text[14:-1]
        if fraction:
            if fraction[0] != "." or not fraction[1:].isdigit():
                raise ValueError(text)
            moment += timedelta(microseconds=round(float("0" + fraction) * 1_000_000))
    except ValueError:
        raise TimestampError(f"unreadable genTime {text!r}") from None
    return moment


@dataclass(frozen=True)
class _TstInfo:
    digest: bytes
    serial_number: int
    gen_time: datetime
    nonce: int | None


def _read_tst_info(token: bytes) -> _TstInfo:
    """The signed TSTInfo inside a token (ContentInfo → SignedData → encapContentInfo → eContent)."""
    content_info = _Reader(_whole(token, _SEQUENCE, "token"), "token")
    if _tlv(_OID, content_info.take(_OID)) != _SIGNED_DATA:
        raise TimestampError("token is not CMS SignedData")
    signed_data = _Reader(_whole(content_info.take(_EXPLICIT_0), _SEQUENCE, "SignedData"), "SignedData")
    signed_data.take(_INTEGER)  # version
    signed_data.take(_SET)  # digestAlgorithms
    encapsulated = _Reader(signed_data.take(_SEQUENCE), "encapContentInfo")
    if _tlv(_OID, encapsulated.take(_OID)) != _TST_INFO:
        raise TimestampError("token does not carry a TSTInfo")
    tst_der = _whole(encapsulated.take(_EXPLICIT_0), _OCTET_STRING, "eContent")

    tst = _Reader(_whole(tst_der, _SEQUENCE, "TSTInfo"), "TSTInfo")
    tst.take(_INTEGER)  # version
    tst.take(_OID)  # policy
    imprint = _Reader(tst.take(_SEQUENCE), "messageImprint")
    algorithm = _Reader(imprint.take(_SEQUENCE), "hash algorithm")
    if _tlv(_OID, algorithm.take(_OID)) != _SHA256:
        raise TimestampError("token's messageImprint is not SHA-256")
    digest = imprint.take(_OCTET_STRING)
    serial_number = _signed(tst.take(_INTEGER))
    gen_time = _generalized_time(tst.take(_GENERALIZED_TIME))
    tst.optional(_SEQUENCE)  # accuracy
    tst.optional(_BOOLEAN)  # ordering
    nonce = tst.optional(_INTEGER)
    return _TstInfo(digest, serial_number, gen_time, None if nonce is None else _signed(nonce))


def _status_text(status_info: bytes) -> str:
    reader = _Reader(status_info, "PKIStatusInfo")
    status = _signed(reader.take(_INTEGER))
    parts = [_STATUS_NAMES.get(status, f"status {status}")]
    free_text = reader.optional(_SEQUENCE)
    if free_text is not None:
        texts = _Reader(free_text, "statusString")
        while not texts.at_end():
            parts.append(texts.take(_UTF8_STRING).decode("utf-8", "replace"))
    fail_info = reader.optional(_BIT_STRING)
    if fail_info:
        bits = int.from_bytes(fail_info[1:], "big")
        width = 8 * (len(fail_info) - 1)
        parts += [
            _FAILURE_NAMES.get(bit, f"failure bit {bit}") for bit in range(width) if bits >> (width - 1 - bit) & 1
        ]
    return "; ".join(parts)


def parse_response(reply: bytes, digest: bytes, nonce: int | None) -> TimestampToken:
    """The token from a DER TimeStampResp, after checking it was granted for this digest and nonce."""
    response = _Reader(_whole(reply, _SEQUENCE, "TimeStampResp"), "TimeStampResp")
    status_info = response.take(_SEQUENCE)
    status = _signed(_Reader(status_info, "PKIStatusInfo").take(_INTEGER))
    if status not in (0, 1):
        raise TimestampError(f"TSA refused the request: {_status_text(status_info)}")
    token = response.optional(_SEQUENCE, whole=True)  # the exact bytes the TSA signed over, kept as evidence
    if token is None:
        raise TimestampError("TSA granted the request but sent no token")
    info = _read_tst_info(token)
    if info.digest != digest:
        raise TimestampError("TSA stamped a different digest than the one sent")
    if info.nonce != nonce:
        raise TimestampError("TSA reply's nonce does not match the request (stale or replayed reply)")
    return TimestampToken(token=token, gen_time=info.gen_time, serial_number=info.serial_number)


# --- transport and verification -----------------------------------------------------------------------------


def _post(url: str, body: bytes, timeout: float) -> bytes:
    if not url.lower().startswith(("http://", "https://")):
        raise TimestampError(f"TSA URL must be http(s): {url!r}")
    headers = {"Content-Type": "application/timestamp-query"}
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)  # noqa: S310 (scheme checked)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (scheme checked above)
            content_type = response.headers.get_content_type()
            reply: bytes = response.read(MAX_REPLY_BYTES + 1)
            status = response.status
    except urllib.error.HTTPError as error:
        error.close()
        raise TimestampError(f"TSA answered HTTP {error.code} {error.reason}") from None
    except urllib.error.URLError as error:
        raise TimestampError(f"TSA unreachable at {url}: {error.reason}") from None
    except TimeoutError:
        raise TimestampError(f"TSA at {url} did not answer within {timeout:g} s") from None
    except (OSError, http.client.HTTPException) as error:
        raise TimestampError(f"TSA connection failed at {url}: {error!r}") from None
    if status != 200:
        raise TimestampError(f"TSA answered HTTP {status}")
    if content_type not in _REPLY_TYPES:
        raise TimestampError(f"TSA answered with content type {content_type!r}, not a time-stamp reply")
    if len(reply) > MAX_REPLY_BYTES:
        raise TimestampError("TSA reply is implausibly large")
    return reply


def request_timestamp(url: str, digest: bytes, timeout: float = 20) -> TimestampToken:
    """Ask the TSA at `url` to stamp a SHA-256 digest; the token is checked to match, not yet verified."""
    nonce = secrets.randbits(64)
    reply = _post(url, build_request(digest, nonce), timeout)
    return parse_response(reply, digest, nonce)


def verify_token(token: bytes, digest: bytes, ca_cert_pem: bytes) -> datetime:
    """The token's genTime, once OpenSSL confirms it signs `digest` and chains to the given CA.

    `ca_cert_pem` may be a bundle (root plus intermediates). The chain is checked as of now, which suits
    checking a stamp just received; tokens older than the TSA certificate's lifetime will need `-attime`."""
    info = _read_tst_info(token)
    if info.digest != digest:
        raise TimestampError("token stamps a different digest")
    openssl = shutil.which("openssl")
    if openssl is None:
        raise TimestampError("cannot verify time-stamps: the openssl command is not installed")
    with tempfile.TemporaryDirectory(prefix="glasna-tsa-") as tmp:
        token_path, ca_path = Path(tmp, "token.der"), Path(tmp, "ca.pem")
        token_path.write_bytes(token)
        ca_path.write_bytes(ca_cert_pem)
        command = [openssl, "ts", "-verify", "-digest", digest.hex(), "-in", str(token_path), "-token_in"]
        command += ["-CAfile", str(ca_path)]
        try:
            result = subprocess.run(  # noqa: S603 (argument list, no shell; paths are ours)
                command, capture_output=True, text=True, timeout=VERIFY_TIMEOUT_SECONDS, check=False
            )
        except subprocess.TimeoutExpired:
            raise TimestampError("time-stamp verification timed out") from None
    if result.returncode != 0:
        detail = " ".join(line.strip() for line in (result.stdout + result.stderr).splitlines() if line.strip())
        raise TimestampError(f"time-stamp token does not verify: {detail[:500]}")
    return info.gen_time
