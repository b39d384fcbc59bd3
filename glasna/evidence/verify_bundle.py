#!/usr/bin/env python3
"""Verify a Glasna evidence bundle offline. Needs only Python 3.10+ and its standard library.

    python3 verify.py                      # in the unpacked bundle folder
    python3 verify.py BUNDLE.zip           # or the ZIP itself
    python3 verify.py BUNDLE.zip --key "FINGERPRINT"   # the organisation's published key fingerprint
    python3 verify.py BUNDLE.zip --key KEY  # or the published public key itself (hex or base64)
    python3 verify.py BUNDLE.zip --tsa-ca tsa-ca.pem   # the time-stamping authority's CA certificate
    python3 verify.py BUNDLE.zip --key "..." --witness-key "FP1" --witness-key "FP2"  # trusted witnesses
    python3 verify.py BUNDLE.zip --lang en  # the report in another language than the bundle's

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

The report is in the bundle's language (manifest.json "language": sq, mk, sr, sr-latn, bs, hr, cnr or
en), or the one given with --lang; every line comes from MESSAGES, at the end of this file.

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
LANGUAGES = ("sq", "mk", "sr", "sr-latn", "bs", "hr", "cnr", "en")


# --- the report's language: every printed line is a message of MESSAGES (at the end of this file) ---------------


class Msg(str):
    """Message `key` of MESSAGES with its values. As a str it is the English text (what code and tests
    comparing strings see); `render` gives it in another language. Values that are Msg are rendered in
    the same language; names, hashes, fingerprints and numbers are values, never translated."""

    key: str
    values: dict[str, object]

    def __new__(cls, key: str, **values: object) -> Msg:
        self = super().__new__(cls, _format(key, values, "en"))
        self.key, self.values = key, values
        return self

    def render(self, lang: str) -> str:
        return _format(self.key, self.values, lang)


def _format(key: str, values: dict[str, object], lang: str) -> str:
    texts = MESSAGES[key]
    return texts.get(lang, texts["en"]).format(**{name: render(value, lang) for name, value in values.items()})


def render(text: object, lang: str) -> object:
    """A Msg in lang; anything else (a file name as a subject, a number) as it is."""
    return text.render(lang) if isinstance(text, Msg) else text


def language(code: object) -> str:
    """One of LANGUAGES for a code as Django or a person writes it (sr_Latn, sr-Latn, hr-HR); English
    for anything else."""
    if not isinstance(code, str):
        return "en"
    code = code.strip().lower().replace("_", "-")
    if code in LANGUAGES:
        return code
    return code.split("-")[0] if code.split("-")[0] in LANGUAGES else "en"


def _line(label: str, text: object) -> str:
    """A report line: a label in its column, or the continuation indent."""
    return f"{label:<9} {text}" if label else f"          {text}"


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
    raise UsageError(Msg("usage_key"))


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
    language: str = "en"  # of the report: --lang, else the bundle's (manifest.json "language"), else English
    language_given: bool = False  # --lang was given: the bundle's language does not replace it
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

    def t(self, key: str, **values: object) -> str:
        """Message `key` of the table in this result's language."""
        return Msg(key, **values).render(self.language)

    def text(self) -> str:
        """The report, every line from the message table in self.language (names, hashes, numbers as they are)."""
        if self.usage:
            return self.t("usage_text", message=self.usage)
        out = [
            _line(
                self.t("label_bundle"),
                self.t("bundle_line", case=self.case, organisation=self.organisation, exported=self.exported_at),
            )
        ]
        if self.key_fingerprint:
            out.append(_line(self.t("label_key"), self.t("key_line", fingerprint=self.key_fingerprint)))
            if self.pinned:
                out.append(_line("", self.t("key_pinned")))
            elif self.given_key:
                out.append(_line("", self.t("key_other")))
            else:
                out.append(_line("", self.t("key_named")))
        for v in self.verdicts:
            out.append(_line(self.t("label_verified" if v.ok else "label_altered"), render(v.subject, self.language)))
            out.extend(_line("", render(line, self.language)) for line in v.lines)
        out.extend(_line(self.t("label_note"), render(note, self.language)) for note in self.notes)
        out.extend(self._witness_lines())
        out.append("")
        out.append(self._conclusion())
        return "\n".join(out)

    def _witness_lines(self) -> list[str]:
        label = self.t("label_witnesses")
        if not self.witnesses:
            return [_line(label, self.t("witnesses_none"))]
        count = self.witness_count()
        out = [_line(label, self.t("witnesses_count_one" if count == 1 else "witnesses_count", count=count))]
        for fp, (name, installation, size) in sorted(self.witnesses.items()):
            seen = (
                self.t("seen_bundle_head") if size >= self.head_size else self.t("seen_head", size=size, last=size - 1)
            )
            trust = "" if self._trusted(fp) else self.t("witness_not_trusted")
            out.append(
                _line(
                    "",
                    self.t(
                        "witness_line", fingerprint=fp, name=name, installation=installation, seen=seen, trust=trust
                    ),
                )
            )
        if self.trusted_witnesses is None:
            out.append(_line("", self.t("witnesses_compare")))
        return out

    def _conclusion(self) -> str:
        where = self.t("published_where", url=self.published_at) if self.published_at else ""
        status = self.status
        if status == "verified":
            count = self.witness_count()
            seen = self.t("seen_by_one" if count == 1 else "seen_by", count=count) if count else ""
            return self.t(
                "result_verified",
                case=self.case,
                exported=self.exported_at,
                fingerprint=self.key_fingerprint,
                seen=seen,
            )
        if status == "other_key":
            line = self.t(
                "result_other_key",
                fingerprint=self.key_fingerprint,
                as_key=fingerprint(self.given_key),
                as_fingerprint=_spaced(self.given_key.hex()),
            )
            if not self.consistent:
                line += self.t("result_other_key_altered")
            return line
        if status == "altered":
            return self.t("result_altered")
        return self.t("result_unpinned", fingerprint=self.key_fingerprint, organisation=self.organisation, where=where)


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
        return None, Msg("openssl_missing")
    with tempfile.TemporaryDirectory() as tmp:
        token_path, ca_path = Path(tmp, "token.tsr"), Path(tmp, "ca.pem")
        token_path.write_bytes(token)
        ca_path.write_bytes(ca_pem)
        command = [openssl, "ts", "-verify", "-digest", digest.hex(), "-in", str(token_path), "-token_in"]
        command += ["-CAfile", str(ca_path)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)  # noqa: S603
        except (OSError, subprocess.TimeoutExpired) as error:
            return None, Msg("openssl_failed", error=error)
    if done.returncode == 0:
        return True, Msg("openssl_ok")
    detail = " ".join((done.stdout + done.stderr).split())[:300]
    return False, Msg("openssl_bad", detail=detail)


# --- verify(): checks 1 to 5 in order (manifest, files, tree head, items, time-stamps), then 6 and 7 ----------


def open_bundle(path: Path) -> Bundle:
    """The bundle at path, or UsageError when there is none to check there."""
    if not path.exists():
        raise UsageError(Msg("usage_no_file", path=path))
    try:
        bundle = Bundle(path)
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError, OSError) as error:
        raise UsageError(Msg("usage_not_zip", path=path, error=error)) from error
    if MANIFEST not in bundle.names():
        raise UsageError(Msg("usage_no_manifest", path=path, manifest=MANIFEST))
    return bundle


def verify(
    path: Path,
    key: str | None = None,
    tsa_ca: Path | None = None,
    witness_keys: list[str] | None = None,
    lang: str | None = None,
) -> Result:
    """Every check, each with its verdict; never raises on a damaged or hostile bundle. `key` is the
    organisation's published log key or its fingerprint (parse_key); `witness_keys` the witnesses'
    published keys or fingerprints to count (None: count every witness, and say to check them); `lang`
    the report's language (None: the bundle's; English until the bundle is read, as for usage errors)."""
    result = Result(language=language(lang), language_given=bool(lang))
    try:
        pin = parse_key(key) if key else None
        if witness_keys:
            try:
                result.trusted_witnesses = [parse_key(value) for value in witness_keys]
            except UsageError as error:
                raise UsageError(Msg("usage_witness_key")) from error
        if tsa_ca is not None and not tsa_ca.is_file():
            raise UsageError(Msg("usage_no_ca", path=tsa_ca))
        bundle = open_bundle(path)
        return _verify(bundle, pin, tsa_ca, result)
    except UsageError as error:
        return Result(usage=error.args[0], language=result.language)
    except Damaged as damaged:
        result.add(damaged.name, False, Msg("damaged_member"))
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
        result.add(str(path), False, Msg("unreadable_structure", error=type(error).__name__))
    return result


def _verify(bundle: Bundle, pin: bytes | None, tsa_ca: Path | None, result: Result) -> Result:  # noqa: C901
    names = bundle.names()
    if bundle.ignored:
        result.notes.append(Msg("ignored", names=", ".join(bundle.ignored[:10])))
    manifest_bytes = bundle.read(MANIFEST)
    try:
        manifest = json.loads(manifest_bytes)
        assert manifest.get("format") == FORMAT
        bundle_key = bytes.fromhex(manifest["log"]["public_key"])
    except (ValueError, KeyError, TypeError, AttributeError, AssertionError):
        result.add(MANIFEST, False, Msg("manifest_invalid"))
        return result

    if not result.language_given:
        result.language = language(manifest.get("language"))
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
        result.add(MANIFEST, True, Msg("signed_by_key_above"))
    else:
        result.add(MANIFEST, False, Msg("manifest_sig_bad"))

    # 2. every listed file, and nothing unlisted
    listed: dict[str, str] = dict(manifest.get("files", {}))
    for item in manifest.get("items", []):
        if item.get("path"):
            listed[item["path"]] = item.get("record", {}).get("sha256", "")
    for name in sorted(set(names) - set(listed) - {MANIFEST, MANIFEST_SIG}):
        result.add(name, False, Msg("unexpected_file"))
    for name, expected in sorted(manifest.get("files", {}).items()):
        if name not in names:
            result.add(name, False, Msg("missing_from_bundle"))
            continue
        digest, _ = bundle.sha256(name)
        if digest == expected:
            result.add(name, True, Msg("sha256", digest=digest))
        else:
            result.add(name, False, Msg("file_altered_sha", digest=digest, expected=expected))

    # 3. the signed tree head
    try:
        custody = json.loads(bundle.read("custody.json"))
        head = custody["tree_head"]
        root = bytes.fromhex(head["root_hash"])
        size = int(head["tree_size"])
        head_ok = ed25519_verify(key, tree_head_payload(head), _unhex(head.get("signature")))
    except (KeyError, ValueError, TypeError, FileNotFoundError):
        result.add("custody.json", False, Msg("custody_unreadable"))
        return result
    if head_ok:
        result.add(Msg("head_subject", size=size), True, Msg("head_root", root=head["root_hash"]))
    else:
        result.add(Msg("head_subject", size=size), False, Msg("head_sig_bad"))
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
        subject = Msg(
            "item_subject", id=item_id, title=record.get("title") or record.get("file_name") or record.get("kind", "")
        )
        if record.get("id") != item_id:
            problems.append(Msg("record_other_item"))
        file_path = item.get("path")
        if file_path:
            if file_path not in names:
                problems.append(Msg("file_missing", path=file_path))
            else:
                digest, file_size = bundle.sha256(file_path)
                if digest != record.get("sha256"):
                    problems.append(
                        Msg("file_altered_digest", path=file_path, digest=digest, recorded=record.get("sha256"))
                    )
                elif file_size != record.get("size"):
                    problems.append(
                        Msg("file_altered_size", path=file_path, size=file_size, recorded=record.get("size"))
                    )
                else:
                    good.append(Msg("file_matches", path=file_path, digest=digest))
        try:
            computed = commitment(item.get("salt", ""), record)
        except (ValueError, TypeError):
            computed = ""
        added = None
        proved: list[dict] = []
        for index in item.get("custody", []):
            entry = entries.get(index)
            if entry is None:
                problems.append(Msg("event_missing", index=index))
                continue
            data = str(entry.get("entry", "")).encode("utf-8")
            try:
                parsed = json.loads(data)
                proof = _hexlist(entry.get("proof", []))
            except ValueError:
                problems.append(Msg("event_unreadable", index=index))
                continue
            if not (isinstance(parsed, dict) and parsed.get("index") == index and parsed.get("item") == item_id):
                problems.append(Msg("event_other", index=index))
                continue
            if not verify_inclusion(index, size, leaf_hash(data), proof, root):
                problems.append(Msg("event_proof_bad", index=index, action=parsed.get("action")))
                continue
            proved.append(parsed)
            if parsed.get("action") in ("added", "derived"):
                added = parsed
        if added is None:
            problems.append(Msg("no_added_event"))
        elif added.get("commitment") != computed:
            problems.append(Msg("record_commitment_bad"))
        else:
            good.append(Msg("record_matches", at=added.get("at")))
            good.append(Msg("events_proved", count=len(item.get("custody", []))))
        if added is not None:
            _check_submission(item, added, entries, size, root, problems, good)
        _check_notes(item, proved, problems, good, result)
        result.add(subject, not problems, *(problems or good))

    # 5. time-stamps
    ca_pem = tsa_ca.read_bytes() if tsa_ca else None
    if ca_pem is None and "timestamps/tsa-ca.pem" in names:
        ca_pem = bundle.read("timestamps/tsa-ca.pem")
        result.notes.append(Msg("ca_from_bundle"))
    timed_below = 0  # events below this index are in a head whose token verified
    for stamped in custody.get("stamped_heads", []):
        subject = Msg("stamp_subject", path=stamped.get("token_path", "?"))
        try:
            stamped_head = stamped["tree_head"]
            old_size, old_root = int(stamped_head["tree_size"]), bytes.fromhex(stamped_head["root_hash"])
            token = bundle.read(stamped["token_path"])
            stamped_digest = hashlib.sha256(tree_head_payload(stamped_head)).digest()
            proof = _hexlist(stamped.get("consistency_proof", []))
        except (KeyError, ValueError, TypeError, FileNotFoundError):
            result.add(subject, False, Msg("stamp_unreadable"))
            continue
        problems, good = [], []
        if not ed25519_verify(key, tree_head_payload(stamped_head), _unhex(stamped_head.get("signature"))):
            problems.append(Msg("stamped_head_unsigned", size=old_size))
        if not verify_consistency(old_size, size, old_root, root, proof):
            problems.append(Msg("stamped_head_not_prefix", size=old_size))
        else:
            good.append(Msg("stamped_head_prefix", size=old_size))
        try:
            imprint, gen_time = read_token(token)
        except (ValueError, IndexError):
            imprint, gen_time = b"", "?"
        if imprint != stamped_digest:
            problems.append(Msg("token_imprint_bad"))
        else:
            good.append(Msg("token_stamps", time=gen_time))
            if ca_pem is None:
                result.notes.append(Msg("subject_message", subject=subject, message=Msg("token_no_ca")))
            else:
                verified, message = _openssl_verify(token, stamped_digest, ca_pem)
                if verified is False:
                    problems.append(message)
                elif verified is None:
                    result.notes.append(Msg("subject_message", subject=subject, message=message))
                else:
                    good.append(message)
        result.add(subject, not problems, *(problems or good))
        if not problems:
            timed_below = max(timed_below, old_size)
    if not custody.get("stamped_heads"):
        result.notes.append(Msg("no_stamps"))
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
    subject = Msg("completeness_subject")
    section = custody.get("completeness")
    if not isinstance(section, dict):
        result.add(subject, False, Msg("completeness_missing"))
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
        result.add(subject, False, Msg("completeness_unreadable"))
        return
    range_hashes = []
    for index in range(first, size):
        if index in entries and index in others:
            problems.append(Msg("event_twice", index=index))
        elif index in entries:
            range_hashes.append(leaf_hash(str(entries[index].get("entry", "")).encode("utf-8")))
        elif index in others:
            data, parsed = others[index]
            if str(parsed.get("item")) in ours:
                problems.append(
                    Msg("event_left_out", index=index, action=parsed.get("action"), item=parsed.get("item"))
                )
            range_hashes.append(leaf_hash(data))
        else:
            problems.append(Msg("event_range_missing", index=index, first=first))
    if any(index < first or index >= size for index in [*entries, *others]):
        problems.append(Msg("events_outside", first=first, last=size - 1))
    if not problems:
        if root_from_range(first, frontier, range_hashes) != root:
            problems.append(Msg("range_not_root", first=first, last=size - 1))
        else:
            good.append(Msg("range_complete", first=first, last=size - 1, others=len(others)))
    if not ed25519_verify(key, tree_head_payload(earliest), _unhex(earliest.get("signature"))):
        problems.append(Msg("earliest_unsigned", size=earliest_size))
    elif earliest_size <= first and first < size:
        problems.append(Msg("earliest_no_first", size=earliest_size, first=first))
    elif not verify_consistency(earliest_size, size, earliest_root, root, proof):
        problems.append(Msg("earliest_not_prefix", size=earliest_size))
    else:
        good.append(Msg("earliest_prefix", size=earliest_size, first=first))
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
            result.notes.append(Msg("untimed", events=events, item=item.get("id"), size=timed_below))


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
            problems.append(Msg("submission_missing", index=named))
        return
    if not isinstance(submission, dict):
        problems.append(Msg("submission_unreadable"))
        return
    index = submission.get("index")
    if named != index:
        problems.append(Msg("submission_mismatch", named=named, index=index))
        return
    parsed = _proved_entry(entries, index, size, root)
    if parsed is None or parsed.get("action") != "submitted" or parsed.get("item") != submission.get("attachment"):
        problems.append(Msg("submission_event_bad", index=index))
        return
    try:
        sent = commitment(submission.get("salt", ""), {"sha256": record.get("sha256"), "size": record.get("size")})
    except (ValueError, TypeError):
        sent = ""
    if parsed.get("commitment") != sent:
        problems.append(Msg("submission_altered", index=index, at=parsed.get("at")))
    else:
        good.append(Msg("submission_matches", index=index, at=parsed.get("at")))


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
        problems.append(Msg("notes_unreadable"))
        return
    seen = set()
    for note in notes:
        note_id = str(note.get("id", "?")) if isinstance(note, dict) else "?"
        seen.add(note_id)
        event = committed.get(note_id)
        if event is None:
            if isinstance(note, dict) and not note.get("salt"):
                result.notes.append(Msg("note_precommit", note=note_id, item=item.get("id")))
            else:
                problems.append(Msg("note_added", note=note_id))
            continue
        try:
            computed = commitment(note.get("salt", ""), {"note": note.get("text")})
        except (ValueError, TypeError, AttributeError):
            computed = ""
        if event.get("commitment") != computed:
            problems.append(Msg("note_altered", note=note_id, index=event.get("index")))
        else:
            good.append(Msg("note_matches", note=note_id, index=event.get("index")))
    for note_id, event in sorted(committed.items()):
        if note_id not in seen:
            problems.append(Msg("note_missing", note=note_id, index=event.get("index")))


