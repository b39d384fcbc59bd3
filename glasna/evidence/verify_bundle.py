#!/usr/bin/env python3
"""Verify a Glasna evidence bundle offline. Needs only Python 3.10+ and its standard library.

    python3 verify.py                      # in the unpacked bundle folder
    python3 verify.py BUNDLE.zip           # or the ZIP itself
    python3 verify.py BUNDLE.zip --key "FINGERPRINT"   # the organisation's published key fingerprint
    python3 verify.py BUNDLE.zip --key KEY  # or the published public key itself (hex or base64)
    python3 verify.py BUNDLE.zip --tsa-ca tsa-ca.pem   # the time-stamping authority's CA certificate
    python3 verify.py BUNDLE.zip --key "..." --witness-key "FP1" --witness-key "FP2"  # trusted witnesses

What it checks, and prints a verdict for:
  1. manifest.json is signed by the log key (any changed byte in it is reported);
  2. every file listed in the manifest has the SHA-256 written there; no file is missing or extra;
  3. the signed tree head's Ed25519 signature (pure Python, RFC 8032; no library needed);
  4. for every item: its original file matches the SHA-256 in its record; the record (capture details,
     metadata) matches the commitment made when it was added; each custody event is in the log, proved
     by an RFC 6962 inclusion proof against the signed tree head;
  5. every time-stamp: its message imprint is the SHA-256 of the tree head it stamps; older stamped
     heads are proved to be prefixes of the bundle's head (consistency proofs); and, when the openssl
     command and the TSA's CA certificate are available, the token's signature (`openssl ts -verify`);
     events in no time-stamped head are listed as having no independent time;
  6. completeness: every event of the log from the items' first event to the head is accounted for
     (the items' own are listed, the others given) and rebuilds the signed root; staff notes and the
     survivor's submitted files match their commitments in the log;
  7. witnesses: every cosignature (by other organisations' witnesses) verifies over the head it names,
     each cosigned head is a prefix of the bundle's head (consistency proof), and it says how many
     distinct witnesses saw a head containing these events (with --witness-key, only those you trust).
Anyone can build a consistent bundle and sign it with a key of their own: only the organisation's
published key (or its fingerprint), given with --key, ties the bundle to the organisation.

Exit status: 0 everything verified against the key given with --key; 1 something was altered, or
the bundle was signed by another key than the one given; 2 usage error (no such file, not a ZIP,
a malformed key, a missing CA file): nothing was checked; 3 the bundle is internally consistent,
but no key was given, so who signed it is not established.

This file is the same code `glasna verify` runs; it imports nothing from Glasna."""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

FORMAT = "glasna-evidence-bundle-v1"
MANIFEST, MANIFEST_SIG = "manifest.json", "manifest.sig"
BUNDLE_SIG_LABEL = b"glasna-bundle-v1\n"
STH_PREFIX = b"glasna-sth-v1\n"
COMMIT_LABEL = b"glasna-commit-v1\n"
COSIG_LABEL = b"glasna-cosig-v1\n"
READ = 1 << 20
EXIT_VERIFIED, EXIT_ALTERED, EXIT_USAGE, EXIT_UNPINNED = 0, 1, 2, 3


# --- keys: what --key and --witness-key accept, and the fingerprint printed -----------------------------------


def fingerprint(key: bytes) -> str:
    """The log key's fingerprint: SHA-256 of the 32-byte public key, in 16 groups of four hex digits.

    The one definition: Glasna's pages, commands, reports and bundles all print this."""
    digest = hashlib.sha256(key).hexdigest()
    return " ".join(digest[i : i + 4] for i in range(0, len(digest), 4))


class UsageError(Exception):
    """The verifier was asked something it cannot check (no such file, not a ZIP, a malformed key)."""


def parse_key(text: str) -> bytes:
    """32 bytes from --key: the public key (64 hex digits or base64) or its fingerprint (64 hex digits,
    spaces and colons allowed). Which one it is need not be known: `pins` accepts both."""
    compact = "".join(text.split()).replace(":", "")
    if compact.lower().startswith("sha256"):
        compact = compact[6:]
    if len(compact) == 64:
        try:
            return bytes.fromhex(compact)
        except ValueError:
            pass
    try:
        raw = base64.b64decode(
            compact + "=" * (-len(compact) % 4),
            altchars=b"-_" if "-" in compact or "_" in compact else None,
            validate=True,
        )
    except (ValueError, binascii.Error):
        raw = b""
    if len(raw) == 32:
        return raw
    raise UsageError(
        "--key must be the organisation's log public key (64 hex digits, or 44 characters of base64) or its "
        "fingerprint (64 hex digits, in groups of four as published)"
    )


def pins(given: bytes, key: bytes) -> bool:
    """Whether a --key value names this public key: the key itself, or its SHA-256 fingerprint. A value
    cannot be both for two different keys without breaking SHA-256's preimage resistance."""
    return given == key or given == hashlib.sha256(key).digest()


# --- Ed25519 verification, RFC 8032 §6 reference arithmetic -----------------------------------------------

_P = 2**255 - 19
_Q = 2**252 + 27742317777372353535851937790883648493


def _inv(x: int) -> int:
    return pow(x, _P - 2, _P)


