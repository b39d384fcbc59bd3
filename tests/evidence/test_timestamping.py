import hashlib
import socket
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from glasna.evidence.timestamping import (
    HttpTimestampAuthority,
    TimestampAuthority,
    TimestampError,
    build_request,
    request_timestamp,
    verify_token,
)
from tests.evidence.tsa_server import LocalTsa, make_ca
from tests.ports import free_port

DIGEST = hashlib.sha256(b"tree head 42").digest()
OTHER_DIGEST = hashlib.sha256(b"tree head 43").digest()


def _openssl(*args: str) -> str:
    return subprocess.run(["openssl", *args], check=True, capture_output=True, text=True).stdout


def _flip(token: bytes, index: int) -> bytes:
    return token[:index] + bytes([token[index] ^ 0x01]) + token[index + 1 :]


# --- the request, checked against OpenSSL's own encoder and parser ------------------------------------------


def test_request_without_nonce_is_byte_identical_to_openssl(tmp_path: Path) -> None:
    theirs = tmp_path / "openssl.tsq"
    _openssl("ts", "-query", "-digest", DIGEST.hex(), "-sha256", "-cert", "-no_nonce", "-out", str(theirs))
    assert build_request(DIGEST) == theirs.read_bytes()


@pytest.mark.parametrize("nonce", [0, 1, 127, 128, 2**63, 2**64 - 1])
def test_request_parses_with_openssl(tmp_path: Path, nonce: int) -> None:
    request = tmp_path / "req.der"
    request.write_bytes(build_request(DIGEST, nonce))
    text = _openssl("ts", "-query", "-in", str(request), "-text")
    assert "Version: 1" in text
    assert "Hash Algorithm: sha256" in text
    assert "Certificate required: yes" in text
    assert f"Nonce: 0x{nonce:X}" in text or f"Nonce: 0x{nonce:02X}" in text
    dumped = "".join(line.split(" - ", 1)[1][:47] for line in text.splitlines() if line.startswith("    00"))
    assert dumped.replace(" ", "").replace("-", "") == DIGEST.hex()


def test_request_refuses_a_digest_that_is_not_sha256() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        build_request(hashlib.sha1(b"x", usedforsecurity=False).digest())


# --- the round trip through a real TSA ----------------------------------------------------------------------


def test_stamp_and_verify_round_trip(local_tsa: LocalTsa) -> None:
    authority: TimestampAuthority = HttpTimestampAuthority(local_tsa.url)
    stamped = authority.stamp(DIGEST)

    gen_time = verify_token(stamped.token, DIGEST, local_tsa.ca_pem)

    assert gen_time == stamped.gen_time
    assert gen_time.tzinfo is UTC
    assert abs(datetime.now(UTC) - gen_time) < timedelta(minutes=1)
    assert stamped.serial_number > 0


def test_each_stamp_gets_a_new_serial(local_tsa: LocalTsa) -> None:
    first = request_timestamp(local_tsa.url, DIGEST)
    second = request_timestamp(local_tsa.url, DIGEST)
    assert second.serial_number > first.serial_number


def test_verification_fails_for_another_digest(local_tsa: LocalTsa) -> None:
    stamped = request_timestamp(local_tsa.url, DIGEST)
    with pytest.raises(TimestampError, match="different digest"):
        verify_token(stamped.token, OTHER_DIGEST, local_tsa.ca_pem)


def test_verification_fails_for_another_ca(local_tsa: LocalTsa, tmp_path: Path) -> None:
    stamped = request_timestamp(local_tsa.url, DIGEST)
    other_ca, _ = make_ca(tmp_path, "Someone Else's CA")
    with pytest.raises(TimestampError, match="does not verify"):
        verify_token(stamped.token, DIGEST, other_ca.read_bytes())


def test_verification_fails_for_a_tampered_token(local_tsa: LocalTsa) -> None:
    token = request_timestamp(local_tsa.url, DIGEST).token
    signed_time = token.index(b"\x18\x0f") + 2  # GeneralizedTime, 15 characters: YYYYMMDDHHMMSSZ
    signed_serial = token.index(DIGEST) + len(DIGEST) + 2  # serialNumber follows the imprint
    places = {"genTime": signed_time + 3, "serial": signed_serial, "signature": len(token) - 1}
    for place, index in places.items():
        with pytest.raises(TimestampError):
            verify_token(_flip(token, index), DIGEST, local_tsa.ca_pem)
            pytest.fail(f"a flipped byte in the {place} went unnoticed")


def test_verification_fails_for_garbage(local_tsa: LocalTsa) -> None:
    with pytest.raises(TimestampError, match="malformed"):
        verify_token(b"\x30\x03\x02\x01", DIGEST, local_tsa.ca_pem)


# --- a TSA that misbehaves ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/error", "HTTP 500"),
        ("/nowhere", "HTTP 404"),
        ("/garbage", "malformed"),
        ("/html", "content type 'text/html'"),
        ("/reject", "refused the request: rejection.*badAlg"),
    ],
)
def test_misbehaving_tsa(local_tsa: LocalTsa, path: str, message: str) -> None:
    with pytest.raises(TimestampError, match=message):
        request_timestamp(local_tsa.at(path), DIGEST)


def test_replayed_reply_is_refused(local_tsa: LocalTsa) -> None:
    request_timestamp(local_tsa.url, DIGEST)
    with pytest.raises(TimestampError, match="nonce"):
        request_timestamp(local_tsa.at("/replay"), DIGEST)  # same digest, but the old reply has the old nonce
    with pytest.raises(TimestampError, match="different digest"):
        request_timestamp(local_tsa.at("/replay"), OTHER_DIGEST)


def test_unreachable_tsa() -> None:
    port = free_port()  # nothing listens there
    with pytest.raises(TimestampError, match="unreachable"):
        request_timestamp(f"http://127.0.0.1:{port}/tsa", DIGEST, timeout=5)


def test_silent_tsa_times_out() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()  # the kernel accepts the connection; nobody ever answers
        port = listener.getsockname()[1]
        with pytest.raises(TimestampError, match="did not answer within 0.5 s"):
            request_timestamp(f"http://127.0.0.1:{port}/tsa", DIGEST, timeout=0.5)


def test_only_http_urls() -> None:
    with pytest.raises(TimestampError, match="must be http"):
        request_timestamp("file:///etc/passwd", DIGEST)