# --- 7. witnesses: cosignatures of heads that contain the bundle's events ----------------------------------


def _check_witnesses(custody: dict, key: bytes, size: int, root: bytes, result: Result) -> None:
    """Each cosigned head: signed by the log key, a prefix of the bundle's head, and every cosignature on
    it Ed25519 by its witness over COSIG_LABEL || log key || head payload. A cosignature that does not
    verify is ALTERED, never dropped; the log key itself is no witness of its own heads."""
    result.head_size = size
    section = custody.get("witnesses", [])
    if not isinstance(section, list):
        result.add(Msg("witnesses_subject"), False, Msg("witnesses_unreadable"))
        return
    for cosigned in section:
        try:
            head = cosigned["tree_head"]
            head_size, head_root = int(head["tree_size"]), bytes.fromhex(head["root_hash"])
            payload = tree_head_payload(head)
            proof = _hexlist(cosigned.get("consistency_proof", []))
            cosignatures = list(cosigned["cosignatures"])
        except (KeyError, ValueError, TypeError, AttributeError):
            result.add(Msg("witnesses_subject"), False, Msg("cosigned_head_unreadable"))
            continue
        subject = Msg("witness_head_subject", size=head_size)
        problems, good, verified = [], [], []
        if not ed25519_verify(key, payload, _unhex(head.get("signature"))):
            problems.append(Msg("cosigned_head_unsigned", size=head_size))
        elif not verify_consistency(head_size, size, head_root, root, proof):
            problems.append(Msg("cosigned_head_not_prefix", size=head_size))
        for cosignature in cosignatures:
            witness = _unhex(cosignature.get("witness_public_key") if isinstance(cosignature, dict) else None)
            name = str(cosignature.get("witness", "?")) if isinstance(cosignature, dict) else "?"
            shown: str = fingerprint(witness) if len(witness) == 32 else Msg("unreadable_key")
            if witness == key:
                problems.append(Msg("self_cosignature", name=name))
            elif not ed25519_verify(witness, COSIG_LABEL + key + payload, _unhex(cosignature.get("signature"))):
                problems.append(Msg("cosignature_altered", witness=shown, name=name))
            else:
                verified.append((shown, name, str(cosignature.get("installation", "?"))))
                good.append(Msg("cosigned_by", witness=shown, name=name))
        if not problems:
            good.append(Msg("cosigned_head_prefix", size=head_size))
            for shown, name, installation in verified:
                known = result.witnesses.get(shown)
                if known is None or known[2] < head_size:
                    result.witnesses[shown] = (name, installation, head_size)
        result.add(subject, not problems, *(problems or good))


# --- the message table: every line the verifier prints, in each of Glasna's languages ------------------------
# One entry per message id, one text per language (sr in Cyrillic, sr-latn in Latin; bs, hr and cnr ijekavian);
# {placeholders} are filled by str.format with names, numbers, hashes and fingerprints, never translated. The
# wording follows Glasna's catalogues (glasna/locale) where they say the same thing; tests/evidence/
# test_verifier_language.py checks that every id has every language with the same placeholders.