_D = -121665 * _inv(121666) % _P
_SQRT_M1 = pow(2, (_P - 1) // 4, _P)


def _add(p1: tuple[int, int, int, int], p2: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    a = (p1[1] - p1[0]) * (p2[1] - p2[0]) % _P
    b = (p1[1] + p1[0]) * (p2[1] + p2[0]) % _P
    c = 2 * p1[3] * p2[3] * _D % _P
    d = 2 * p1[2] * p2[2] % _P
    e, f, g, h = b - a, d - c, d + c, b + a
    return (e * f % _P, g * h % _P, f * g % _P, e * h % _P)


def _mul(s: int, point: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    result = (0, 1, 1, 0)
    while s > 0:
        if s & 1:
            result = _add(result, point)
        point = _add(point, point)
        s >>= 1
    return result


def _equal(p1: tuple[int, int, int, int], p2: tuple[int, int, int, int]) -> bool:
    return (p1[0] * p2[2] - p2[0] * p1[2]) % _P == 0 and (p1[1] * p2[2] - p2[1] * p1[2]) % _P == 0


def _recover_x(y: int, sign: int) -> int | None:
    if y >= _P:
        return None
    x2 = (y * y - 1) * _inv(_D * y * y + 1)
    if x2 % _P == 0:
        return None if sign else 0
    x = pow(x2, (_P + 3) // 8, _P)
    if (x * x - x2) % _P != 0:
        x = x * _SQRT_M1 % _P
    if (x * x - x2) % _P != 0:
        return None
    if (x & 1) != sign:
        x = _P - x
    return x


_GY = 4 * _inv(5) % _P
_GX = _recover_x(_GY, 0) or 0
_G = (_GX, _GY, 1, _GX * _GY % _P)


def _decompress(data: bytes) -> tuple[int, int, int, int] | None:
    if len(data) != 32:
        return None
    y = int.from_bytes(data, "little")
    sign = y >> 255
    y &= (1 << 255) - 1
    x = _recover_x(y, sign)
    if x is None:
        return None
    return (x, y, 1, x * y % _P)


def ed25519_verify(public: bytes, message: bytes, signature: bytes) -> bool:
    """RFC 8032 §5.1.7 verification (cofactorless, as the reference code)."""
    if len(public) != 32 or len(signature) != 64:
        return False
    a = _decompress(public)
    r = _decompress(signature[:32])
    if a is None or r is None:
        return False
    s = int.from_bytes(signature[32:], "little")
    if s >= _Q:
        return False
    h = int.from_bytes(hashlib.sha512(signature[:32] + public + message).digest(), "little") % _Q
    return _equal(_mul(s, _G), _add(r, _mul(h, a)))


# --- RFC 6962 / 9162 proofs ----------------------------------------------------------------------------------


def leaf_hash(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def _node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def verify_inclusion(index: int, size: int, leaf: bytes, proof: list[bytes], root: bytes) -> bool:
    """RFC 9162 §2.1.3.2."""
    if not 0 <= index < size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = _node(p, r)
            while fn and not fn & 1:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = _node(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


def verify_consistency(old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: list[bytes]) -> bool:
    """RFC 9162 §2.1.4.2 (sizes 0 and equal sizes by the conventions of Glasna's DESIGN.md)."""
    if not 0 <= old_size <= new_size:
        return False
    if old_size == 0:
        return not proof and old_root == hashlib.sha256(b"").digest()
    if old_size == new_size:
        return not proof and old_root == new_root
    if not proof:
        return False
    if old_size & (old_size - 1) == 0:
        first, rest = old_root, list(proof)
    else:
        first, rest = proof[0], list(proof[1:])
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = first
    for c in rest:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = _node(c, fr), _node(c, sr)
            while fn and not fn & 1:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = _node(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and fr == old_root and sr == new_root


def tree_head_payload(head: dict) -> bytes:
    return (
        STH_PREFIX
        + int(head["tree_size"]).to_bytes(8, "big")
        + int(head["timestamp_ms"]).to_bytes(8, "big")
        + bytes.fromhex(head["root_hash"])
    )


def commitment(salt_hex: str, record: dict) -> str:
    body = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(COMMIT_LABEL + bytes.fromhex(salt_hex) + body).hexdigest()


# --- RFC 3161 tokens: just enough DER to read the message imprint and the time --------------------------------


def _der(data: bytes, pos: int) -> tuple[int, int, int]:
    """(tag, content start, content end) of the element at pos."""
    tag, length = data[pos], data[pos + 1]
    pos += 2
    if length & 0x80:
        count = length & 0x7F
        if not 0 < count <= 4:
            raise ValueError("bad DER length")
        length = int.from_bytes(data[pos : pos + count], "big")
        pos += count
    if pos + length > len(data):
        raise ValueError("truncated DER")
    return tag, pos, pos + length


def _children(data: bytes, start: int, end: int) -> list[tuple[int, int, int]]:
    out, pos = [], start
    while pos < end:
        tag, cs, ce = _der(data, pos)
        out.append((tag, cs, ce))
        pos = ce
    return out


def read_token(token: bytes) -> tuple[bytes, str]:
    """(message imprint digest, genTime text) of a TimeStampToken (CMS SignedData over TSTInfo)."""
    _, cs, ce = _der(token, 0)
    content_info = _children(token, cs, ce)
    _, cs, ce = content_info[1]  # [0] EXPLICIT SignedData
    _, cs, ce = _der(token, cs)
    signed_data = _children(token, cs, ce)
    _, cs, ce = signed_data[2]  # encapContentInfo
    encap = _children(token, cs, ce)
    _, cs, ce = encap[1]  # [0] EXPLICIT eContent
    _, cs, ce = _der(token, cs)  # OCTET STRING holding TSTInfo
    _, cs, ce = _der(token, cs)  # TSTInfo SEQUENCE
    tst = _children(token, cs, ce)
    _, ics, ice = tst[2]  # messageImprint
    imprint = _children(token, ics, ice)
    _, dcs, dce = imprint[1]
    _, gcs, gce = tst[4]  # genTime
    return token[dcs:dce], token[gcs:gce].decode("ascii", "replace")


# --- reading a bundle: a ZIP or an unpacked folder -------------------------------------------------------------


class Damaged(Exception):
    """A ZIP member cannot be read back (its bytes no longer match the ZIP's own CRC)."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


class Bundle:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._zip: zipfile.ZipFile | None = None
        self.ignored: list[str] = []
        if path.is_dir():
            names = sorted(str(p.relative_to(path)).replace(os.sep, "/") for p in path.rglob("*") if p.is_file())
            # An unpacked folder picks up what operating systems and Python leave beside files
            # (.DS_Store, __pycache__): those are listed as ignored, not judged. Inside a ZIP nothing is.
            self.ignored = [
                n for n in names if any(part.startswith(".") or part == "__pycache__" for part in n.split("/"))
            ]
            self._names = [n for n in names if n not in self.ignored]
        else:
            self._zip = zipfile.ZipFile(path)
            self._names = sorted(info.filename for info in self._zip.infolist() if not info.is_dir())

    def names(self) -> list[str]:
        return list(self._names)

    def read(self, name: str) -> bytes:
        if self._zip is not None:
            try:
                return self._zip.read(name)
            except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError) as error:
                raise Damaged(name) from error
        return (self.path / name).read_bytes()

    def sha256(self, name: str) -> tuple[str, int]:
        digest, size = hashlib.sha256(), 0
        try:
            if self._zip is not None:
                handle = self._zip.open(name)
            else:
                handle = open(self.path / name, "rb")  # noqa: SIM115 (closed below)
            with handle:
                while chunk := handle.read(READ):
                    digest.update(chunk)
                    size += len(chunk)
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError) as error:
            raise Damaged(name) from error
        return digest.hexdigest(), size


# --- the result: a verdict per subject, the report printed, the exit status ------------------------------------


@dataclass
class Verdict:
    subject: str
    ok: bool
    lines: list[str] = field(default_factory=list)


@dataclass
class Result:
    verdicts: list[Verdict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    usage: str = ""  # set when nothing could be checked because of how the verifier was called
    key_fingerprint: str = ""  # of the key that signed the bundle
    pinned: bool = False  # --key was given and names that key
    given_key: bytes = b""  # --key, when it names another key
    case: str = "?"
    organisation: str = "?"
    exported_at: str = "?"
    published_at: str = ""
    untimed: list[int] = field(default_factory=list)  # custody events in no time-stamped head
    # Witnesses whose cosignature verified: fingerprint -> (name, installation, largest head size seen).
    witnesses: dict[str, tuple[str, str, int]] = field(default_factory=dict)
    trusted_witnesses: list[bytes] | None = None  # --witness-key values; None: none given
    head_size: int = 0

    def witness_count(self) -> int:
        """Distinct witnesses (trusted ones, when --witness-key was given) that saw the bundle's head."""
        return sum(1 for fp, (_, _, size) in self.witnesses.items() if size >= self.head_size and self._trusted(fp))

    def _trusted(self, fp: str) -> bool:
        if self.trusted_witnesses is None:
            return True
        digest = bytes.fromhex(fp.replace(" ", ""))
        return any(given == digest or hashlib.sha256(given).digest() == digest for given in self.trusted_witnesses)

    @property
    def consistent(self) -> bool:
        """Every check passed under the key the bundle names (which proves nothing about who holds it)."""
        return not self.usage and bool(self.verdicts) and all(v.ok for v in self.verdicts)

    @property
    def status(self) -> str:
        """'usage', 'other_key', 'altered', 'verified', or 'unpinned' (consistent, signer not established)."""
        if self.usage:
            return "usage"
        if self.given_key:
            return "other_key"
        if not self.consistent:
            return "altered"
        return "verified" if self.pinned else "unpinned"

    @property
    def ok(self) -> bool:
        return self.status == "verified"

    @property
    def exit_code(self) -> int:
        return {"usage": EXIT_USAGE, "verified": EXIT_VERIFIED, "unpinned": EXIT_UNPINNED}.get(
            self.status, EXIT_ALTERED
        )

    def add(self, subject: str, ok: bool, *lines: str) -> Verdict:
        verdict = Verdict(subject, ok, list(lines))
        self.verdicts.append(verdict)
        return verdict

    def text(self) -> str:
        if self.usage:
            return f"USAGE ERROR: {self.usage}\nNothing was checked. Run with --help for how to call the verifier."
        out = [f"BUNDLE    case {self.case} of {self.organisation}, exported {self.exported_at}"]
        if self.key_fingerprint:
            out.append(f"KEY       signed by the key with fingerprint {self.key_fingerprint}")
            if self.pinned:
                out.append("          that is the key you gave with --key")
            elif self.given_key:
                out.append("          that is NOT the key you gave with --key (see RESULT below)")
            else:
                out.append("          named by the bundle itself: compare it with the organisation's published one")
        for v in self.verdicts:
            out.append(f"{'VERIFIED' if v.ok else 'ALTERED '}  {v.subject}")
            out.extend(f"          {line}" for line in v.lines)
        out.extend(f"NOTE      {note}" for note in self.notes)
        out.extend(self._witness_lines())
        out.append("")
        out.append(self._conclusion())
        return "\n".join(out)

    def _witness_lines(self) -> list[str]:
        if not self.witnesses:
            return ["WITNESSES no verified witness cosignature: nobody else is shown to have seen these heads"]
        count = self.witness_count()
        out = [f"WITNESSES {count} independent witness{'es' if count != 1 else ''} saw a head containing these events"]
        for fp, (name, installation, size) in sorted(self.witnesses.items()):
            seen = (
                "the bundle's head" if size >= self.head_size else f"the head of size {size} (events up to #{size - 1})"
            )
            trust = "" if self._trusted(fp) else "; NOT among the keys given with --witness-key: not counted"
            out.append(f"          {fp} ({name}, {installation}) cosigned {seen}{trust}")
        if self.trusted_witnesses is None:
            out.append(
                "          independent only if these are the keys the witnesses publish (on their own evidence key "
                'pages): compare them, or give the ones you trust with --witness-key "FINGERPRINT"'
            )
        return out

    def _conclusion(self) -> str:
        where = f" (published at {self.published_at}, according to the bundle)" if self.published_at else ""
        status = self.status
        if status == "verified":
            count = self.witness_count()
            seen = f"; seen by {count} independent witness{'es' if count != 1 else ''}" if count else ""
            return (
                f"RESULT: everything verified: case {self.case}, exported {self.exported_at}, signed by the key "
                f"you gave (fingerprint {self.key_fingerprint}){seen}"
            )
        if status == "other_key":
            line = (
                f"RESULT: NOT VERIFIED - the bundle was signed by a different key than the one you gave: it is "
                f"signed by {self.key_fingerprint}, you gave {fingerprint(self.given_key)} (as a key) or "
                f"{_spaced(self.given_key.hex())} (as a fingerprint). It does not come from that key's log."
            )
            if not self.consistent:
                line += " Besides, the items marked ALTERED were changed."
            return line
        if status == "altered":
            return "RESULT: NOT VERIFIED - the items marked ALTERED were changed"
        return (
            "RESULT: INTERNALLY CONSISTENT, SIGNER NOT CHECKED - nothing was changed since the bundle was signed, "
            "but anyone can sign a bundle with a key of their own. Compare the key fingerprint\n"
            f"        {self.key_fingerprint}\n"
            f'with the one {self.organisation} publishes{where}, or run again with --key "FINGERPRINT" '
            "to check it."
        )


# --- small helpers: hex, and openssl for the tokens' signatures ----------------------------------------------


def _spaced(hex_digits: str) -> str:
    return " ".join(hex_digits[i : i + 4] for i in range(0, len(hex_digits), 4))


def _unhex(value: object) -> bytes:
    """Hex as bytes; anything else as no bytes (which no signature check accepts)."""
    try:
        return bytes.fromhex(value) if isinstance(value, str) else b""
    except ValueError:
        return b""


def _hexlist(values: list) -> list[bytes]:
    return [bytes.fromhex(v) for v in values]


def _openssl_verify(token: bytes, digest: bytes, ca_pem: bytes) -> tuple[bool | None, str]:
    openssl = shutil.which("openssl")
    if openssl is None:
        return None, "token signature NOT checked: the openssl command is not installed"
    with tempfile.TemporaryDirectory() as tmp:
        token_path, ca_path = Path(tmp, "token.tsr"), Path(tmp, "ca.pem")
        token_path.write_bytes(token)
        ca_path.write_bytes(ca_pem)
        command = [openssl, "ts", "-verify", "-digest", digest.hex(), "-in", str(token_path), "-token_in"]
        command += ["-CAfile", str(ca_path)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)  # noqa: S603
        except (OSError, subprocess.TimeoutExpired) as error:
            return None, f"token signature NOT checked: openssl failed to run ({error})"
    if done.returncode == 0:
        return True, "token signature verified by openssl against the TSA CA certificate"
    detail = " ".join((done.stdout + done.stderr).split())[:300]
    return False, f"token signature does NOT verify (openssl: {detail})"


# --- verify(): checks 1 to 5 in order (manifest, files, tree head, items, time-stamps), then 6 and 7 ----------


def open_bundle(path: Path) -> Bundle:
    """The bundle at path, or UsageError when there is none to check there."""
    if not path.exists():
        raise UsageError(f"{path}: no such file or folder")
    try:
        bundle = Bundle(path)
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError, OSError) as error:
        raise UsageError(
            f"{path} is not a readable ZIP file ({error}): not a bundle, or an incomplete copy "
            "(was the download cut short?)"
        ) from error
    if MANIFEST not in bundle.names():
        raise UsageError(f"{path} is not a Glasna evidence bundle: it has no {MANIFEST}")
    return bundle


def verify(
    path: Path, key: str | None = None, tsa_ca: Path | None = None, witness_keys: list[str] | None = None
) -> Result:
    """Every check, each with its verdict; never raises on a damaged or hostile bundle. `key` is the
    organisation's published log key or its fingerprint (parse_key); `witness_keys` the witnesses'
    published keys or fingerprints to count (None: count every witness, and say to check them)."""
    result = Result()
    try:
        pin = parse_key(key) if key else None
        if witness_keys:
            try:
                result.trusted_witnesses = [parse_key(value) for value in witness_keys]
            except UsageError as error:
                raise UsageError(
                    "--witness-key must be a witness's published public key (64 hex digits or base64) or its "
                    "fingerprint"
                ) from error
        if tsa_ca is not None and not tsa_ca.is_file():
            raise UsageError(f"--tsa-ca {tsa_ca}: no such file")
        bundle = open_bundle(path)
        return _verify(bundle, pin, tsa_ca, result)
    except UsageError as error:
        return Result(usage=str(error))
    except Damaged as damaged:
        result.add(damaged.name, False, "altered: the ZIP member is damaged (its bytes fail the ZIP's checksum)")
    except (
        KeyError,
        ValueError,
        TypeError,
        AttributeError,
        IndexError,
        OSError,
        EOFError,
        zipfile.BadZipFile,
        zlib.error,
    ) as error:
        result.add(str(path), False, f"altered: the bundle's structure cannot be read ({type(error).__name__})")
    return result


def _verify(bundle: Bundle, pin: bytes | None, tsa_ca: Path | None, result: Result) -> Result:  # noqa: C901
    names = bundle.names()
    if bundle.ignored:
        result.notes.append(f"ignored in the folder (not part of the bundle): {', '.join(bundle.ignored[:10])}")
    manifest_bytes = bundle.read(MANIFEST)
    try:
        manifest = json.loads(manifest_bytes)
        assert manifest.get("format") == FORMAT
        bundle_key = bytes.fromhex(manifest["log"]["public_key"])
    except (ValueError, KeyError, TypeError, AttributeError, AssertionError):
        result.add(MANIFEST, False, "altered: it is not valid JSON in the bundle format any more")
        return result

    result.case = str(manifest.get("case", "?"))
    result.organisation = str(manifest.get("organisation", "?"))
    result.exported_at = str(manifest.get("generated_at", "?"))
    published = manifest["log"].get("published_at") if isinstance(manifest["log"], dict) else None
    result.published_at = published if isinstance(published, str) else ""

    # 1. the key and the manifest signature: every signature is checked with the key the bundle names;
    # --key then says whether that key is the organisation's.
    key = bundle_key
    result.key_fingerprint = fingerprint(bundle_key)
    if pin is not None:
        if pins(pin, bundle_key):
            result.pinned = True
        else:
            result.given_key = pin
    try:
        signature = bytes.fromhex(bundle.read(MANIFEST_SIG).decode("ascii").strip())
    except (KeyError, FileNotFoundError, ValueError, UnicodeDecodeError):
        signature = b""
    if ed25519_verify(key, BUNDLE_SIG_LABEL + manifest_bytes, signature):
        result.add(MANIFEST, True, "signed by the key above")
    else:
        result.add(MANIFEST, False, "altered: its signature (manifest.sig) does not match its content")

    # 2. every listed file, and nothing unlisted
    listed: dict[str, str] = dict(manifest.get("files", {}))
    for item in manifest.get("items", []):
        if item.get("path"):
            listed[item["path"]] = item.get("record", {}).get("sha256", "")
    for name in sorted(set(names) - set(listed) - {MANIFEST, MANIFEST_SIG}):
        result.add(name, False, "unexpected file: it is not listed in the manifest (added after export)")
    for name, expected in sorted(manifest.get("files", {}).items()):
        if name not in names:
            result.add(name, False, "missing from the bundle")
            continue
        digest, _ = bundle.sha256(name)
        if digest == expected:
            result.add(name, True, f"SHA-256 {digest}")
        else:
            result.add(name, False, f"altered: SHA-256 is {digest}, the manifest says {expected}")

    # 3. the signed tree head
    try:
        custody = json.loads(bundle.read("custody.json"))
        head = custody["tree_head"]
        root = bytes.fromhex(head["root_hash"])
        size = int(head["tree_size"])
        head_ok = ed25519_verify(key, tree_head_payload(head), _unhex(head.get("signature")))
    except (KeyError, ValueError, TypeError, FileNotFoundError):
        result.add("custody.json", False, "altered: it cannot be read as custody events and a tree head")
        return result
    if head_ok:
        result.add(f"signed tree head (size {size})", True, f"root {head['root_hash']}")
    else:
        result.add(f"signed tree head (size {size})", False, "altered: the Ed25519 signature does not match")
    entries: dict[int, dict] = {}
    for entry in custody.get("entries", []):
        try:
            entries[int(entry["index"])] = entry
        except (KeyError, ValueError, TypeError):
            continue

    # 4. each item
    for item in manifest.get("items", []):
        problems: list[str] = []
        good: list[str] = []
        record, item_id = item.get("record", {}), str(item.get("id", "?"))
        subject = f"item {item_id} ({record.get('title') or record.get('file_name') or record.get('kind', '')})"
        if record.get("id") != item_id:
            problems.append("manifest entry altered: the record names another item")
        file_path = item.get("path")
        if file_path:
            if file_path not in names:
                problems.append(f"file {file_path} is missing")
            else:
                digest, file_size = bundle.sha256(file_path)
                if digest != record.get("sha256"):
                    problems.append(
                        f"file {file_path} altered: SHA-256 {digest} is not the recorded {record.get('sha256')}"
                    )
                elif file_size != record.get("size"):
                    problems.append(f"file {file_path} altered: {file_size} bytes, recorded {record.get('size')}")
                else:
                    good.append(f"file {file_path}: SHA-256 matches ({digest})")
        try:
            computed = commitment(item.get("salt", ""), record)
        except (ValueError, TypeError):
            computed = ""
        added = None
        proved: list[dict] = []
        for index in item.get("custody", []):
            entry = entries.get(index)
            if entry is None:
                problems.append(f"custody event #{index} is missing from custody.json")
                continue
            data = str(entry.get("entry", "")).encode("utf-8")
            try:
                parsed = json.loads(data)
                proof = _hexlist(entry.get("proof", []))
            except ValueError:
                problems.append(f"custody event #{index} altered: unreadable")
                continue
            if not (isinstance(parsed, dict) and parsed.get("index") == index and parsed.get("item") == item_id):
                problems.append(f"custody event #{index} altered: it names another item or position")
                continue
            if not verify_inclusion(index, size, leaf_hash(data), proof, root):
                problems.append(
                    f"custody event #{index} ({parsed.get('action')}) altered: its inclusion proof does not lead "
                    "to the signed tree head (the event or its proof was changed)"
                )
                continue
            proved.append(parsed)
            if parsed.get("action") in ("added", "derived"):
                added = parsed
        if added is None:
            problems.append("no proved 'added' custody event for this item")
        elif added.get("commitment") != computed:
            problems.append(
                "manifest entry altered: the capture details or metadata differ from what was committed when the "
                "item was added"
            )
        else:
            good.append(f"record matches the commitment made when it was added ({added.get('at')})")
            good.append(f"{len(item.get('custody', []))} custody events proved in the log")
        if added is not None:
            _check_submission(item, added, entries, size, root, problems, good)
        _check_notes(item, proved, problems, good, result)
        result.add(subject, not problems, *(problems or good))

    # 5. time-stamps
    ca_pem = tsa_ca.read_bytes() if tsa_ca else None
    if ca_pem is None and "timestamps/tsa-ca.pem" in names:
        ca_pem = bundle.read("timestamps/tsa-ca.pem")
        result.notes.append(
            "the TSA CA certificate was taken from the bundle; compare it with the TSA's published one (or --tsa-ca)"
        )
    timed_below = 0  # events below this index are in a head whose token verified
    for stamped in custody.get("stamped_heads", []):
        subject = f"time-stamp {stamped.get('token_path', '?')}"
        try:
            stamped_head = stamped["tree_head"]
            old_size, old_root = int(stamped_head["tree_size"]), bytes.fromhex(stamped_head["root_hash"])
            token = bundle.read(stamped["token_path"])
            stamped_digest = hashlib.sha256(tree_head_payload(stamped_head)).digest()
            proof = _hexlist(stamped.get("consistency_proof", []))
        except (KeyError, ValueError, TypeError, FileNotFoundError):
            result.add(subject, False, "altered: unreadable or missing")
            continue
        problems, good = [], []
        if not ed25519_verify(key, tree_head_payload(stamped_head), _unhex(stamped_head.get("signature"))):
            problems.append(f"the stamped tree head (size {old_size}) is not signed by the key above")
        if not verify_consistency(old_size, size, old_root, root, proof):
            problems.append(
                f"the stamped head (size {old_size}) is not a prefix of the bundle's head: consistency fails"
            )
        else:
            good.append(f"the log at size {old_size} is a prefix of the bundle's head (consistency proof)")
        try:
            imprint, gen_time = read_token(token)
        except (ValueError, IndexError):
            imprint, gen_time = b"", "?"
        if imprint != stamped_digest:
            problems.append("token altered: its message imprint is not the SHA-256 of the stamped tree head")
        else:
            good.append(f"token stamps this tree head at {gen_time} (message imprint matches)")
            if ca_pem is None:
                result.notes.append(f"{subject}: token signature NOT checked: no TSA CA certificate (use --tsa-ca)")
            else:
                verified, message = _openssl_verify(token, stamped_digest, ca_pem)
                if verified is False:
                    problems.append(message)
                elif verified is None:
                    result.notes.append(f"{subject}: {message}")
                else:
                    good.append(message)
        result.add(subject, not problems, *(problems or good))
        if not problems:
            timed_below = max(timed_below, old_size)
    if not custody.get("stamped_heads"):
        result.notes.append("no time-stamps in this bundle: the times shown rest on the log's own signature")
    _list_untimed(manifest, entries, timed_below, result)
    _check_completeness(manifest, custody, entries, key, size, root, result)
    _check_witnesses(custody, key, size, root, result)
    return result


# --- 6. completeness, and events no time-stamp covers ----------------------------------------------------


def root_from_range(first: int, frontier: list[bytes], range_hashes: list[bytes]) -> bytes | None:
    """The root of a tree whose leaves before `first` are tiled by the complete subtrees `frontier`
    (largest first, one per set bit of first) and whose leaves from `first` on are `range_hashes`."""
    if first < 0 or len(frontier) != bin(first).count("1"):
        return None
    size = first + len(range_hashes)
    if size == 0:
        return hashlib.sha256(b"").digest()
    placed, start = {}, 0
    tiles = iter(frontier)
    for bit in range(first.bit_length() - 1, -1, -1):
        if first >> bit & 1:
            placed[(bit, start >> bit)] = next(tiles)
            start += 1 << bit
    level = {first + i: h for i, h in enumerate(range_hashes)}
    count, height = size, 0
    while True:
        level.update({j: h for (b, j), h in placed.items() if b == height})
        if count == 1:
            return level.get(0)
        parent = {}
        for j in range(0, count, 2):
            if j + 1 < count:
                if j in level and j + 1 in level:
                    parent[j // 2] = _node(level[j], level[j + 1])
            elif j in level:
                parent[j // 2] = level[j]
        level, count, height = parent, (count + 1) // 2, height + 1


def _check_completeness(
    manifest: dict, custody: dict, entries: dict[int, dict], key: bytes, size: int, root: bytes, result: Result
) -> None:
    """That the bundle lists every event of its items from their first event to the signed head: every
    other entry of that range is disclosed (and is another item's), and with the roots tiling the log
    before it they rebuild the signed root; the earliest signed head holding the first event is a prefix
    of the bundle's head (consistency proof)."""
    subject = "completeness of the custody events"
    section = custody.get("completeness")
    if not isinstance(section, dict):
        result.add(subject, False, "altered: custody.json does not show that every event is listed")
        return
    ours = set()
    for item in manifest.get("items", []):
        ours.add(str(item.get("id")))
        submission = item.get("record", {}).get("submission")
        if isinstance(submission, dict):
            ours.add(str(submission.get("attachment")))
    problems, good = [], []
    try:
        first = int(section["first"])
        frontier = _hexlist(section["prefix_frontier"])
        others = {}
        for text in section["other_entries"]:
            parsed = json.loads(text)
            others[int(parsed["index"])] = (text.encode("utf-8"), parsed)
        earliest = section["earliest_head"]
        earliest_size, earliest_root = int(earliest["tree_size"]), bytes.fromhex(earliest["root_hash"])
        proof = _hexlist(section["consistency_proof"])
    except (KeyError, ValueError, TypeError, AttributeError):
        result.add(subject, False, "altered: the completeness section of custody.json is unreadable")
        return
    range_hashes = []
    for index in range(first, size):
        if index in entries and index in others:
            problems.append(f"event #{index} is given twice")
        elif index in entries:
            range_hashes.append(leaf_hash(str(entries[index].get("entry", "")).encode("utf-8")))
        elif index in others:
            data, parsed = others[index]
            if str(parsed.get("item")) in ours:
                problems.append(
                    f"event #{index} ({parsed.get('action')}) of item {parsed.get('item')} is in the log but not "
                    "listed with its item: it was left out of the bundle"
                )
            range_hashes.append(leaf_hash(data))
        else:
            problems.append(f"event #{index} is missing: the log's events from #{first} on are not all accounted for")
    if any(index < first or index >= size for index in [*entries, *others]):
        problems.append(f"events outside the range #{first}..#{size - 1} are given as part of it")
    if not problems:
        if root_from_range(first, frontier, range_hashes) != root:
            problems.append(
                f"the events #{first}..#{size - 1} do not rebuild the signed tree head: an event was left out, "
                "added or changed"
            )
        else:
            good.append(
                f"every event of the log from #{first} to #{size - 1} is accounted for; those of this bundle's "
                f"items are all listed ({len(others)} events of other items disclosed as codes and ids only)"
            )
    if not ed25519_verify(key, tree_head_payload(earliest), _unhex(earliest.get("signature"))):
        problems.append(f"the earliest head (size {earliest_size}) is not signed by the key above")
    elif earliest_size <= first and first < size:
        problems.append(f"the earliest head (size {earliest_size}) does not hold the first event #{first}")
    elif not verify_consistency(earliest_size, size, earliest_root, root, proof):
        problems.append(f"the earliest head (size {earliest_size}) is not a prefix of the bundle's head")
    else:
        good.append(
            f"the signed head of size {earliest_size} (the first to hold event #{first}) is a prefix of the "
            "bundle's head (consistency proof)"
        )
    result.add(subject, not problems, *(problems or good))


def _list_untimed(manifest: dict, entries: dict[int, dict], timed_below: int, result: Result) -> None:
    """Events at or beyond the largest verified time-stamped head: the TSA vouches for no time of theirs."""
    result.untimed = sorted(index for index in entries if index >= timed_below)
    if not result.untimed:
        return
    for item in manifest.get("items", []):
        indexes = [i for i in item.get("custody", []) if isinstance(i, int) and i >= timed_below]
        if indexes:
            events = ", ".join(f"#{i}" for i in indexes)
            result.notes.append(
                f"no independent time: events {events} of item {item.get('id')} come after the last time-stamped "
                f"tree head (size {timed_below}): their times rest on the log's own signature"
            )


# --- 4, continued: the survivor's submitted files and staff notes against the log ---------------------------


def _proved_entry(entries: dict[int, dict], index: object, size: int, root: bytes) -> dict | None:
    """The parsed event at index when custody.json holds it with an inclusion proof to the head."""
    if not isinstance(index, int):
        return None
    entry = entries.get(index)
    if entry is None:
        return None
    data = str(entry.get("entry", "")).encode("utf-8")
    try:
        parsed = json.loads(data)
        proof = _hexlist(entry.get("proof", []))
    except ValueError:
        return None
    if not (isinstance(parsed, dict) and parsed.get("index") == index):
        return None
    return parsed if verify_inclusion(index, size, leaf_hash(data), proof, root) else None


def _check_submission(
    item: dict, added: dict, entries: dict[int, dict], size: int, root: bytes, problems: list[str], good: list[str]
) -> None:
    """A file the survivor sent: its `submitted` event (before any staff import) commits to the same
    SHA-256 and size as the item's record, and the item's `added` event names that event."""
    record = item.get("record", {})
    submission = record.get("submission")
    named = added.get("submitted")
    if submission is None:
        if named is not None:
            problems.append(f"the item was imported from the survivor's submission (event #{named}), which is missing")
        return
    if not isinstance(submission, dict):
        problems.append("manifest entry altered: its submission is unreadable")
        return
    index = submission.get("index")
    if named != index:
        problems.append(f"the 'added' event names submission #{named}, the record #{index}")
        return
    parsed = _proved_entry(entries, index, size, root)
    if parsed is None or parsed.get("action") != "submitted" or parsed.get("item") != submission.get("attachment"):
        problems.append(f"submission event #{index} is missing, altered, or not proved in the log")
        return
    try:
        sent = commitment(submission.get("salt", ""), {"sha256": record.get("sha256"), "size": record.get("size")})
    except (ValueError, TypeError):
        sent = ""
    if parsed.get("commitment") != sent:
        problems.append(
            f"file altered: its SHA-256 and size are not what the survivor sent (submission event #{index}, "
            f"{parsed.get('at')})"
        )
    else:
        good.append(f"file is byte for byte what the survivor sent (submission event #{index}, {parsed.get('at')})")


def _check_notes(item: dict, proved: list[dict], problems: list[str], good: list[str], result: Result) -> None:
    """Every staff note in the bundle matches the commitment of its proved `annotated` event, and every
    such event's note is in the bundle."""
    committed = {
        str(event.get("ref", ""))[5:]: event
        for event in proved
        if event.get("action") == "annotated" and str(event.get("ref", "")).startswith("note:")
    }
    notes = item.get("notes", [])
    if not isinstance(notes, list):
        problems.append("manifest entry altered: its notes are unreadable")
        return
    seen = set()
    for note in notes:
        note_id = str(note.get("id", "?")) if isinstance(note, dict) else "?"
        seen.add(note_id)
        event = committed.get(note_id)
        if event is None:
            if isinstance(note, dict) and not note.get("salt"):
                result.notes.append(
                    f"note {note_id} on item {item.get('id')} was written before notes were committed to the log: "
                    "its text is not checked"
                )
            else:
                problems.append(f"note {note_id} altered or added: no custody event in the log commits to it")
            continue
        try:
            computed = commitment(note.get("salt", ""), {"note": note.get("text")})
        except (ValueError, TypeError, AttributeError):
            computed = ""
        if event.get("commitment") != computed:
            problems.append(f"note {note_id} altered: its text is not what was committed (event #{event.get('index')})")
        else:
            good.append(f"note {note_id} matches its custody event #{event.get('index')}")
    for note_id, event in sorted(committed.items()):
        if note_id not in seen:
            problems.append(f"note {note_id} (event #{event.get('index')}) is missing from the bundle")


# --- 7. witnesses: cosignatures of heads that contain the bundle's events ----------------------------------


def _check_witnesses(custody: dict, key: bytes, size: int, root: bytes, result: Result) -> None:
    """Each cosigned head: signed by the log key, a prefix of the bundle's head, and every cosignature on
    it Ed25519 by its witness over COSIG_LABEL || log key || head payload. A cosignature that does not
    verify is ALTERED, never dropped; the log key itself is no witness of its own heads."""
    result.head_size = size
    section = custody.get("witnesses", [])
    if not isinstance(section, list):
        result.add("witness cosignatures", False, "altered: the witnesses section of custody.json is unreadable")
        return
    for cosigned in section:
        try:
            head = cosigned["tree_head"]
            head_size, head_root = int(head["tree_size"]), bytes.fromhex(head["root_hash"])
            payload = tree_head_payload(head)
            proof = _hexlist(cosigned.get("consistency_proof", []))
            cosignatures = list(cosigned["cosignatures"])
        except (KeyError, ValueError, TypeError, AttributeError):
            result.add("witness cosignatures", False, "altered: a cosigned head in custody.json is unreadable")
            continue
        subject = f"witness cosignatures of the head of size {head_size}"
        problems, good, verified = [], [], []
        if not ed25519_verify(key, payload, _unhex(head.get("signature"))):
            problems.append(f"the cosigned head (size {head_size}) is not signed by the key above")
        elif not verify_consistency(head_size, size, head_root, root, proof):
            problems.append(f"the cosigned head (size {head_size}) is not a prefix of the bundle's head")
        for cosignature in cosignatures:
            witness = _unhex(cosignature.get("witness_public_key") if isinstance(cosignature, dict) else None)
            name = str(cosignature.get("witness", "?")) if isinstance(cosignature, dict) else "?"
            shown = fingerprint(witness) if len(witness) == 32 else "an unreadable key"
            if witness == key:
                problems.append(f"a 'cosignature' by the log key itself ({name}): the log is no witness of its heads")
            elif not ed25519_verify(witness, COSIG_LABEL + key + payload, _unhex(cosignature.get("signature"))):
                problems.append(
                    f"cosignature altered: the cosignature of witness {shown} ({name}) does not verify over this "
                    "head (it was changed, or made over another head)"
                )
            else:
                verified.append((shown, name, str(cosignature.get("installation", "?"))))
                good.append(f"cosigned by witness {shown} ({name})")
        if not problems:
            good.append(f"the head of size {head_size} is a prefix of the bundle's head (consistency proof)")
            for shown, name, installation in verified:
                known = result.witnesses.get(shown)
                if known is None or known[2] < head_size:
                    result.witnesses[shown] = (name, installation, head_size)
        result.add(subject, not problems, *(problems or good))


# --- the command line ------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Verify a Glasna evidence bundle offline.",
        epilog="Exit status: 0 verified against the key given; 1 altered, or signed by another key; "
        "2 usage error (nothing checked); 3 internally consistent, but no --key given.",
    )
    parser.add_argument("bundle", nargs="?", default=str(Path(__file__).resolve().parent))
    parser.add_argument(
        "--key",
        help="the organisation's published log key fingerprint (64 hex digits, spaces allowed: quote it) "
        "or public key (hex or base64)",
    )
    parser.add_argument("--tsa-ca", type=Path, help="the time-stamping authority's CA certificate (PEM)")
    parser.add_argument(
        "--witness-key",
        action="append",
        help="a witness you trust: its published fingerprint or public key (repeat for each witness); "
        "only these are counted",
    )
    args = parser.parse_args(argv)  # argparse itself exits with 2 on unknown options
    result = verify(Path(args.bundle), args.key, args.tsa_ca, args.witness_key)
    print(result.text(), file=sys.stderr if result.usage else sys.stdout)
    return result.exit_code


if __name__ == "__main__":
    sys.exit(main())