MESSAGES: dict[str, dict[str, str]] = {
    "label_bundle": {
        "en": "BUNDLE",
        "sq": "PAKETA",
        "mk": "ПАКЕТ",
        "sr": "ПАКЕТ",
        "sr-latn": "PAKET",
        "bs": "PAKET",
        "hr": "PAKET",
        "cnr": "PAKET",
    },
    "label_key": {
        "en": "KEY",
        "sq": "ÇELËSI",
        "mk": "КЛУЧ",
        "sr": "КЉУЧ",
        "sr-latn": "KLJUČ",
        "bs": "KLJUČ",
        "hr": "KLJUČ",
        "cnr": "KLJUČ",
    },
    "label_verified": {
        "en": "VERIFIED",
        "sq": "VERIFIKUAR",
        "mk": "ПРОВЕРЕНО",
        "sr": "ПРОВЕРЕНО",
        "sr-latn": "PROVERENO",
        "bs": "PROVJERENO",
        "hr": "PROVJERENO",
        "cnr": "PROVJERENO",
    },
    "label_altered": {
        "en": "ALTERED",
        "sq": "NDRYSHUAR",
        "mk": "ИЗМЕНЕТО",
        "sr": "ИЗМЕЊЕНО",
        "sr-latn": "IZMENJENO",
        "bs": "IZMIJENJENO",
        "hr": "IZMIJENJENO",
        "cnr": "IZMIJENJENO",
    },
    "label_note": {
        "en": "NOTE",
        "sq": "SHËNIM",
        "mk": "НАПОМЕНА",
        "sr": "НАПОМЕНА",
        "sr-latn": "NAPOMENA",
        "bs": "NAPOMENA",
        "hr": "NAPOMENA",
        "cnr": "NAPOMENA",
    },
    "label_witnesses": {
        "en": "WITNESSES",
        "sq": "DËSHMITARËT",
        "mk": "СВЕДОЦИ",
        "sr": "СВЕДОЦИ",
        "sr-latn": "SVEDOCI",
        "bs": "SVJEDOCI",
        "hr": "SVJEDOCI",
        "cnr": "SVJEDOCI",
    },
    "bundle_line": {
        "en": "case {case} of {organisation}, exported {exported}",
        "sq": "rasti {case} i {organisation}, eksportuar më {exported}",
        "mk": "случај {case} на {organisation}, извезен на {exported}",
        "sr": "случај {case} организације {organisation}, извезен {exported}",
        "sr-latn": "slučaj {case} organizacije {organisation}, izvezen {exported}",
        "bs": "slučaj {case} organizacije {organisation}, izvezen {exported}",
        "hr": "slučaj {case} organizacije {organisation}, izvezen {exported}",
        "cnr": "slučaj {case} organizacije {organisation}, izvezen {exported}",
    },
    "key_line": {
        "en": "signed by the key with fingerprint {fingerprint}",
        "sq": "nënshkruar me çelësin me gjurmë digjitale {fingerprint}",
        "mk": "потпишан со клучот со отпечаток {fingerprint}",
        "sr": "потписан кључем чији је отисак {fingerprint}",
        "sr-latn": "potpisan ključem čiji je otisak {fingerprint}",
        "bs": "potpisan ključem čiji je otisak {fingerprint}",
        "hr": "potpisan ključem čiji je otisak {fingerprint}",
        "cnr": "potpisan ključem čiji je otisak {fingerprint}",
    },
    "key_pinned": {
        "en": "that is the key you gave with --key",
        "sq": "ky është çelësi që dhatë me --key",
        "mk": "тоа е клучот што го дадовте со --key",
        "sr": "то је кључ који сте навели уз --key",
        "sr-latn": "to je ključ koji ste naveli uz --key",
        "bs": "to je ključ koji ste naveli uz --key",
        "hr": "to je ključ koji ste naveli uz --key",
        "cnr": "to je ključ koji ste naveli uz --key",
    },
    "key_other": {
        "en": "that is NOT the key you gave with --key (see RESULT below)",
        "sq": "ky NUK është çelësi që dhatë me --key (shihni REZULTATIN më poshtë)",
        "mk": "тоа НЕ е клучот што го дадовте со --key (видете РЕЗУЛТАТ подолу)",
        "sr": "то НИЈЕ кључ који сте навели уз --key (види РЕЗУЛТАТ ниже)",
        "sr-latn": "to NIJE ključ koji ste naveli uz --key (vidi REZULTAT niže)",
        "bs": "to NIJE ključ koji ste naveli uz --key (vidi REZULTAT niže)",
        "hr": "to NIJE ključ koji ste naveli uz --key (vidi REZULTAT niže)",
        "cnr": "to NIJE ključ koji ste naveli uz --key (vidi REZULTAT niže)",
    },
    "key_named": {
        "en": "named by the bundle itself: compare it with the organisation's published one",
        "sq": "i emërtuar nga vetë paketa: krahasojeni me atë që publikon organizata",
        "mk": "го наведува самиот пакет: споредете го со клучот што го објавува организацијата",
        "sr": "навео га је сам пакет: упоредите га с кључем који организација објављује",
        "sr-latn": "naveo ga je sam paket: uporedite ga s ključem koji organizacija objavljuje",
        "bs": "naveo ga je sam paket: uporedite ga s ključem koji organizacija objavljuje",
        "hr": "naveo ga je sam paket: usporedite ga s ključem koji organizacija objavljuje",
        "cnr": "naveo ga je sam paket: uporedite ga s ključem koji organizacija objavljuje",
    },
    "usage_text": {
        "en": "USAGE ERROR: {message}\nNothing was checked. Run with --help for how to call the verifier.",
        "sq": "GABIM NË THIRRJE: {message}\nNuk u kontrollua asgjë. Ekzekutojeni me --help për të parë si thirret verifikuesi.",
        "mk": "ГРЕШКА ВО ПОВИКОТ: {message}\nНишто не е проверено. Извршете со --help за да видите како се повикува верификаторот.",
        "sr": "ГРЕШКА У ПОЗИВУ: {message}\nНишта није проверено. Покрените са --help да видите како се позива програм за проверу.",
        "sr-latn": "GREŠKA U POZIVU: {message}\nNišta nije provereno. Pokrenite sa --help da vidite kako se poziva program za proveru.",
        "bs": "GREŠKA U POZIVU: {message}\nNišta nije provjereno. Pokrenite sa --help da vidite kako se poziva program za provjeru.",
        "hr": "POGREŠKA U POZIVU: {message}\nNišta nije provjereno. Pokrenite s --help da vidite kako se poziva program za provjeru.",
        "cnr": "GREŠKA U POZIVU: {message}\nNišta nije provjereno. Pokrenite sa --help da vidite kako se poziva program za provjeru.",
    },
    "usage_key": {
        "en": "--key must be the organisation's log public key (64 hex digits, or 44 characters of base64) or its fingerprint (64 hex digits, in groups of four as published)",
        "sq": "--key duhet të jetë çelësi publik i regjistrit të organizatës (64 shifra hex, ose 44 karaktere base64) ose gjurma e tij digjitale (64 shifra hex, në grupe prej katër, siç publikohet)",
        "mk": "--key мора да биде јавниот клуч на дневникот на организацијата (64 хексадецимални цифри или 44 знаци base64) или неговиот отпечаток (64 хексадецимални цифри, во групи од по четири, како што е објавен)",
        "sr": "--key мора бити јавни кључ дневника организације (64 хексадецималне цифре или 44 знака base64) или његов отисак (64 хексадецималне цифре, у групама од по четири, како је објављен)",
        "sr-latn": "--key mora biti javni ključ dnevnika organizacije (64 heksadecimalne cifre ili 44 znaka base64) ili njegov otisak (64 heksadecimalne cifre, u grupama od po četiri, kako je objavljen)",
        "bs": "--key mora biti javni ključ dnevnika organizacije (64 heksadecimalne cifre ili 44 znaka base64) ili njegov otisak (64 heksadecimalne cifre, u grupama od po četiri, kako je objavljen)",
        "hr": "--key mora biti javni ključ dnevnika organizacije (64 heksadecimalne znamenke ili 44 znaka base64) ili njegov otisak (64 heksadecimalne znamenke, u skupinama po četiri, kako je objavljen)",
        "cnr": "--key mora biti javni ključ dnevnika organizacije (64 heksadecimalne cifre ili 44 znaka base64) ili njegov otisak (64 heksadecimalne cifre, u grupama od po četiri, kako je objavljen)",
    },
    "usage_witness_key": {
        "en": "--witness-key must be a witness's published public key (64 hex digits or base64) or its fingerprint",
        "sq": "--witness-key duhet të jetë çelësi publik i publikuar i një dëshmitari (64 shifra hex ose base64) ose gjurma e tij digjitale",
        "mk": "--witness-key мора да биде објавениот јавен клуч на сведок (64 хексадецимални цифри или base64) или неговиот отпечаток",
        "sr": "--witness-key мора бити објављени јавни кључ сведока (64 хексадецималне цифре или base64) или његов отисак",
        "sr-latn": "--witness-key mora biti objavljeni javni ključ svedoka (64 heksadecimalne cifre ili base64) ili njegov otisak",
        "bs": "--witness-key mora biti objavljeni javni ključ svjedoka (64 heksadecimalne cifre ili base64) ili njegov otisak",
        "hr": "--witness-key mora biti objavljeni javni ključ svjedoka (64 heksadecimalne znamenke ili base64) ili njegov otisak",
        "cnr": "--witness-key mora biti objavljeni javni ključ svjedoka (64 heksadecimalne cifre ili base64) ili njegov otisak",
    },
    "usage_no_ca": {
        "en": "--tsa-ca {path}: no such file",
        "sq": "--tsa-ca {path}: skedari nuk ekziston",
        "mk": "--tsa-ca {path}: нема таква датотека",
        "sr": "--tsa-ca {path}: датотека не постоји",
        "sr-latn": "--tsa-ca {path}: datoteka ne postoji",
        "bs": "--tsa-ca {path}: datoteka ne postoji",
        "hr": "--tsa-ca {path}: datoteka ne postoji",
        "cnr": "--tsa-ca {path}: datoteka ne postoji",
    },
    "usage_no_file": {
        "en": "{path}: no such file or folder",
        "sq": "{path}: skedari ose dosja nuk ekziston",
        "mk": "{path}: нема таква датотека или папка",
        "sr": "{path}: датотека или фасцикла не постоји",
        "sr-latn": "{path}: datoteka ili fascikla ne postoji",
        "bs": "{path}: datoteka ili folder ne postoji",
        "hr": "{path}: datoteka ili mapa ne postoji",
        "cnr": "{path}: datoteka ili folder ne postoji",
    },
    "usage_not_zip": {
        "en": "{path} is not a readable ZIP file ({error}): not a bundle, or an incomplete copy (was the download cut short?)",
        "sq": "{path} nuk është skedar ZIP i lexueshëm ({error}): nuk është paketë, ose është kopje e paplotë (a u ndërpre shkarkimi?)",
        "mk": "{path} не е читлива ZIP-датотека ({error}): не е пакет или е нецелосна копија (дали преземањето беше прекинато?)",
        "sr": "{path} није читљива ZIP датотека ({error}): није пакет или је непотпуна копија (да ли је преузимање прекинуто?)",
        "sr-latn": "{path} nije čitljiva ZIP datoteka ({error}): nije paket ili je nepotpuna kopija (da li je preuzimanje prekinuto?)",
        "bs": "{path} nije čitljiva ZIP datoteka ({error}): nije paket ili je nepotpuna kopija (da li je preuzimanje prekinuto?)",
        "hr": "{path} nije čitljiva ZIP datoteka ({error}): nije paket ili je nepotpuna kopija (je li preuzimanje prekinuto?)",
        "cnr": "{path} nije čitljiva ZIP datoteka ({error}): nije paket ili je nepotpuna kopija (da li je preuzimanje prekinuto?)",
    },
    "usage_no_manifest": {
        "en": "{path} is not a Glasna evidence bundle: it has no {manifest}",
        "sq": "{path} nuk është paketë provash e Glasna: nuk ka {manifest}",
        "mk": "{path} не е пакет докази од Glasna: нема {manifest}",
        "sr": "{path} није Glasna пакет доказа: нема {manifest}",
        "sr-latn": "{path} nije Glasna paket dokaza: nema {manifest}",
        "bs": "{path} nije Glasna paket dokaza: nema {manifest}",
        "hr": "{path} nije Glasna paket dokaza: nema {manifest}",
        "cnr": "{path} nije Glasna paket dokaza: nema {manifest}",
    },
    "damaged_member": {
        "en": "altered: the ZIP member is damaged (its bytes fail the ZIP's checksum)",
        "sq": "ndryshuar: anëtari i ZIP-it është i dëmtuar (bajtet e tij nuk kalojnë shumën e kontrollit të ZIP-it)",
        "mk": "изменето: членот на ZIP-архивата е оштетен (неговите бајти не ја поминуваат контролната сума на ZIP)",
        "sr": "измењено: члан ZIP архиве је оштећен (његови бајтови не пролазе контролни збир ZIP-а)",
        "sr-latn": "izmenjeno: član ZIP arhive je oštećen (njegovi bajtovi ne prolaze kontrolni zbir ZIP-a)",
        "bs": "izmijenjeno: član ZIP arhive je oštećen (njegovi bajtovi ne prolaze kontrolni zbir ZIP-a)",
        "hr": "izmijenjeno: član ZIP arhive je oštećen (njegovi bajtovi ne prolaze kontrolni zbroj ZIP-a)",
        "cnr": "izmijenjeno: član ZIP arhive je oštećen (njegovi bajtovi ne prolaze kontrolni zbir ZIP-a)",
    },
    "unreadable_structure": {
        "en": "altered: the bundle's structure cannot be read ({error})",
        "sq": "ndryshuar: struktura e paketës nuk mund të lexohet ({error})",
        "mk": "изменето: структурата на пакетот не може да се прочита ({error})",
        "sr": "измењено: структура пакета не може да се прочита ({error})",
        "sr-latn": "izmenjeno: struktura paketa ne može da se pročita ({error})",
        "bs": "izmijenjeno: struktura paketa ne može se pročitati ({error})",
        "hr": "izmijenjeno: struktura paketa ne može se pročitati ({error})",
        "cnr": "izmijenjeno: struktura paketa ne može da se pročita ({error})",
    },
    "ignored": {
        "en": "ignored in the folder (not part of the bundle): {names}",
        "sq": "të shpërfillura në dosje (nuk janë pjesë e paketës): {names}",
        "mk": "занемарено во папката (не е дел од пакетот): {names}",
        "sr": "занемарено у фасцикли (није део пакета): {names}",
        "sr-latn": "zanemareno u fascikli (nije deo paketa): {names}",
        "bs": "zanemareno u folderu (nije dio paketa): {names}",
        "hr": "zanemareno u mapi (nije dio paketa): {names}",
        "cnr": "zanemareno u folderu (nije dio paketa): {names}",
    },
    "manifest_invalid": {
        "en": "altered: it is not valid JSON in the bundle format any more",
        "sq": "ndryshuar: nuk është më JSON i vlefshëm në formatin e paketës",
        "mk": "изменето: повеќе не е валиден JSON во форматот на пакетот",
        "sr": "измењено: то више није исправан JSON у формату пакета",
        "sr-latn": "izmenjeno: to više nije ispravan JSON u formatu paketa",
        "bs": "izmijenjeno: to više nije ispravan JSON u formatu paketa",
        "hr": "izmijenjeno: to više nije ispravan JSON u formatu paketa",
        "cnr": "izmijenjeno: to više nije ispravan JSON u formatu paketa",
    },
    "signed_by_key_above": {
        "en": "signed by the key above",
        "sq": "nënshkruar me çelësin më sipër",
        "mk": "потпишан со клучот погоре",
        "sr": "потписан горњим кључем",
        "sr-latn": "potpisan gornjim ključem",
        "bs": "potpisan gornjim ključem",
        "hr": "potpisan gornjim ključem",
        "cnr": "potpisan gornjim ključem",
    },
    "manifest_sig_bad": {
        "en": "altered: its signature (manifest.sig) does not match its content",
        "sq": "ndryshuar: nënshkrimi i tij (manifest.sig) nuk përputhet me përmbajtjen",
        "mk": "изменето: неговиот потпис (manifest.sig) не одговара на содржината",
        "sr": "измењено: његов потпис (manifest.sig) не одговара садржају",
        "sr-latn": "izmenjeno: njegov potpis (manifest.sig) ne odgovara sadržaju",
        "bs": "izmijenjeno: njegov potpis (manifest.sig) ne odgovara sadržaju",
        "hr": "izmijenjeno: njegov potpis (manifest.sig) ne odgovara sadržaju",
        "cnr": "izmijenjeno: njegov potpis (manifest.sig) ne odgovara sadržaju",
    },
    "unexpected_file": {
        "en": "unexpected file: it is not listed in the manifest (added after export)",
        "sq": "skedar i papritur: nuk është në listën e manifestit (shtuar pas eksportimit)",
        "mk": "неочекувана датотека: не е наведена во манифестот (додадена по извозот)",
        "sr": "неочекивана датотека: није наведена у манифесту (додата после извоза)",
        "sr-latn": "neočekivana datoteka: nije navedena u manifestu (dodata posle izvoza)",
        "bs": "neočekivana datoteka: nije navedena u manifestu (dodana nakon izvoza)",
        "hr": "neočekivana datoteka: nije navedena u manifestu (dodana nakon izvoza)",
        "cnr": "neočekivana datoteka: nije navedena u manifestu (dodata nakon izvoza)",
    },
    "missing_from_bundle": {
        "en": "missing from the bundle",
        "sq": "mungon në paketë",
        "mk": "недостасува во пакетот",
        "sr": "недостаје у пакету",
        "sr-latn": "nedostaje u paketu",
        "bs": "nedostaje u paketu",
        "hr": "nedostaje u paketu",
        "cnr": "nedostaje u paketu",
    },
    "sha256": {
        "en": "SHA-256 {digest}",
        "sq": "SHA-256 {digest}",
        "mk": "SHA-256 {digest}",
        "sr": "SHA-256 {digest}",
        "sr-latn": "SHA-256 {digest}",
        "bs": "SHA-256 {digest}",
        "hr": "SHA-256 {digest}",
        "cnr": "SHA-256 {digest}",
    },
    "file_altered_sha": {
        "en": "altered: SHA-256 is {digest}, the manifest says {expected}",
        "sq": "ndryshuar: SHA-256 është {digest}, manifesti thotë {expected}",
        "mk": "изменето: SHA-256 е {digest}, манифестот наведува {expected}",
        "sr": "измењено: SHA-256 је {digest}, манифест наводи {expected}",
        "sr-latn": "izmenjeno: SHA-256 je {digest}, manifest navodi {expected}",
        "bs": "izmijenjeno: SHA-256 je {digest}, manifest navodi {expected}",
        "hr": "izmijenjeno: SHA-256 je {digest}, manifest navodi {expected}",
        "cnr": "izmijenjeno: SHA-256 je {digest}, manifest navodi {expected}",
    },
    "custody_unreadable": {
        "en": "altered: it cannot be read as custody events and a tree head",
        "sq": "ndryshuar: nuk mund të lexohet si ngjarje ruajtjeje dhe kokë peme",
        "mk": "изменето: не може да се прочита како настани на чување и врв на дрвото",
        "sr": "измењено: не може да се прочита као догађаји чувања и врх стабла",
        "sr-latn": "izmenjeno: ne može da se pročita kao događaji čuvanja i vrh stabla",
        "bs": "izmijenjeno: ne može se pročitati kao događaji čuvanja i zaglavlje stabla",
        "hr": "izmijenjeno: ne može se pročitati kao događaji čuvanja i vrh stabla",
        "cnr": "izmijenjeno: ne može da se pročita kao događaji čuvanja i vrh stabla",
    },
    "head_subject": {
        "en": "signed tree head (size {size})",
        "sq": "koka e nënshkruar e pemës (madhësia {size})",
        "mk": "потпишан врв на дрвото (големина {size})",
        "sr": "потписани врх стабла (величина {size})",
        "sr-latn": "potpisani vrh stabla (veličina {size})",
        "bs": "potpisano zaglavlje stabla (veličina {size})",
        "hr": "potpisani vrh stabla (veličina {size})",
        "cnr": "potpisani vrh stabla (veličina {size})",
    },
    "head_root": {
        "en": "root {root}",
        "sq": "rrënja {root}",
        "mk": "корен {root}",
        "sr": "корен {root}",
        "sr-latn": "koren {root}",
        "bs": "korijen {root}",
        "hr": "korijen {root}",
        "cnr": "korijen {root}",
    },
    "head_sig_bad": {
        "en": "altered: the Ed25519 signature does not match",
        "sq": "ndryshuar: nënshkrimi Ed25519 nuk përputhet",
        "mk": "изменето: потписот Ed25519 не се совпаѓа",
        "sr": "измењено: потпис Ed25519 се не поклапа",
        "sr-latn": "izmenjeno: potpis Ed25519 se ne poklapa",
        "bs": "izmijenjeno: potpis Ed25519 se ne poklapa",
        "hr": "izmijenjeno: potpis Ed25519 se ne podudara",
        "cnr": "izmijenjeno: potpis Ed25519 se ne poklapa",
    },
    "item_subject": {
        "en": "item {id} ({title})",
        "sq": "elementi {id} ({title})",
        "mk": "ставка {id} ({title})",
        "sr": "ставка {id} ({title})",
        "sr-latn": "stavka {id} ({title})",
        "bs": "stavka {id} ({title})",
        "hr": "stavka {id} ({title})",
        "cnr": "stavka {id} ({title})",
    },
    "record_other_item": {
        "en": "manifest entry altered: the record names another item",
        "sq": "hyrja e manifestit u ndryshua: regjistrimi emërton një element tjetër",
        "mk": "ставката во манифестот е изменета: записот именува друга ставка",
        "sr": "унос у манифесту је измењен: запис наводи другу ставку",
        "sr-latn": "unos u manifestu je izmenjen: zapis navodi drugu stavku",
        "bs": "unos u manifestu je izmijenjen: zapis navodi drugu stavku",
        "hr": "unos u manifestu je izmijenjen: zapis navodi drugu stavku",
        "cnr": "unos u manifestu je izmijenjen: zapis navodi drugu stavku",
    },
    "file_missing": {
        "en": "file {path} is missing",
        "sq": "skedari {path} mungon",
        "mk": "датотеката {path} недостасува",
        "sr": "датотека {path} недостаје",
        "sr-latn": "datoteka {path} nedostaje",
        "bs": "datoteka {path} nedostaje",
        "hr": "datoteka {path} nedostaje",
        "cnr": "datoteka {path} nedostaje",
    },
    "file_altered_digest": {
        "en": "file {path} altered: SHA-256 {digest} is not the recorded {recorded}",
        "sq": "skedari {path} u ndryshua: SHA-256 {digest} nuk është ai i regjistruari {recorded}",
        "mk": "датотеката {path} е изменета: SHA-256 {digest} не е запишаниот {recorded}",
        "sr": "датотека {path} је измењена: SHA-256 {digest} није забележени {recorded}",
        "sr-latn": "datoteka {path} je izmenjena: SHA-256 {digest} nije zabeleženi {recorded}",
        "bs": "datoteka {path} je izmijenjena: SHA-256 {digest} nije zabilježeni {recorded}",
        "hr": "datoteka {path} je izmijenjena: SHA-256 {digest} nije zabilježeni {recorded}",
        "cnr": "datoteka {path} je izmijenjena: SHA-256 {digest} nije zabilježeni {recorded}",
    },
    "file_altered_size": {
        "en": "file {path} altered: {size} bytes, recorded {recorded}",
        "sq": "skedari {path} u ndryshua: {size} bajte, të regjistruara {recorded}",
        "mk": "датотеката {path} е изменета: {size} бајти, запишани {recorded}",
        "sr": "датотека {path} је измењена: {size} бајтова, забележено {recorded}",
        "sr-latn": "datoteka {path} je izmenjena: {size} bajtova, zabeleženo {recorded}",
        "bs": "datoteka {path} je izmijenjena: {size} bajtova, zabilježeno {recorded}",
        "hr": "datoteka {path} je izmijenjena: {size} bajtova, zabilježeno {recorded}",
        "cnr": "datoteka {path} je izmijenjena: {size} bajtova, zabilježeno {recorded}",
    },
    "file_matches": {
        "en": "file {path}: SHA-256 matches ({digest})",
        "sq": "skedari {path}: SHA-256 përputhet ({digest})",
        "mk": "датотека {path}: SHA-256 се совпаѓа ({digest})",
        "sr": "датотека {path}: SHA-256 се поклапа ({digest})",
        "sr-latn": "datoteka {path}: SHA-256 se poklapa ({digest})",
        "bs": "datoteka {path}: SHA-256 se poklapa ({digest})",
        "hr": "datoteka {path}: SHA-256 se podudara ({digest})",
        "cnr": "datoteka {path}: SHA-256 se poklapa ({digest})",
    },
    "event_missing": {
        "en": "custody event #{index} is missing from custody.json",
        "sq": "ngjarja e ruajtjes #{index} mungon në custody.json",
        "mk": "настанот на чување #{index} недостасува во custody.json",
        "sr": "догађај чувања #{index} недостаје у custody.json",
        "sr-latn": "događaj čuvanja #{index} nedostaje u custody.json",
        "bs": "događaj čuvanja #{index} nedostaje u custody.json",
        "hr": "događaj čuvanja #{index} nedostaje u custody.json",
        "cnr": "događaj čuvanja #{index} nedostaje u custody.json",
    },
    "event_unreadable": {
        "en": "custody event #{index} altered: unreadable",
        "sq": "ngjarja e ruajtjes #{index} u ndryshua: e palexueshme",
        "mk": "настанот на чување #{index} е изменет: нечитлив",
        "sr": "догађај чувања #{index} је измењен: нечитљив",
        "sr-latn": "događaj čuvanja #{index} je izmenjen: nečitljiv",
        "bs": "događaj čuvanja #{index} je izmijenjen: nečitljiv",
        "hr": "događaj čuvanja #{index} je izmijenjen: nečitljiv",
        "cnr": "događaj čuvanja #{index} je izmijenjen: nečitljiv",
    },
    "event_other": {
        "en": "custody event #{index} altered: it names another item or position",
        "sq": "ngjarja e ruajtjes #{index} u ndryshua: emërton një element ose pozicion tjetër",
        "mk": "настанот на чување #{index} е изменет: именува друга ставка или позиција",
        "sr": "догађај чувања #{index} је измењен: наводи другу ставку или позицију",
        "sr-latn": "događaj čuvanja #{index} je izmenjen: navodi drugu stavku ili poziciju",
        "bs": "događaj čuvanja #{index} je izmijenjen: navodi drugu stavku ili poziciju",
        "hr": "događaj čuvanja #{index} je izmijenjen: navodi drugu stavku ili poziciju",
        "cnr": "događaj čuvanja #{index} je izmijenjen: navodi drugu stavku ili poziciju",
    },
    "event_proof_bad": {
        "en": "custody event #{index} ({action}) altered: its inclusion proof does not lead to the signed tree head (the event or its proof was changed)",
        "sq": "ngjarja e ruajtjes #{index} ({action}) u ndryshua: prova e përfshirjes nuk të çon te koka e nënshkruar e pemës (u ndryshua ngjarja ose prova e saj)",
        "mk": "настанот на чување #{index} ({action}) е изменет: неговиот доказ за вклученост не води до потпишаниот врв на дрвото (изменет е настанот или неговиот доказ)",
        "sr": "догађај чувања #{index} ({action}) је измењен: његов доказ укључености не води до потписаног врха стабла (промењен је догађај или његов доказ)",
        "sr-latn": "događaj čuvanja #{index} ({action}) je izmenjen: njegov dokaz uključenosti ne vodi do potpisanog vrha stabla (promenjen je događaj ili njegov dokaz)",
        "bs": "događaj čuvanja #{index} ({action}) je izmijenjen: njegov dokaz uključenosti ne vodi do potpisanog zaglavlja stabla (promijenjen je događaj ili njegov dokaz)",
        "hr": "događaj čuvanja #{index} ({action}) je izmijenjen: njegov dokaz uključenosti ne vodi do potpisanog vrha stabla (promijenjen je događaj ili njegov dokaz)",
        "cnr": "događaj čuvanja #{index} ({action}) je izmijenjen: njegov dokaz uključenosti ne vodi do potpisanog vrha stabla (promijenjen je događaj ili njegov dokaz)",
    },
    "no_added_event": {
        "en": "no proved 'added' custody event for this item",
        "sq": "nuk ka ngjarje ruajtjeje 'added' të provuar për këtë element",
        "mk": "нема докажан настан на чување 'added' за оваа ставка",
        "sr": "нема доказаног догађаја чувања 'added' за ову ставку",
        "sr-latn": "nema dokazanog događaja čuvanja 'added' za ovu stavku",
        "bs": "nema dokazanog događaja čuvanja 'added' za ovu stavku",
        "hr": "nema dokazanog događaja čuvanja 'added' za ovu stavku",
        "cnr": "nema dokazanog događaja čuvanja 'added' za ovu stavku",
    },
    "record_commitment_bad": {
        "en": "manifest entry altered: the capture details or metadata differ from what was committed when the item was added",
        "sq": "hyrja e manifestit u ndryshua: detajet e kapjes ose metadatat ndryshojnë nga ato të angazhuara kur u shtua elementi",
        "mk": "ставката во манифестот е изменета: деталите за снимањето или метаподатоците се разликуваат од она што е обврзано при додавањето на ставката",
        "sr": "унос у манифесту је измењен: подаци о снимању или метаподаци разликују се од онога што је обавезано при додавању ставке",
        "sr-latn": "unos u manifestu je izmenjen: podaci o snimanju ili metapodaci razlikuju se od onoga što je obavezano pri dodavanju stavke",
        "bs": "unos u manifestu je izmijenjen: podaci o snimanju ili metapodaci razlikuju se od onoga što je obavezano pri dodavanju stavke",
        "hr": "unos u manifestu je izmijenjen: podaci o snimanju ili metapodaci razlikuju se od onoga što je obvezano pri dodavanju stavke",
        "cnr": "unos u manifestu je izmijenjen: podaci o snimanju ili metapodaci razlikuju se od onoga što je obavezano pri dodavanju stavke",
    },
    "record_matches": {
        "en": "record matches the commitment made when it was added ({at})",
        "sq": "regjistrimi përputhet me angazhimin e bërë kur u shtua ({at})",
        "mk": "записот одговара на обврската направена при додавањето ({at})",
        "sr": "запис одговара обавези направљеној при додавању ({at})",
        "sr-latn": "zapis odgovara obavezi napravljenoj pri dodavanju ({at})",
        "bs": "zapis odgovara obavezi napravljenoj pri dodavanju ({at})",
        "hr": "zapis odgovara obvezi napravljenoj pri dodavanju ({at})",
        "cnr": "zapis odgovara obavezi napravljenoj pri dodavanju ({at})",
    },
    "events_proved": {
        "en": "{count} custody events proved in the log",
        "sq": "ngjarje ruajtjeje të provuara në regjistër: {count}",
        "mk": "настани на чување докажани во дневникот: {count}",
        "sr": "догађаји чувања доказани у дневнику: {count}",
        "sr-latn": "događaji čuvanja dokazani u dnevniku: {count}",
        "bs": "događaji čuvanja dokazani u dnevniku: {count}",
        "hr": "događaji čuvanja dokazani u dnevniku: {count}",
        "cnr": "događaji čuvanja dokazani u dnevniku: {count}",
    },
    "ca_from_bundle": {
        "en": "the TSA CA certificate was taken from the bundle; compare it with the TSA's published one (or --tsa-ca)",
        "sq": "certifikata CA e TSA-së u mor nga paketa; krahasojeni me atë që publikon TSA (ose --tsa-ca)",
        "mk": "CA-сертификатот на TSA е земен од пакетот; споредете го со оној што го објавува TSA (или --tsa-ca)",
        "sr": "CA сертификат TSA-а је узет из пакета; упоредите га са оним који TSA објављује (или --tsa-ca)",
        "sr-latn": "CA sertifikat TSA-a je uzet iz paketa; uporedite ga sa onim koji TSA objavljuje (ili --tsa-ca)",
        "bs": "CA certifikat TSA-a je uzet iz paketa; uporedite ga s onim koji TSA objavljuje (ili --tsa-ca)",
        "hr": "CA certifikat TSA-a preuzet je iz paketa; usporedite ga s onim koji TSA objavljuje (ili --tsa-ca)",
        "cnr": "CA sertifikat TSA-a je uzet iz paketa; uporedite ga sa onim koji TSA objavljuje (ili --tsa-ca)",
    },
    "stamp_subject": {
        "en": "time-stamp {path}",
        "sq": "vula kohore {path}",
        "mk": "временски печат {path}",
        "sr": "временски жиг {path}",
        "sr-latn": "vremenski žig {path}",
        "bs": "vremenski pečat {path}",
        "hr": "vremenski žig {path}",
        "cnr": "vremenski pečat {path}",
    },
    "stamp_unreadable": {
        "en": "altered: unreadable or missing",
        "sq": "ndryshuar: i palexueshëm ose mungon",
        "mk": "изменето: нечитливо или недостасува",
        "sr": "измењено: нечитљиво или недостаје",
        "sr-latn": "izmenjeno: nečitljivo ili nedostaje",
        "bs": "izmijenjeno: nečitljivo ili nedostaje",
        "hr": "izmijenjeno: nečitljivo ili nedostaje",
        "cnr": "izmijenjeno: nečitljivo ili nedostaje",
    },
    "stamped_head_unsigned": {
        "en": "the stamped tree head (size {size}) is not signed by the key above",
        "sq": "koka e pemës me vulë (madhësia {size}) nuk është nënshkruar me çelësin më sipër",
        "mk": "печатираниот врв на дрвото (големина {size}) не е потпишан со клучот погоре",
        "sr": "врх стабла са жигом (величина {size}) није потписан горњим кључем",
        "sr-latn": "vrh stabla sa žigom (veličina {size}) nije potpisan gornjim ključem",
        "bs": "zaglavlje stabla s pečatom (veličina {size}) nije potpisano gornjim ključem",
        "hr": "vrh stabla sa žigom (veličina {size}) nije potpisan gornjim ključem",
        "cnr": "vrh stabla s pečatom (veličina {size}) nije potpisan gornjim ključem",
    },
    "stamped_head_not_prefix": {
        "en": "the stamped head (size {size}) is not a prefix of the bundle's head: consistency fails",
        "sq": "koka me vulë (madhësia {size}) nuk është prefiks i kokës së paketës: konsistenca dështon",
        "mk": "печатираниот врв (големина {size}) не е префикс на врвот на пакетот: конзистентноста не успева",
        "sr": "врх са жигом (величина {size}) није префикс врха пакета: провера доследности не успева",
        "sr-latn": "vrh sa žigom (veličina {size}) nije prefiks vrha paketa: provera doslednosti ne uspeva",
        "bs": "zaglavlje s pečatom (veličina {size}) nije prefiks zaglavlja paketa: provjera dosljednosti ne uspijeva",
        "hr": "vrh sa žigom (veličina {size}) nije prefiks vrha paketa: provjera dosljednosti ne uspijeva",
        "cnr": "vrh s pečatom (veličina {size}) nije prefiks vrha paketa: provjera dosljednosti ne uspijeva",
    },
    "stamped_head_prefix": {
        "en": "the log at size {size} is a prefix of the bundle's head (consistency proof)",
        "sq": "regjistri në madhësinë {size} është prefiks i kokës së paketës (provë konsistence)",
        "mk": "дневникот со големина {size} е префикс на врвот на пакетот (доказ за конзистентност)",
        "sr": "дневник величине {size} је префикс врха пакета (доказ доследности)",
        "sr-latn": "dnevnik veličine {size} je prefiks vrha paketa (dokaz doslednosti)",
        "bs": "dnevnik veličine {size} je prefiks zaglavlja paketa (dokaz dosljednosti)",
        "hr": "dnevnik veličine {size} prefiks je vrha paketa (dokaz dosljednosti)",
        "cnr": "dnevnik veličine {size} je prefiks vrha paketa (dokaz dosljednosti)",
    },
    "token_imprint_bad": {
        "en": "token altered: its message imprint is not the SHA-256 of the stamped tree head",
        "sq": "tokeni u ndryshua: gjurma e mesazhit nuk është SHA-256 e kokës së pemës me vulë",
        "mk": "токенот е изменет: неговиот отпечаток на пораката не е SHA-256 на печатираниот врв на дрвото",
        "sr": "токен је измењен: његов отисак поруке није SHA-256 врха стабла са жигом",
        "sr-latn": "token je izmenjen: njegov otisak poruke nije SHA-256 vrha stabla sa žigom",
        "bs": "token je izmijenjen: njegov otisak poruke nije SHA-256 zaglavlja stabla s pečatom",
        "hr": "token je izmijenjen: njegov otisak poruke nije SHA-256 vrha stabla sa žigom",
        "cnr": "token je izmijenjen: njegov otisak poruke nije SHA-256 vrha stabla s pečatom",
    },
    "token_stamps": {
        "en": "token stamps this tree head at {time} (message imprint matches)",
        "sq": "tokeni e vulos këtë kokë peme më {time} (gjurma e mesazhit përputhet)",
        "mk": "токенот го печатира овој врв на дрвото во {time} (отпечатокот на пораката се совпаѓа)",
        "sr": "токен оверава овај врх стабла у {time} (отисак поруке се поклапа)",
        "sr-latn": "token overava ovaj vrh stabla u {time} (otisak poruke se poklapa)",
        "bs": "token ovjerava ovo zaglavlje stabla u {time} (otisak poruke se poklapa)",
        "hr": "token ovjerava ovaj vrh stabla u {time} (otisak poruke se podudara)",
        "cnr": "token ovjerava ovaj vrh stabla u {time} (otisak poruke se poklapa)",
    },
    "token_no_ca": {
        "en": "token signature NOT checked: no TSA CA certificate (use --tsa-ca)",
        "sq": "nënshkrimi i tokenit NUK u kontrollua: nuk ka certifikatë CA të TSA-së (përdorni --tsa-ca)",
        "mk": "потписот на токенот НЕ е проверен: нема CA-сертификат на TSA (користете --tsa-ca)",
        "sr": "потпис токена НИЈЕ проверен: нема CA сертификата TSA-а (користите --tsa-ca)",
        "sr-latn": "potpis tokena NIJE proveren: nema CA sertifikata TSA-a (koristite --tsa-ca)",
        "bs": "potpis tokena NIJE provjeren: nema CA certifikata TSA-a (koristite --tsa-ca)",
        "hr": "potpis tokena NIJE provjeren: nema CA certifikata TSA-a (upotrijebite --tsa-ca)",
        "cnr": "potpis tokena NIJE provjeren: nema CA sertifikata TSA-a (koristite --tsa-ca)",
    },
    "subject_message": {
        "en": "{subject}: {message}",
        "sq": "{subject}: {message}",
        "mk": "{subject}: {message}",
        "sr": "{subject}: {message}",
        "sr-latn": "{subject}: {message}",
        "bs": "{subject}: {message}",
        "hr": "{subject}: {message}",
        "cnr": "{subject}: {message}",
    },
    "no_stamps": {
        "en": "no time-stamps in this bundle: the times shown rest on the log's own signature",
        "sq": "nuk ka vula kohore në këtë paketë: kohët e treguara mbështeten vetëm në nënshkrimin e vetë regjistrit",
        "mk": "во овој пакет нема временски печати: прикажаните времиња почиваат на потписот на самиот дневник",
        "sr": "у овом пакету нема временских жигова: приказана времена почивају на потпису самог дневника",
        "sr-latn": "u ovom paketu nema vremenskih žigova: prikazana vremena počivaju na potpisu samog dnevnika",
        "bs": "u ovom paketu nema vremenskih pečata: prikazana vremena počivaju na potpisu samog dnevnika",
        "hr": "u ovom paketu nema vremenskih žigova: prikazana vremena počivaju na potpisu samog dnevnika",
        "cnr": "u ovom paketu nema vremenskih pečata: prikazana vremena počivaju na potpisu samog dnevnika",
    },
    "openssl_missing": {
        "en": "token signature NOT checked: the openssl command is not installed",
        "sq": "nënshkrimi i tokenit NUK u kontrollua: komanda openssl nuk është e instaluar",
        "mk": "потписот на токенот НЕ е проверен: командата openssl не е инсталирана",
        "sr": "потпис токена НИЈЕ проверен: команда openssl није инсталирана",
        "sr-latn": "potpis tokena NIJE proveren: komanda openssl nije instalirana",
        "bs": "potpis tokena NIJE provjeren: komanda openssl nije instalirana",
        "hr": "potpis tokena NIJE provjeren: naredba openssl nije instalirana",
        "cnr": "potpis tokena NIJE provjeren: komanda openssl nije instalirana",
    },
    "openssl_failed": {
        "en": "token signature NOT checked: openssl failed to run ({error})",
        "sq": "nënshkrimi i tokenit NUK u kontrollua: openssl nuk arriti të ekzekutohej ({error})",
        "mk": "потписот на токенот НЕ е проверен: openssl не успеа да се изврши ({error})",
        "sr": "потпис токена НИЈЕ проверен: openssl није успео да се покрене ({error})",
        "sr-latn": "potpis tokena NIJE proveren: openssl nije uspeo da se pokrene ({error})",
        "bs": "potpis tokena NIJE provjeren: openssl se nije uspio pokrenuti ({error})",
        "hr": "potpis tokena NIJE provjeren: openssl se nije uspio pokrenuti ({error})",
        "cnr": "potpis tokena NIJE provjeren: openssl nije uspio da se pokrene ({error})",
    },
    "openssl_ok": {
        "en": "token signature verified by openssl against the TSA CA certificate",
        "sq": "nënshkrimi i tokenit u verifikua nga openssl kundrejt certifikatës CA të TSA-së",
        "mk": "потписот на токенот е проверен со openssl според CA-сертификатот на TSA",
        "sr": "потпис токена је проверен помоћу openssl према CA сертификату TSA-а",
        "sr-latn": "potpis tokena je proveren pomoću openssl prema CA sertifikatu TSA-a",
        "bs": "potpis tokena je provjeren pomoću openssl prema CA certifikatu TSA-a",
        "hr": "potpis tokena provjeren je pomoću openssl prema CA certifikatu TSA-a",
        "cnr": "potpis tokena je provjeren pomoću openssl prema CA sertifikatu TSA-a",
    },
    "openssl_bad": {
        "en": "token signature does NOT verify (openssl: {detail})",
        "sq": "nënshkrimi i tokenit NUK verifikohet (openssl: {detail})",
        "mk": "потписот на токенот НЕ се потврдува (openssl: {detail})",
        "sr": "потпис токена НИЈЕ исправан (openssl: {detail})",
        "sr-latn": "potpis tokena NIJE ispravan (openssl: {detail})",
        "bs": "potpis tokena NIJE ispravan (openssl: {detail})",
        "hr": "potpis tokena NIJE ispravan (openssl: {detail})",
        "cnr": "potpis tokena NIJE ispravan (openssl: {detail})",
    },
    "completeness_subject": {
        "en": "completeness of the custody events",
        "sq": "plotësia e ngjarjeve të ruajtjes",
        "mk": "целосност на настаните на чување",
        "sr": "потпуност догађаја чувања",
        "sr-latn": "potpunost događaja čuvanja",
        "bs": "potpunost događaja čuvanja",
        "hr": "potpunost događaja čuvanja",
        "cnr": "potpunost događaja čuvanja",
    },
    "completeness_missing": {
        "en": "altered: custody.json does not show that every event is listed",
        "sq": "ndryshuar: custody.json nuk tregon se çdo ngjarje është e listuar",
        "mk": "изменето: custody.json не покажува дека секој настан е наведен",
        "sr": "измењено: custody.json не показује да је сваки догађај наведен",
        "sr-latn": "izmenjeno: custody.json ne pokazuje da je svaki događaj naveden",
        "bs": "izmijenjeno: custody.json ne pokazuje da je svaki događaj naveden",
        "hr": "izmijenjeno: custody.json ne pokazuje da je svaki događaj naveden",
        "cnr": "izmijenjeno: custody.json ne pokazuje da je svaki događaj naveden",
    },
    "completeness_unreadable": {
        "en": "altered: the completeness section of custody.json is unreadable",
        "sq": "ndryshuar: seksioni i plotësisë në custody.json është i palexueshëm",
        "mk": "изменето: делот за целосност во custody.json е нечитлив",
        "sr": "измењено: одељак о потпуности у custody.json је нечитљив",
        "sr-latn": "izmenjeno: odeljak o potpunosti u custody.json je nečitljiv",
        "bs": "izmijenjeno: odjeljak o potpunosti u custody.json je nečitljiv",
        "hr": "izmijenjeno: odjeljak o potpunosti u custody.json je nečitljiv",
        "cnr": "izmijenjeno: odjeljak o potpunosti u custody.json je nečitljiv",
    },
    "event_twice": {
        "en": "event #{index} is given twice",
        "sq": "ngjarja #{index} jepet dy herë",
        "mk": "настанот #{index} е даден двапати",
        "sr": "догађај #{index} је наведен двапут",
        "sr-latn": "događaj #{index} je naveden dvaput",
        "bs": "događaj #{index} je naveden dvaput",
        "hr": "događaj #{index} naveden je dvaput",
        "cnr": "događaj #{index} je naveden dvaput",
    },
    "event_left_out": {
        "en": "event #{index} ({action}) of item {item} is in the log but not listed with its item: it was left out of the bundle",
        "sq": "ngjarja #{index} ({action}) e elementit {item} është në regjistër, por nuk është e listuar me elementin e saj: u la jashtë paketës",
        "mk": "настанот #{index} ({action}) на ставката {item} е во дневникот, но не е наведен со својата ставка: изоставен е од пакетот",
        "sr": "догађај #{index} ({action}) ставке {item} је у дневнику, али није наведен уз своју ставку: изостављен је из пакета",
        "sr-latn": "događaj #{index} ({action}) stavke {item} je u dnevniku, ali nije naveden uz svoju stavku: izostavljen je iz paketa",
        "bs": "događaj #{index} ({action}) stavke {item} je u dnevniku, ali nije naveden uz svoju stavku: izostavljen je iz paketa",
        "hr": "događaj #{index} ({action}) stavke {item} je u dnevniku, ali nije naveden uz svoju stavku: izostavljen je iz paketa",
        "cnr": "događaj #{index} ({action}) stavke {item} je u dnevniku, ali nije naveden uz svoju stavku: izostavljen je iz paketa",
    },
    "event_range_missing": {
        "en": "event #{index} is missing: the log's events from #{first} on are not all accounted for",
        "sq": "ngjarja #{index} mungon: ngjarjet e regjistrit nga #{first} e tutje nuk janë të gjitha të llogaritura",
        "mk": "настанот #{index} недостасува: не се опфатени сите настани од дневникот од #{first} наваму",
        "sr": "догађај #{index} недостаје: нису обухваћени сви догађаји дневника од #{first} надаље",
        "sr-latn": "događaj #{index} nedostaje: nisu obuhvaćeni svi događaji dnevnika od #{first} nadalje",
        "bs": "događaj #{index} nedostaje: nisu obuhvaćeni svi događaji dnevnika od #{first} nadalje",
        "hr": "događaj #{index} nedostaje: nisu obuhvaćeni svi događaji dnevnika od #{first} nadalje",
        "cnr": "događaj #{index} nedostaje: nisu obuhvaćeni svi događaji dnevnika od #{first} nadalje",
    },
    "events_outside": {
        "en": "events outside the range #{first}..#{last} are given as part of it",
        "sq": "ngjarje jashtë intervalit #{first}..#{last} jepen si pjesë e tij",
        "mk": "настани надвор од опсегот #{first}..#{last} се дадени како негов дел",
        "sr": "догађаји изван опсега #{first}..#{last} наведени су као његов део",
        "sr-latn": "događaji izvan opsega #{first}..#{last} navedeni su kao njegov deo",
        "bs": "događaji izvan raspona #{first}..#{last} navedeni su kao njegov dio",
        "hr": "događaji izvan raspona #{first}..#{last} navedeni su kao njegov dio",
        "cnr": "događaji izvan opsega #{first}..#{last} navedeni su kao njegov dio",
    },
    "range_not_root": {
        "en": "the events #{first}..#{last} do not rebuild the signed tree head: an event was left out, added or changed",
        "sq": "ngjarjet #{first}..#{last} nuk rindërtojnë kokën e nënshkruar të pemës: një ngjarje u la jashtë, u shtua ose u ndryshua",
        "mk": "настаните #{first}..#{last} не го обновуваат потпишаниот врв на дрвото: настан е изоставен, додаден или изменет",
        "sr": "догађаји #{first}..#{last} не дају поново потписани врх стабла: догађај је изостављен, додат или промењен",
        "sr-latn": "događaji #{first}..#{last} ne daju ponovo potpisani vrh stabla: događaj je izostavljen, dodat ili promenjen",
        "bs": "događaji #{first}..#{last} ne daju ponovo potpisano zaglavlje stabla: događaj je izostavljen, dodan ili promijenjen",
        "hr": "događaji #{first}..#{last} ne daju ponovno potpisani vrh stabla: događaj je izostavljen, dodan ili promijenjen",
        "cnr": "događaji #{first}..#{last} ne daju ponovo potpisani vrh stabla: događaj je izostavljen, dodat ili promijenjen",
    },
    "range_complete": {
        "en": "every event of the log from #{first} to #{last} is accounted for; those of this bundle's items are all listed ({others} events of other items disclosed as codes and ids only)",
        "sq": "çdo ngjarje e regjistrit nga #{first} deri #{last} është e llogaritur; ato të elementeve të kësaj pakete janë të gjitha të listuara (ngjarje të elementeve të tjerë, të zbuluara vetëm si kode dhe identifikues: {others})",
        "mk": "секој настан од дневникот од #{first} до #{last} е опфатен; сите настани на ставките од овој пакет се наведени (настани на други ставки, откриени само како кодови и идентификатори: {others})",
        "sr": "сваки догађај дневника од #{first} до #{last} је обухваћен; сви догађаји ставки овог пакета су наведени (догађаји других ставки, откривени само као кодови и идентификатори: {others})",
        "sr-latn": "svaki događaj dnevnika od #{first} do #{last} je obuhvaćen; svi događaji stavki ovog paketa su navedeni (događaji drugih stavki, otkriveni samo kao kodovi i identifikatori: {others})",
        "bs": "svaki događaj dnevnika od #{first} do #{last} je obuhvaćen; svi događaji stavki ovog paketa su navedeni (događaji drugih stavki, otkriveni samo kao kodovi i identifikatori: {others})",
        "hr": "svaki događaj dnevnika od #{first} do #{last} je obuhvaćen; svi događaji stavki ovog paketa su navedeni (događaji drugih stavki, otkriveni samo kao kodovi i identifikatori: {others})",
        "cnr": "svaki događaj dnevnika od #{first} do #{last} je obuhvaćen; svi događaji stavki ovog paketa su navedeni (događaji drugih stavki, otkriveni samo kao kodovi i identifikatori: {others})",
    },
    "earliest_unsigned": {
        "en": "the earliest head (size {size}) is not signed by the key above",
        "sq": "koka më e hershme (madhësia {size}) nuk është nënshkruar me çelësin më sipër",
        "mk": "најраниот врв (големина {size}) не е потпишан со клучот погоре",
        "sr": "најранији врх (величина {size}) није потписан горњим кључем",
        "sr-latn": "najraniji vrh (veličina {size}) nije potpisan gornjim ključem",
        "bs": "najranije zaglavlje (veličina {size}) nije potpisano gornjim ključem",
        "hr": "najraniji vrh (veličina {size}) nije potpisan gornjim ključem",
        "cnr": "najraniji vrh (veličina {size}) nije potpisan gornjim ključem",
    },
    "earliest_no_first": {
        "en": "the earliest head (size {size}) does not hold the first event #{first}",
        "sq": "koka më e hershme (madhësia {size}) nuk përmban ngjarjen e parë #{first}",
        "mk": "најраниот врв (големина {size}) не го содржи првиот настан #{first}",
        "sr": "најранији врх (величина {size}) не садржи први догађај #{first}",
        "sr-latn": "najraniji vrh (veličina {size}) ne sadrži prvi događaj #{first}",
        "bs": "najranije zaglavlje (veličina {size}) ne sadrži prvi događaj #{first}",
        "hr": "najraniji vrh (veličina {size}) ne sadrži prvi događaj #{first}",
        "cnr": "najraniji vrh (veličina {size}) ne sadrži prvi događaj #{first}",
    },
    "earliest_not_prefix": {
        "en": "the earliest head (size {size}) is not a prefix of the bundle's head",
        "sq": "koka më e hershme (madhësia {size}) nuk është prefiks i kokës së paketës",
        "mk": "најраниот врв (големина {size}) не е префикс на врвот на пакетот",
        "sr": "најранији врх (величина {size}) није префикс врха пакета",
        "sr-latn": "najraniji vrh (veličina {size}) nije prefiks vrha paketa",
        "bs": "najranije zaglavlje (veličina {size}) nije prefiks zaglavlja paketa",
        "hr": "najraniji vrh (veličina {size}) nije prefiks vrha paketa",
        "cnr": "najraniji vrh (veličina {size}) nije prefiks vrha paketa",
    },
    "earliest_prefix": {
        "en": "the signed head of size {size} (the first to hold event #{first}) is a prefix of the bundle's head (consistency proof)",
        "sq": "koka e nënshkruar me madhësi {size} (e para që përmban ngjarjen #{first}) është prefiks i kokës së paketës (provë konsistence)",
        "mk": "потпишаниот врв со големина {size} (првиот што го содржи настанот #{first}) е префикс на врвот на пакетот (доказ за конзистентност)",
        "sr": "потписани врх величине {size} (први који садржи догађај #{first}) је префикс врха пакета (доказ доследности)",
        "sr-latn": "potpisani vrh veličine {size} (prvi koji sadrži događaj #{first}) je prefiks vrha paketa (dokaz doslednosti)",
        "bs": "potpisano zaglavlje veličine {size} (prvo koje sadrži događaj #{first}) je prefiks zaglavlja paketa (dokaz dosljednosti)",
        "hr": "potpisani vrh veličine {size} (prvi koji sadrži događaj #{first}) prefiks je vrha paketa (dokaz dosljednosti)",
        "cnr": "potpisani vrh veličine {size} (prvi koji sadrži događaj #{first}) je prefiks vrha paketa (dokaz dosljednosti)",
    },
    "untimed": {
        "en": "no independent time: events {events} of item {item} come after the last time-stamped tree head (size {size}): their times rest on the log's own signature",
        "sq": "pa kohë të pavarur: ngjarjet {events} të elementit {item} vijnë pas kokës së fundit të pemës me vulë kohore (madhësia {size}): kohët e tyre mbështeten vetëm në nënshkrimin e vetë regjistrit",
        "mk": "без независно време: настаните {events} на ставката {item} доаѓаат по последниот врв на дрвото со временски печат (големина {size}): нивните времиња почиваат на потписот на самиот дневник",
        "sr": "без независног времена: догађаји {events} ставке {item} долазе после последњег врха стабла са временским жигом (величина {size}): њихова времена почивају на потпису самог дневника",
        "sr-latn": "bez nezavisnog vremena: događaji {events} stavke {item} dolaze posle poslednjeg vrha stabla sa vremenskim žigom (veličina {size}): njihova vremena počivaju na potpisu samog dnevnika",
        "bs": "bez nezavisnog vremena: događaji {events} stavke {item} dolaze nakon posljednjeg zaglavlja stabla s vremenskim pečatom (veličina {size}): njihova vremena počivaju na potpisu samog dnevnika",
        "hr": "bez neovisnog vremena: događaji {events} stavke {item} dolaze nakon posljednjeg vrha stabla s vremenskim žigom (veličina {size}): njihova vremena počivaju na potpisu samog dnevnika",
        "cnr": "bez nezavisnog vremena: događaji {events} stavke {item} dolaze nakon posljednjeg vrha stabla s vremenskim pečatom (veličina {size}): njihova vremena počivaju na potpisu samog dnevnika",
    },
    "submission_missing": {
        "en": "the item was imported from the survivor's submission (event #{index}), which is missing",
        "sq": "elementi u importua nga dërgesa e të mbijetuarës (ngjarja #{index}), e cila mungon",
        "mk": "ставката е увезена од поднесокот на преживеаната (настан #{index}), кој недостасува",
        "sr": "ставка је увезена из поднеска преживеле (догађај #{index}), који недостаје",
        "sr-latn": "stavka je uvezena iz podneska preživele (događaj #{index}), koji nedostaje",
        "bs": "stavka je uvezena iz podneska preživjele (događaj #{index}), koji nedostaje",
        "hr": "stavka je uvezena iz podneska preživjele (događaj #{index}), koji nedostaje",
        "cnr": "stavka je uvezena iz podneska preživjele (događaj #{index}), koji nedostaje",
    },
    "submission_unreadable": {
        "en": "manifest entry altered: its submission is unreadable",
        "sq": "hyrja e manifestit u ndryshua: dërgesa e saj është e palexueshme",
        "mk": "ставката во манифестот е изменета: нејзиниот поднесок е нечитлив",
        "sr": "унос у манифесту је измењен: његов поднесак је нечитљив",
        "sr-latn": "unos u manifestu je izmenjen: njegov podnesak je nečitljiv",
        "bs": "unos u manifestu je izmijenjen: njegov podnesak je nečitljiv",
        "hr": "unos u manifestu je izmijenjen: njegov podnesak je nečitljiv",
        "cnr": "unos u manifestu je izmijenjen: njegov podnesak je nečitljiv",
    },
    "submission_mismatch": {
        "en": "the 'added' event names submission #{named}, the record #{index}",
        "sq": "ngjarja 'added' emërton dërgesën #{named}, regjistrimi #{index}",
        "mk": "настанот 'added' го именува поднесокот #{named}, записот #{index}",
        "sr": "догађај 'added' наводи поднесак #{named}, запис #{index}",
        "sr-latn": "događaj 'added' navodi podnesak #{named}, zapis #{index}",
        "bs": "događaj 'added' navodi podnesak #{named}, zapis #{index}",
        "hr": "događaj 'added' navodi podnesak #{named}, zapis #{index}",
        "cnr": "događaj 'added' navodi podnesak #{named}, zapis #{index}",
    },
    "submission_event_bad": {
        "en": "submission event #{index} is missing, altered, or not proved in the log",
        "sq": "ngjarja e dërgesës #{index} mungon, është ndryshuar ose nuk është provuar në regjistër",
        "mk": "настанот на поднесување #{index} недостасува, изменет е или не е докажан во дневникот",
        "sr": "догађај подношења #{index} недостаје, измењен је или није доказан у дневнику",
        "sr-latn": "događaj podnošenja #{index} nedostaje, izmenjen je ili nije dokazan u dnevniku",
        "bs": "događaj podnošenja #{index} nedostaje, izmijenjen je ili nije dokazan u dnevniku",
        "hr": "događaj podnošenja #{index} nedostaje, izmijenjen je ili nije dokazan u dnevniku",
        "cnr": "događaj podnošenja #{index} nedostaje, izmijenjen je ili nije dokazan u dnevniku",
    },
    "submission_altered": {
        "en": "file altered: its SHA-256 and size are not what the survivor sent (submission event #{index}, {at})",
        "sq": "skedari u ndryshua: SHA-256 dhe madhësia e tij nuk janë ato që dërgoi e mbijetuara (ngjarja e dërgesës #{index}, {at})",
        "mk": "датотеката е изменета: нејзиниот SHA-256 и големина не се она што го испрати преживеаната (настан на поднесување #{index}, {at})",
        "sr": "датотека је измењена: њен SHA-256 и величина нису оно што је преживела послала (догађај подношења #{index}, {at})",
        "sr-latn": "datoteka je izmenjena: njen SHA-256 i veličina nisu ono što je preživela poslala (događaj podnošenja #{index}, {at})",
        "bs": "datoteka je izmijenjena: njen SHA-256 i veličina nisu ono što je preživjela poslala (događaj podnošenja #{index}, {at})",
        "hr": "datoteka je izmijenjena: njezin SHA-256 i veličina nisu ono što je preživjela poslala (događaj podnošenja #{index}, {at})",
        "cnr": "datoteka je izmijenjena: njen SHA-256 i veličina nijesu ono što je preživjela poslala (događaj podnošenja #{index}, {at})",
    },
    "submission_matches": {
        "en": "file is byte for byte what the survivor sent (submission event #{index}, {at})",
        "sq": "skedari është bajt për bajt ai që dërgoi e mbijetuara (ngjarja e dërgesës #{index}, {at})",
        "mk": "датотеката е бајт по бајт она што го испрати преживеаната (настан на поднесување #{index}, {at})",
        "sr": "датотека је бајт по бајт оно што је преживела послала (догађај подношења #{index}, {at})",
        "sr-latn": "datoteka je bajt po bajt ono što je preživela poslala (događaj podnošenja #{index}, {at})",
        "bs": "datoteka je bajt po bajt ono što je preživjela poslala (događaj podnošenja #{index}, {at})",
        "hr": "datoteka je bajt po bajt ono što je preživjela poslala (događaj podnošenja #{index}, {at})",
        "cnr": "datoteka je bajt po bajt ono što je preživjela poslala (događaj podnošenja #{index}, {at})",
    },
    "notes_unreadable": {
        "en": "manifest entry altered: its notes are unreadable",
        "sq": "hyrja e manifestit u ndryshua: shënimet e saj janë të palexueshme",
        "mk": "ставката во манифестот е изменета: нејзините белешки се нечитливи",
        "sr": "унос у манифесту је измењен: његове белешке су нечитљиве",
        "sr-latn": "unos u manifestu je izmenjen: njegove beleške su nečitljive",
        "bs": "unos u manifestu je izmijenjen: njegove bilješke su nečitljive",
        "hr": "unos u manifestu je izmijenjen: njegove bilješke su nečitljive",
        "cnr": "unos u manifestu je izmijenjen: njegove bilješke su nečitljive",
    },
    "note_precommit": {
        "en": "note {note} on item {item} was written before notes were committed to the log: its text is not checked",
        "sq": "shënimi {note} për elementin {item} u shkrua para se shënimet të angazhoheshin në regjistër: teksti i tij nuk kontrollohet",
        "mk": "белешката {note} за ставката {item} е напишана пред белешките да се обврзуваат во дневникот: нејзиниот текст не се проверува",
        "sr": "белешка {note} уз ставку {item} написана је пре него што су се белешке обавезивале у дневнику: њен текст се не проверава",
        "sr-latn": "beleška {note} uz stavku {item} napisana je pre nego što su se beleške obavezivale u dnevniku: njen tekst se ne proverava",
        "bs": "bilješka {note} uz stavku {item} napisana je prije nego što su se bilješke obavezivale u dnevniku: njen tekst se ne provjerava",
        "hr": "bilješka {note} uz stavku {item} napisana je prije nego što su se bilješke obvezivale u dnevniku: njezin tekst se ne provjerava",
        "cnr": "bilješka {note} uz stavku {item} napisana je prije nego što su se bilješke obavezivale u dnevniku: njen tekst se ne provjerava",
    },
    "note_added": {
        "en": "note {note} altered or added: no custody event in the log commits to it",
        "sq": "shënimi {note} u ndryshua ose u shtua: asnjë ngjarje ruajtjeje në regjistër nuk angazhohet për të",
        "mk": "белешката {note} е изменета или додадена: ниеден настан на чување во дневникот не се обврзува на неа",
        "sr": "белешка {note} је измењена или додата: ниједан догађај чувања у дневнику се не обавезује на њу",
        "sr-latn": "beleška {note} je izmenjena ili dodata: nijedan događaj čuvanja u dnevniku se ne obavezuje na nju",
        "bs": "bilješka {note} je izmijenjena ili dodana: nijedan događaj čuvanja u dnevniku se ne obavezuje na nju",
        "hr": "bilješka {note} je izmijenjena ili dodana: nijedan događaj čuvanja u dnevniku ne obvezuje se na nju",
        "cnr": "bilješka {note} je izmijenjena ili dodata: nijedan događaj čuvanja u dnevniku se ne obavezuje na nju",
    },
    "note_altered": {
        "en": "note {note} altered: its text is not what was committed (event #{index})",
        "sq": "shënimi {note} u ndryshua: teksti i tij nuk është ai që u angazhua (ngjarja #{index})",
        "mk": "белешката {note} е изменета: нејзиниот текст не е она што е обврзано (настан #{index})",
        "sr": "белешка {note} је измењена: њен текст није оно што је обавезано (догађај #{index})",
        "sr-latn": "beleška {note} je izmenjena: njen tekst nije ono što je obavezano (događaj #{index})",
        "bs": "bilješka {note} je izmijenjena: njen tekst nije ono što je obavezano (događaj #{index})",
        "hr": "bilješka {note} je izmijenjena: njezin tekst nije ono što je obvezano (događaj #{index})",
        "cnr": "bilješka {note} je izmijenjena: njen tekst nije ono što je obavezano (događaj #{index})",
    },
    "note_matches": {
        "en": "note {note} matches its custody event #{index}",
        "sq": "shënimi {note} përputhet me ngjarjen e tij të ruajtjes #{index}",
        "mk": "белешката {note} одговара на својот настан на чување #{index}",
        "sr": "белешка {note} одговара свом догађају чувања #{index}",
        "sr-latn": "beleška {note} odgovara svom događaju čuvanja #{index}",
        "bs": "bilješka {note} odgovara svom događaju čuvanja #{index}",
        "hr": "bilješka {note} odgovara svom događaju čuvanja #{index}",
        "cnr": "bilješka {note} odgovara svom događaju čuvanja #{index}",
    },
    "note_missing": {
        "en": "note {note} (event #{index}) is missing from the bundle",
        "sq": "shënimi {note} (ngjarja #{index}) mungon në paketë",
        "mk": "белешката {note} (настан #{index}) недостасува во пакетот",
        "sr": "белешка {note} (догађај #{index}) недостаје у пакету",
        "sr-latn": "beleška {note} (događaj #{index}) nedostaje u paketu",
        "bs": "bilješka {note} (događaj #{index}) nedostaje u paketu",
        "hr": "bilješka {note} (događaj #{index}) nedostaje u paketu",
        "cnr": "bilješka {note} (događaj #{index}) nedostaje u paketu",
    },
    "witnesses_subject": {
        "en": "witness cosignatures",
        "sq": "bashkënënshkrimet e dëshmitarëve",
        "mk": "сопотписи на сведоците",
        "sr": "супотписи сведока",
        "sr-latn": "supotpisi svedoka",
        "bs": "supotpisi svjedoka",
        "hr": "supotpisi svjedoka",
        "cnr": "supotpisi svjedoka",
    },
    "witnesses_unreadable": {
        "en": "altered: the witnesses section of custody.json is unreadable",
        "sq": "ndryshuar: seksioni i dëshmitarëve në custody.json është i palexueshëm",
        "mk": "изменето: делот за сведоци во custody.json е нечитлив",
        "sr": "измењено: одељак о сведоцима у custody.json је нечитљив",
        "sr-latn": "izmenjeno: odeljak o svedocima u custody.json je nečitljiv",
        "bs": "izmijenjeno: odjeljak o svjedocima u custody.json je nečitljiv",
        "hr": "izmijenjeno: odjeljak o svjedocima u custody.json je nečitljiv",
        "cnr": "izmijenjeno: odjeljak o svjedocima u custody.json je nečitljiv",
    },
    "cosigned_head_unreadable": {
        "en": "altered: a cosigned head in custody.json is unreadable",
        "sq": "ndryshuar: një kokë e bashkënënshkruar në custody.json është e palexueshme",
        "mk": "изменето: сопотпишан врв во custody.json е нечитлив",
        "sr": "измењено: супотписани врх у custody.json је нечитљив",
        "sr-latn": "izmenjeno: supotpisani vrh u custody.json je nečitljiv",
        "bs": "izmijenjeno: supotpisano zaglavlje u custody.json je nečitljivo",
        "hr": "izmijenjeno: supotpisani vrh u custody.json je nečitljiv",
        "cnr": "izmijenjeno: supotpisani vrh u custody.json je nečitljiv",
    },
    "witness_head_subject": {
        "en": "witness cosignatures of the head of size {size}",
        "sq": "bashkënënshkrimet e dëshmitarëve të kokës me madhësi {size}",
        "mk": "сопотписи на сведоците за врвот со големина {size}",
        "sr": "супотписи сведока за врх величине {size}",
        "sr-latn": "supotpisi svedoka za vrh veličine {size}",
        "bs": "supotpisi svjedoka za zaglavlje veličine {size}",
        "hr": "supotpisi svjedoka za vrh veličine {size}",
        "cnr": "supotpisi svjedoka za vrh veličine {size}",
    },
    "cosigned_head_unsigned": {
        "en": "the cosigned head (size {size}) is not signed by the key above",
        "sq": "koka e bashkënënshkruar (madhësia {size}) nuk është nënshkruar me çelësin më sipër",
        "mk": "сопотпишаниот врв (големина {size}) не е потпишан со клучот погоре",
        "sr": "супотписани врх (величина {size}) није потписан горњим кључем",
        "sr-latn": "supotpisani vrh (veličina {size}) nije potpisan gornjim ključem",
        "bs": "supotpisano zaglavlje (veličina {size}) nije potpisano gornjim ključem",
        "hr": "supotpisani vrh (veličina {size}) nije potpisan gornjim ključem",
        "cnr": "supotpisani vrh (veličina {size}) nije potpisan gornjim ključem",
    },
    "cosigned_head_not_prefix": {
        "en": "the cosigned head (size {size}) is not a prefix of the bundle's head",
        "sq": "koka e bashkënënshkruar (madhësia {size}) nuk është prefiks i kokës së paketës",
        "mk": "сопотпишаниот врв (големина {size}) не е префикс на врвот на пакетот",
        "sr": "супотписани врх (величина {size}) није префикс врха пакета",
        "sr-latn": "supotpisani vrh (veličina {size}) nije prefiks vrha paketa",
        "bs": "supotpisano zaglavlje (veličina {size}) nije prefiks zaglavlja paketa",
        "hr": "supotpisani vrh (veličina {size}) nije prefiks vrha paketa",
        "cnr": "supotpisani vrh (veličina {size}) nije prefiks vrha paketa",
    },
    "unreadable_key": {
        "en": "an unreadable key",
        "sq": "një çelës i palexueshëm",
        "mk": "нечитлив клуч",
        "sr": "нечитљив кључ",
        "sr-latn": "nečitljiv ključ",
        "bs": "nečitljiv ključ",
        "hr": "nečitljiv ključ",
        "cnr": "nečitljiv ključ",
    },
    "self_cosignature": {
        "en": "a 'cosignature' by the log key itself ({name}): the log is no witness of its heads",
        "sq": "një 'bashkënënshkrim' nga vetë çelësi i regjistrit ({name}): regjistri nuk është dëshmitar i kokave të veta",
        "mk": "'сопотпис' од самиот клуч на дневникот ({name}): дневникот не е сведок на своите врвови",
        "sr": "'супотпис' самим кључем дневника ({name}): дневник није сведок сопствених врхова",
        "sr-latn": "'supotpis' samim ključem dnevnika ({name}): dnevnik nije svedok sopstvenih vrhova",
        "bs": "'supotpis' samim ključem dnevnika ({name}): dnevnik nije svjedok vlastitih zaglavlja",
        "hr": "'supotpis' samim ključem dnevnika ({name}): dnevnik nije svjedok vlastitih vrhova",
        "cnr": "'supotpis' samim ključem dnevnika ({name}): dnevnik nije svjedok sopstvenih vrhova",
    },
    "cosignature_altered": {
        "en": "cosignature altered: the cosignature of witness {witness} ({name}) does not verify over this head (it was changed, or made over another head)",
        "sq": "bashkënënshkrimi u ndryshua: bashkënënshkrimi i dëshmitarit {witness} ({name}) nuk verifikohet mbi këtë kokë (u ndryshua, ose u bë mbi një kokë tjetër)",
        "mk": "сопотписот е изменет: сопотписот на сведокот {witness} ({name}) не се потврдува над овој врв (изменет е или е направен над друг врв)",
        "sr": "супотпис је измењен: супотпис сведока {witness} ({name}) није исправан за овај врх (промењен је или направљен за други врх)",
        "sr-latn": "supotpis je izmenjen: supotpis svedoka {witness} ({name}) nije ispravan za ovaj vrh (promenjen je ili napravljen za drugi vrh)",
        "bs": "supotpis je izmijenjen: supotpis svjedoka {witness} ({name}) nije ispravan za ovo zaglavlje (promijenjen je ili napravljen za drugo zaglavlje)",
        "hr": "supotpis je izmijenjen: supotpis svjedoka {witness} ({name}) nije ispravan za ovaj vrh (promijenjen je ili izrađen za drugi vrh)",
        "cnr": "supotpis je izmijenjen: supotpis svjedoka {witness} ({name}) nije ispravan za ovaj vrh (promijenjen je ili napravljen za drugi vrh)",
    },
    "cosigned_by": {
        "en": "cosigned by witness {witness} ({name})",
        "sq": "bashkënënshkruar nga dëshmitari {witness} ({name})",
        "mk": "сопотпишано од сведокот {witness} ({name})",
        "sr": "супотписао сведок {witness} ({name})",
        "sr-latn": "supotpisao svedok {witness} ({name})",
        "bs": "supotpisao svjedok {witness} ({name})",
        "hr": "supotpisao svjedok {witness} ({name})",
        "cnr": "supotpisao svjedok {witness} ({name})",
    },
    "cosigned_head_prefix": {
        "en": "the head of size {size} is a prefix of the bundle's head (consistency proof)",
        "sq": "koka me madhësi {size} është prefiks i kokës së paketës (provë konsistence)",
        "mk": "врвот со големина {size} е префикс на врвот на пакетот (доказ за конзистентност)",
        "sr": "врх величине {size} је префикс врха пакета (доказ доследности)",
        "sr-latn": "vrh veličine {size} je prefiks vrha paketa (dokaz doslednosti)",
        "bs": "zaglavlje veličine {size} je prefiks zaglavlja paketa (dokaz dosljednosti)",
        "hr": "vrh veličine {size} prefiks je vrha paketa (dokaz dosljednosti)",
        "cnr": "vrh veličine {size} je prefiks vrha paketa (dokaz dosljednosti)",
    },
    "witnesses_none": {
        "en": "no verified witness cosignature: nobody else is shown to have seen these heads",
        "sq": "asnjë bashkënënshkrim dëshmitari i verifikuar: nuk tregohet që dikush tjetër t'i ketë parë këto koka",
        "mk": "нема проверен сопотпис од сведок: не е покажано дека некој друг ги видел овие врвови",
        "sr": "нема провереног супотписа сведока: није показано да је ико други видео ове врхове",
        "sr-latn": "nema proverenog supotpisa svedoka: nije pokazano da je iko drugi video ove vrhove",
        "bs": "nema provjerenog supotpisa svjedoka: nije pokazano da je iko drugi vidio ova zaglavlja",
        "hr": "nema provjerenog supotpisa svjedoka: nije pokazano da je itko drugi vidio ove vrhove",
        "cnr": "nema provjerenog supotpisa svjedoka: nije pokazano da je iko drugi vidio ove vrhove",
    },
    "witnesses_count_one": {
        "en": "{count} independent witness saw a head containing these events",
        "sq": "{count} dëshmitar i pavarur pa një kokë që përmban këto ngjarje",
        "mk": "{count} независен сведок виде врв што ги содржи овие настани",
        "sr": "{count} независни сведок видео је врх који садржи ове догађаје",
        "sr-latn": "{count} nezavisni svedok video je vrh koji sadrži ove događaje",
        "bs": "{count} nezavisni svjedok vidio je zaglavlje koje sadrži ove događaje",
        "hr": "{count} neovisni svjedok vidio je vrh koji sadrži ove događaje",
        "cnr": "{count} nezavisni svjedok vidio je vrh koji sadrži ove događaje",
    },
    "witnesses_count": {
        "en": "{count} independent witnesses saw a head containing these events",
        "sq": "{count} dëshmitarë të pavarur panë një kokë që përmban këto ngjarje",
        "mk": "независни сведоци што виделе врв со овие настани: {count}",
        "sr": "независни сведоци који су видели врх са овим догађајима: {count}",
        "sr-latn": "nezavisni svedoci koji su videli vrh sa ovim događajima: {count}",
        "bs": "nezavisni svjedoci koji su vidjeli zaglavlje s ovim događajima: {count}",
        "hr": "neovisni svjedoci koji su vidjeli vrh s ovim događajima: {count}",
        "cnr": "nezavisni svjedoci koji su vidjeli vrh s ovim događajima: {count}",
    },
    "seen_bundle_head": {
        "en": "the bundle's head",
        "sq": "kokën e paketës",
        "mk": "врвот на пакетот",
        "sr": "врх пакета",
        "sr-latn": "vrh paketa",
        "bs": "zaglavlje paketa",
        "hr": "vrh paketa",
        "cnr": "vrh paketa",
    },
    "seen_head": {
        "en": "the head of size {size} (events up to #{last})",
        "sq": "kokën me madhësi {size} (ngjarjet deri në #{last})",
        "mk": "врвот со големина {size} (настани до #{last})",
        "sr": "врх величине {size} (догађаји до #{last})",
        "sr-latn": "vrh veličine {size} (događaji do #{last})",
        "bs": "zaglavlje veličine {size} (događaji do #{last})",
        "hr": "vrh veličine {size} (događaji do #{last})",
        "cnr": "vrh veličine {size} (događaji do #{last})",
    },
    "witness_not_trusted": {
        "en": "; NOT among the keys given with --witness-key: not counted",
        "sq": "; NUK është ndër çelësat e dhënë me --witness-key: nuk numërohet",
        "mk": "; НЕ е меѓу клучевите дадени со --witness-key: не се брои",
        "sr": "; НИЈЕ међу кључевима наведеним уз --witness-key: не броји се",
        "sr-latn": "; NIJE među ključevima navedenim uz --witness-key: ne broji se",
        "bs": "; NIJE među ključevima navedenim uz --witness-key: ne broji se",
        "hr": "; NIJE među ključevima navedenima uz --witness-key: ne broji se",
        "cnr": "; NIJE među ključevima navedenim uz --witness-key: ne broji se",
    },
    "witness_line": {
        "en": "{fingerprint} ({name}, {installation}) cosigned {seen}{trust}",
        "sq": "{fingerprint} ({name}, {installation}) bashkënënshkroi {seen}{trust}",
        "mk": "{fingerprint} ({name}, {installation}) сопотпиша: {seen}{trust}",
        "sr": "{fingerprint} ({name}, {installation}) супотписао је: {seen}{trust}",
        "sr-latn": "{fingerprint} ({name}, {installation}) supotpisao je: {seen}{trust}",
        "bs": "{fingerprint} ({name}, {installation}) supotpisao je: {seen}{trust}",
        "hr": "{fingerprint} ({name}, {installation}) supotpisao je: {seen}{trust}",
        "cnr": "{fingerprint} ({name}, {installation}) supotpisao je: {seen}{trust}",
    },
    "witnesses_compare": {
        "en": 'independent only if these are the keys the witnesses publish (on their own evidence key pages): compare them, or give the ones you trust with --witness-key "FINGERPRINT"',
        "sq": 'të pavarur vetëm nëse këta janë çelësat që publikojnë dëshmitarët (në faqet e tyre të çelësave të provave): krahasojini, ose jepni ata që u besoni me --witness-key "FINGERPRINT"',
        "mk": 'независни се само ако ова се клучевите што сведоците ги објавуваат (на нивните страници за клучеви за докази): споредете ги или дадете ги оние на кои им верувате со --witness-key "FINGERPRINT"',
        "sr": 'независни су само ако су ово кључеви које сведоци објављују (на својим страницама кључева за доказе): упоредите их или наведите оне којима верујете уз --witness-key "FINGERPRINT"',
        "sr-latn": 'nezavisni su samo ako su ovo ključevi koje svedoci objavljuju (na svojim stranicama ključeva za dokaze): uporedite ih ili navedite one kojima verujete uz --witness-key "FINGERPRINT"',
        "bs": 'nezavisni su samo ako su ovo ključevi koje svjedoci objavljuju (na svojim stranicama ključeva za dokaze): uporedite ih ili navedite one kojima vjerujete uz --witness-key "FINGERPRINT"',
        "hr": 'neovisni su samo ako su ovo ključevi koje svjedoci objavljuju (na svojim stranicama ključeva za dokaze): usporedite ih ili navedite one kojima vjerujete uz --witness-key "FINGERPRINT"',
        "cnr": 'nezavisni su samo ako su ovo ključevi koje svjedoci objavljuju (na svojim stranicama ključeva za dokaze): uporedite ih ili navedite one kojima vjerujete uz --witness-key "FINGERPRINT"',
    },
    "published_where": {
        "en": " (published at {url}, according to the bundle)",
        "sq": " (publikuar në {url}, sipas paketës)",
        "mk": " (објавен на {url}, според пакетот)",
        "sr": " (објављен на {url}, према пакету)",
        "sr-latn": " (objavljen na {url}, prema paketu)",
        "bs": " (objavljen na {url}, prema paketu)",
        "hr": " (objavljen na {url}, prema paketu)",
        "cnr": " (objavljen na {url}, prema paketu)",
    },
    "seen_by_one": {
        "en": "; seen by {count} independent witness",
        "sq": "; e pa {count} dëshmitar i pavarur",
        "mk": "; го виде {count} независен сведок",
        "sr": "; видео га је {count} независни сведок",
        "sr-latn": "; video ga je {count} nezavisni svedok",
        "bs": "; vidio ga je {count} nezavisni svjedok",
        "hr": "; vidio ga je {count} neovisni svjedok",
        "cnr": "; vidio ga je {count} nezavisni svjedok",
    },
    "seen_by": {
        "en": "; seen by {count} independent witnesses",
        "sq": "; e panë {count} dëshmitarë të pavarur",
        "mk": "; независни сведоци што го виделе: {count}",
        "sr": "; независни сведоци који су га видели: {count}",
        "sr-latn": "; nezavisni svedoci koji su ga videli: {count}",
        "bs": "; nezavisni svjedoci koji su ga vidjeli: {count}",
        "hr": "; neovisni svjedoci koji su ga vidjeli: {count}",
        "cnr": "; nezavisni svjedoci koji su ga vidjeli: {count}",
    },
    "result_verified": {
        "en": "RESULT: everything verified: case {case}, exported {exported}, signed by the key you gave (fingerprint {fingerprint}){seen}",
        "sq": "REZULTATI: gjithçka u verifikua: rasti {case}, eksportuar më {exported}, nënshkruar me çelësin që dhatë (gjurma digjitale {fingerprint}){seen}",
        "mk": "РЕЗУЛТАТ: сè е проверено: случај {case}, извезен на {exported}, потпишан со клучот што го дадовте (отпечаток {fingerprint}){seen}",
        "sr": "РЕЗУЛТАТ: све је проверено: случај {case}, извезен {exported}, потписан кључем који сте навели (отисак {fingerprint}){seen}",
        "sr-latn": "REZULTAT: sve je provereno: slučaj {case}, izvezen {exported}, potpisan ključem koji ste naveli (otisak {fingerprint}){seen}",
        "bs": "REZULTAT: sve je provjereno: slučaj {case}, izvezen {exported}, potpisan ključem koji ste naveli (otisak {fingerprint}){seen}",
        "hr": "REZULTAT: sve je provjereno: slučaj {case}, izvezen {exported}, potpisan ključem koji ste naveli (otisak {fingerprint}){seen}",
        "cnr": "REZULTAT: sve je provjereno: slučaj {case}, izvezen {exported}, potpisan ključem koji ste naveli (otisak {fingerprint}){seen}",
    },
    "result_other_key": {
        "en": "RESULT: NOT VERIFIED - the bundle was signed by a different key than the one you gave: it is signed by {fingerprint}, you gave {as_key} (as a key) or {as_fingerprint} (as a fingerprint). It does not come from that key's log.",
        "sq": "REZULTATI: I PAVERIFIKUAR - paketa u nënshkrua me një çelës tjetër nga ai që dhatë: është nënshkruar me {fingerprint}, ju dhatë {as_key} (si çelës) ose {as_fingerprint} (si gjurmë digjitale). Ajo nuk vjen nga regjistri i atij çelësi.",
        "mk": "РЕЗУЛТАТ: НЕ Е ПРОВЕРЕНО - пакетот е потпишан со друг клуч, а не со оној што го дадовте: потпишан е со {fingerprint}, вие дадовте {as_key} (како клуч) или {as_fingerprint} (како отпечаток). Не доаѓа од дневникот на тој клуч.",
        "sr": "РЕЗУЛТАТ: НИЈЕ ПРОВЕРЕНО - пакет је потписан другим кључем, а не оним који сте навели: потписан је са {fingerprint}, навели сте {as_key} (као кључ) или {as_fingerprint} (као отисак). Не потиче из дневника тог кључа.",
        "sr-latn": "REZULTAT: NIJE PROVERENO - paket je potpisan drugim ključem, a ne onim koji ste naveli: potpisan je sa {fingerprint}, naveli ste {as_key} (kao ključ) ili {as_fingerprint} (kao otisak). Ne potiče iz dnevnika tog ključa.",
        "bs": "REZULTAT: NIJE PROVJERENO - paket je potpisan drugim ključem, a ne onim koji ste naveli: potpisan je s {fingerprint}, naveli ste {as_key} (kao ključ) ili {as_fingerprint} (kao otisak). Ne potiče iz dnevnika tog ključa.",
        "hr": "REZULTAT: NIJE PROVJERENO - paket je potpisan drugim ključem, a ne onim koji ste naveli: potpisan je s {fingerprint}, naveli ste {as_key} (kao ključ) ili {as_fingerprint} (kao otisak). Ne potječe iz dnevnika tog ključa.",
        "cnr": "REZULTAT: NIJE PROVJERENO - paket je potpisan drugim ključem, a ne onim koji ste naveli: potpisan je sa {fingerprint}, naveli ste {as_key} (kao ključ) ili {as_fingerprint} (kao otisak). Ne potiče iz dnevnika tog ključa.",
    },
    "result_other_key_altered": {
        "en": " Besides, the items marked ALTERED were changed.",
        "sq": " Përveç kësaj, elementet e shënuara NDRYSHUAR u ndryshuan.",
        "mk": " Освен тоа, ставките означени со ИЗМЕНЕТО се изменети.",
        "sr": " Осим тога, ставке означене са ИЗМЕЊЕНО су промењене.",
        "sr-latn": " Osim toga, stavke označene sa IZMENJENO su promenjene.",
        "bs": " Osim toga, stavke označene s IZMIJENJENO su promijenjene.",
        "hr": " Osim toga, stavke označene s IZMIJENJENO promijenjene su.",
        "cnr": " Osim toga, stavke označene sa IZMIJENJENO su promijenjene.",
    },
    "result_altered": {
        "en": "RESULT: NOT VERIFIED - the items marked ALTERED were changed",
        "sq": "REZULTATI: I PAVERIFIKUAR - elementet e shënuara NDRYSHUAR u ndryshuan",
        "mk": "РЕЗУЛТАТ: НЕ Е ПРОВЕРЕНО - ставките означени со ИЗМЕНЕТО се изменети",
        "sr": "РЕЗУЛТАТ: НИЈЕ ПРОВЕРЕНО - ставке означене са ИЗМЕЊЕНО су промењене",
        "sr-latn": "REZULTAT: NIJE PROVERENO - stavke označene sa IZMENJENO su promenjene",
        "bs": "REZULTAT: NIJE PROVJERENO - stavke označene s IZMIJENJENO su promijenjene",
        "hr": "REZULTAT: NIJE PROVJERENO - stavke označene s IZMIJENJENO promijenjene su",
        "cnr": "REZULTAT: NIJE PROVJERENO - stavke označene sa IZMIJENJENO su promijenjene",
    },
    "result_unpinned": {
        "en": 'RESULT: INTERNALLY CONSISTENT, SIGNER NOT CHECKED - nothing was changed since the bundle was signed, but anyone can sign a bundle with a key of their own. Compare the key fingerprint\n        {fingerprint}\nwith the one {organisation} publishes{where}, or run again with --key "FINGERPRINT" to check it.',
        "sq": 'REZULTATI: I QËNDRUESHËM NGA BRENDA, NËNSHKRUESI I PAKONTROLLUAR - asgjë nuk u ndryshua që kur paketa u nënshkrua, por kushdo mund të nënshkruajë një paketë me një çelës të vetin. Krahasoni gjurmën digjitale të çelësit\n        {fingerprint}\nme atë që publikon {organisation}{where}, ose ekzekutojeni përsëri me --key "FINGERPRINT" për ta kontrolluar.',
        "mk": 'РЕЗУЛТАТ: ВНАТРЕШНО УСОГЛАСЕН, ПОТПИСНИКОТ НЕ Е ПРОВЕРЕН - ништо не е променето откако пакетот е потпишан, но секој може да потпише пакет со свој клуч. Споредете го отпечатокот на клучот\n        {fingerprint}\nсо оној што го објавува {organisation}{where} или извршете повторно со --key "FINGERPRINT" за да го проверите.',
        "sr": 'РЕЗУЛТАТ: ИНТЕРНО УСКЛАЂЕН, ПОТПИСНИК НИЈЕ ПРОВЕРЕН - ништа није промењено откад је пакет потписан, али свако може потписати пакет сопственим кључем. Упоредите отисак кључа\n        {fingerprint}\nса оним који објављује {organisation}{where} или покрените поново са --key "FINGERPRINT" да бисте га проверили.',
        "sr-latn": 'REZULTAT: INTERNO USKLAĐEN, POTPISNIK NIJE PROVEREN - ništa nije promenjeno otkad je paket potpisan, ali svako može potpisati paket sopstvenim ključem. Uporedite otisak ključa\n        {fingerprint}\nsa onim koji objavljuje {organisation}{where} ili pokrenite ponovo sa --key "FINGERPRINT" da biste ga proverili.',
        "bs": 'REZULTAT: INTERNO USKLAĐEN, POTPISNIK NIJE PROVJEREN - ništa nije promijenjeno otkad je paket potpisan, ali svako može potpisati paket vlastitim ključem. Uporedite otisak ključa\n        {fingerprint}\ns onim koji objavljuje {organisation}{where} ili pokrenite ponovo s --key "FINGERPRINT" da biste ga provjerili.',
        "hr": 'REZULTAT: INTERNO USKLAĐEN, POTPISNIK NIJE PROVJEREN - ništa nije promijenjeno otkad je paket potpisan, ali svatko može potpisati paket vlastitim ključem. Usporedite otisak ključa\n        {fingerprint}\ns onim koji objavljuje {organisation}{where} ili pokrenite ponovno s --key "FINGERPRINT" da biste ga provjerili.',
        "cnr": 'REZULTAT: INTERNO USKLAĐEN, POTPISNIK NIJE PROVJEREN - ništa nije promijenjeno otkad je paket potpisan, ali svako može potpisati paket sopstvenim ključem. Uporedite otisak ključa\n        {fingerprint}\nsa onim koji objavljuje {organisation}{where} ili pokrenite ponovo sa --key "FINGERPRINT" da biste ga provjerili.',
    },
    "help_description": {
        "en": "Verify a Glasna evidence bundle offline.",
        "sq": "Verifikoni një paketë provash të Glasna pa internet.",
        "mk": "Проверете пакет докази од Glasna без интернет.",
        "sr": "Проверите Glasna пакет доказа без интернета.",
        "sr-latn": "Proverite Glasna paket dokaza bez interneta.",
        "bs": "Provjerite Glasna paket dokaza bez interneta.",
        "hr": "Provjerite Glasna paket dokaza bez interneta.",
        "cnr": "Provjerite Glasna paket dokaza bez interneta.",
    },
    "help_epilog": {
        "en": "Exit status: 0 verified against the key given; 1 altered, or signed by another key; 2 usage error (nothing checked); 3 internally consistent, but no --key given.",
        "sq": "Kodi i daljes: 0 u verifikua kundrejt çelësit të dhënë; 1 u ndryshua, ose u nënshkrua me një çelës tjetër; 2 gabim në thirrje (asgjë nuk u kontrollua); 3 i qëndrueshëm nga brenda, por pa --key.",
        "mk": "Излезен статус: 0 проверено според дадениот клуч; 1 изменето или потпишано со друг клуч; 2 грешка во повикот (ништо не е проверено); 3 внатрешно усогласено, но без --key.",
        "sr": "Излазни статус: 0 проверено према наведеном кључу; 1 измењено или потписано другим кључем; 2 грешка у позиву (ништа није проверено); 3 интерно усклађено, али без --key.",
        "sr-latn": "Izlazni status: 0 provereno prema navedenom ključu; 1 izmenjeno ili potpisano drugim ključem; 2 greška u pozivu (ništa nije provereno); 3 interno usklađeno, ali bez --key.",
        "bs": "Izlazni status: 0 provjereno prema navedenom ključu; 1 izmijenjeno ili potpisano drugim ključem; 2 greška u pozivu (ništa nije provjereno); 3 interno usklađeno, ali bez --key.",
        "hr": "Izlazni status: 0 provjereno prema navedenom ključu; 1 izmijenjeno ili potpisano drugim ključem; 2 pogreška u pozivu (ništa nije provjereno); 3 interno usklađeno, ali bez --key.",
        "cnr": "Izlazni status: 0 provjereno prema navedenom ključu; 1 izmijenjeno ili potpisano drugim ključem; 2 greška u pozivu (ništa nije provjereno); 3 interno usklađeno, ali bez --key.",
    },
    "help_bundle": {
        "en": "the bundle: its ZIP file or unpacked folder (default: the folder of this verify.py)",
        "sq": "paketa: skedari i saj ZIP ose dosja e shpaketuar (parazgjedhur: dosja e këtij verify.py)",
        "mk": "пакетот: неговата ZIP-датотека или отпакувана папка (стандардно: папката на овој verify.py)",
        "sr": "пакет: његова ZIP датотека или распакована фасцикла (подразумевано: фасцикла овог verify.py)",
        "sr-latn": "paket: njegova ZIP datoteka ili raspakovana fascikla (podrazumevano: fascikla ovog verify.py)",
        "bs": "paket: njegova ZIP datoteka ili raspakovani folder (zadano: folder ovog verify.py)",
        "hr": "paket: njegova ZIP datoteka ili raspakirana mapa (zadano: mapa ovog verify.py)",
        "cnr": "paket: njegova ZIP datoteka ili raspakovani folder (podrazumijevano: folder ovog verify.py)",
    },
    "help_key": {
        "en": "the organisation's published log key fingerprint (64 hex digits, spaces allowed: quote it) or public key (hex or base64)",
        "sq": "gjurma digjitale e publikuar e çelësit të regjistrit të organizatës (64 shifra hex, hapësirat lejohen: vendoseni në thonjëza) ose çelësi publik (hex ose base64)",
        "mk": "објавениот отпечаток на клучот на дневникот на организацијата (64 хексадецимални цифри, дозволени се празни места: ставете го во наводници) или јавниот клуч (hex или base64)",
        "sr": "објављени отисак кључа дневника организације (64 хексадецималне цифре, размаци су дозвољени: ставите га под наводнике) или јавни кључ (hex или base64)",
        "sr-latn": "objavljeni otisak ključa dnevnika organizacije (64 heksadecimalne cifre, razmaci su dozvoljeni: stavite ga pod navodnike) ili javni ključ (hex ili base64)",
        "bs": "objavljeni otisak ključa dnevnika organizacije (64 heksadecimalne cifre, razmaci su dozvoljeni: stavite ga u navodnike) ili javni ključ (hex ili base64)",
        "hr": "objavljeni otisak ključa dnevnika organizacije (64 heksadecimalne znamenke, razmaci su dopušteni: stavite ga u navodnike) ili javni ključ (hex ili base64)",
        "cnr": "objavljeni otisak ključa dnevnika organizacije (64 heksadecimalne cifre, razmaci su dozvoljeni: stavite ga pod navodnike) ili javni ključ (hex ili base64)",
    },
    "help_tsa_ca": {
        "en": "the time-stamping authority's CA certificate (PEM)",
        "sq": "certifikata CA e autoritetit të vulave kohore (PEM)",
        "mk": "CA-сертификатот на органот за временски печати (PEM)",
        "sr": "CA сертификат тела за временске жигове (PEM)",
        "sr-latn": "CA sertifikat tela za vremenske žigove (PEM)",
        "bs": "CA certifikat tijela za vremenske pečate (PEM)",
        "hr": "CA certifikat tijela za vremenske žigove (PEM)",
        "cnr": "CA sertifikat tijela za vremenske pečate (PEM)",
    },
    "help_witness_key": {
        "en": "a witness you trust: its published fingerprint or public key (repeat for each witness); only these are counted",
        "sq": "një dëshmitar të cilit i besoni: gjurma e tij digjitale e publikuar ose çelësi publik (përsëriteni për çdo dëshmitar); numërohen vetëm këta",
        "mk": "сведок на кој му верувате: неговиот објавен отпечаток или јавен клуч (повторете за секој сведок); се бројат само тие",
        "sr": "сведок коме верујете: његов објављени отисак или јавни кључ (поновите за сваког сведока); броје се само они",
        "sr-latn": "svedok kome verujete: njegov objavljeni otisak ili javni ključ (ponovite za svakog svedoka); broje se samo oni",
        "bs": "svjedok kojem vjerujete: njegov objavljeni otisak ili javni ključ (ponovite za svakog svjedoka); broje se samo oni",
        "hr": "svjedok kojemu vjerujete: njegov objavljeni otisak ili javni ključ (ponovite za svakog svjedoka); broje se samo oni",
        "cnr": "svjedok kojem vjerujete: njegov objavljeni otisak ili javni ključ (ponovite za svakog svjedoka); broje se samo oni",
    },
    "help_lang": {
        "en": "the language of the report: sq, mk, sr, sr-latn, bs, hr, cnr or en (default: the bundle's language)",
        "sq": "gjuha e raportit: sq, mk, sr, sr-latn, bs, hr, cnr ose en (parazgjedhur: gjuha e paketës)",
        "mk": "јазикот на извештајот: sq, mk, sr, sr-latn, bs, hr, cnr или en (стандардно: јазикот на пакетот)",
        "sr": "језик извештаја: sq, mk, sr, sr-latn, bs, hr, cnr или en (подразумевано: језик пакета)",
        "sr-latn": "jezik izveštaja: sq, mk, sr, sr-latn, bs, hr, cnr ili en (podrazumevano: jezik paketa)",
        "bs": "jezik izvještaja: sq, mk, sr, sr-latn, bs, hr, cnr ili en (zadano: jezik paketa)",
        "hr": "jezik izvješća: sq, mk, sr, sr-latn, bs, hr, cnr ili en (zadano: jezik paketa)",
        "cnr": "jezik izvještaja: sq, mk, sr, sr-latn, bs, hr, cnr ili en (podrazumijevano: jezik paketa)",
    },
    "command_other_key": {
        "en": "the bundle was signed by a different key than the one required",
        "sq": "paketa u nënshkrua me një çelës tjetër nga ai i kërkuari",
        "mk": "пакетот е потпишан со друг клуч, а не со бараниот",
        "sr": "пакет је потписан другим кључем, а не траженим",
        "sr-latn": "paket je potpisan drugim ključem, a ne traženim",
        "bs": "paket je potpisan drugim ključem, a ne traženim",
        "hr": "paket je potpisan drugim ključem, a ne traženim",
        "cnr": "paket je potpisan drugim ključem, a ne traženim",
    },
    "command_unpinned": {
        "en": "the bundle is internally consistent; its signer was not checked",
        "sq": "paketa është e qëndrueshme nga brenda; nënshkruesi i saj nuk u kontrollua",
        "mk": "пакетот е внатрешно усогласен; неговиот потписник не е проверен",
        "sr": "пакет је интерно усклађен; његов потписник није проверен",
        "sr-latn": "paket je interno usklađen; njegov potpisnik nije proveren",
        "bs": "paket je interno usklađen; njegov potpisnik nije provjeren",
        "hr": "paket je interno usklađen; njegov potpisnik nije provjeren",
        "cnr": "paket je interno usklađen; njegov potpisnik nije provjeren",
    },
    "command_failed": {
        "en": "the bundle did not verify",
        "sq": "paketa nuk u verifikua",
        "mk": "пакетот не е потврден како исправен",
        "sr": "пакет није прошао проверу",
        "sr-latn": "paket nije prošao proveru",
        "bs": "paket nije prošao provjeru",
        "hr": "paket nije prošao provjeru",
        "cnr": "paket nije prošao provjeru",
    },
}


# --- the command line ------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    # --lang is read first so that --help, too, is in the language asked for.
    first = argparse.ArgumentParser(add_help=False)
    first.add_argument("--lang")
    lang = language(first.parse_known_args(argv)[0].lang)
    parser = argparse.ArgumentParser(
        description=MESSAGES["help_description"][lang], epilog=MESSAGES["help_epilog"][lang]
    )
    parser.add_argument(
        "bundle", nargs="?", default=str(Path(__file__).resolve().parent), help=MESSAGES["help_bundle"][lang]
    )
    parser.add_argument("--key", help=MESSAGES["help_key"][lang])
    parser.add_argument("--tsa-ca", type=Path, help=MESSAGES["help_tsa_ca"][lang])
    parser.add_argument("--witness-key", action="append", help=MESSAGES["help_witness_key"][lang])
    parser.add_argument("--lang", help=MESSAGES["help_lang"][lang])
    args = parser.parse_args(argv)  # argparse itself exits with 2 on unknown options
    result = verify(Path(args.bundle), args.key, args.tsa_ca, args.witness_key, args.lang)
    print(result.text(), file=sys.stderr if result.usage else sys.stdout)
    return result.exit_code


if __name__ == "__main__":
    sys.exit(main())
