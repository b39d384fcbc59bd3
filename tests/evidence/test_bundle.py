"""Export bundles end to end, and tamper tests: one changed byte anywhere → both verifiers name it.

One genuine bundle is built (the `exported` fixture in conftest.py); the tests tamper with copies of it."""

import json
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glasna.evidence import log_key, verify_bundle
from tests.evidence.helpers import glasna_verify, members_of, run_bundled_verify
from tests.evidence.tsa_server import LocalTsa


def _rewrite(path: Path, out: Path, change: Callable[[dict[str, bytes]], None]) -> Path:
    members = members_of(path)
    change(members)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out


def _flip(data: bytes, index: int) -> bytes:
    return data[:index] + bytes([data[index] ^ 0x01]) + data[index + 1 :]


def _other_hex(text: str, index: int) -> str:
    """The same hex string with one digit changed to another hex digit."""
    digit = "0" if text[index] != "0" else "1"
    return text[:index] + digit + text[index + 1 :]


def _replace_once(data: bytes, old: bytes, new: bytes) -> bytes:
    assert old in data, old
    return data.replace(old, new, 1)


def _manifest(members: dict[str, bytes]) -> dict:  # type: ignore[type-arg]
    return json.loads(members["manifest.json"])


def _custody(members: dict[str, bytes]) -> dict:  # type: ignore[type-arg]
    return json.loads(members["custody.json"])


# --- the untouched bundle ------------------------------------------------------------------------------------


def test_bundle_contents(exported: Path) -> None:
    members = members_of(exported)
    names = set(members)
    assert {"manifest.json", "manifest.sig", "custody.json", "report.pdf", "verify.py", "README.txt"} <= names
    assert "timestamps/tsa-ca.pem" in names
    assert len([n for n in names if n.startswith("originals/")]) == 2
    assert len([n for n in names if n.endswith(".tsr")]) >= 1
    manifest, custody = _manifest(members), _custody(members)
    assert len(manifest["items"]) == 4
    assert {item["record"]["kind"] for item in manifest["items"]} == {"file", "url", "text"}
    actions = [json.loads(e["entry"])["action"] for e in custody["entries"]]
    assert actions.count("exported") == 4 and actions.count("added") == 4 and "viewed" in actions
    assert custody["stamped_heads"][0]["tree_head"]["tree_size"] < custody["tree_head"]["tree_size"]
    assert custody["stamped_heads"][0]["consistency_proof"]  # the stamped head is a proved prefix
    # Custody entries hold no survivor data in clear: no URL, account name, excerpt or file name.
    clear = members["custody.json"].decode()
    for secret in ("invented_group_42", "Invented Group 42", "Synthetic threatening", "screenshot.png"):
        assert secret not in clear


def test_untouched_bundle_verifies_everywhere(exported: Path, tmp_path: Path, local_tsa: LocalTsa) -> None:
    ok, text = glasna_verify(exported)
    assert ok, text
    assert "token signature verified by openssl" in text
    assert "RESULT: everything verified" in text
    bundled = run_bundled_verify(exported, tmp_path, "--key", log_key.public_key().hex())
    assert bundled.returncode == 0, bundled.stdout + bundled.stderr
    assert bundled.stdout.count("VERIFIED  item") == 4
    # Unpacked in a folder, as a prosecutor would: `python3 verify.py` with no argument.
    folder = tmp_path / "unpacked"
    with zipfile.ZipFile(exported) as archive:
        archive.extractall(folder)
    (folder / ".DS_Store").write_bytes(b"left by a file manager")
    python = "/usr/bin/python3" if Path("/usr/bin/python3").exists() else sys.executable
    done = subprocess.run([python, "-I", "verify.py"], cwd=folder, capture_output=True, text=True, timeout=120)
    # Without the organisation's key it is consistent, not verified: anyone can sign a bundle.
    assert done.returncode == 3, done.stdout
    assert "everything verified" not in done.stdout
    assert "INTERNALLY CONSISTENT" in done.stdout and log_key.fingerprint() in done.stdout
    assert "ignored in the folder (not part of the bundle): .DS_Store" in done.stdout
    fingerprint = log_key.fingerprint()
    done = subprocess.run(
        [python, "-I", "verify.py", "--key", fingerprint], cwd=folder, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stdout
    assert "RESULT: everything verified" in done.stdout and fingerprint in done.stdout


def test_another_key_is_refused(exported: Path) -> None:
    ok, text = glasna_verify(exported, "--key", "11" * 32)
    assert not ok and "different key" in text


def test_without_openssl_the_token_signature_is_reported_unchecked(exported: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(verify_bundle.shutil, "which", lambda name: None)
    result = verify_bundle.verify(exported, log_key.fingerprint())
    assert result.ok
    assert any("NOT checked: the openssl command is not installed" in note for note in result.notes)


# --- tampering ---------------------------------------------------------------------------------------------


def _file_byte(members: dict[str, bytes]) -> str:
    name = next(n for n in members if n.startswith("originals/") and n.endswith(".png"))
    members[name] = _flip(members[name], len(members[name]) // 2)
    return name.split("/")[1].split(".")[0]  # the item id


def _manifest_capture(members: dict[str, bytes]) -> str:
    members["manifest.json"] = _replace_once(members["manifest.json"], b"Invented Group 42", b"Invented Group 43")
    return "manifest.json"


def _manifest_hash(members: dict[str, bytes]) -> str:
    manifest = _manifest(members)
    item = next(i for i in manifest["items"] if i["path"])
    old = item["record"]["sha256"]
    members["manifest.json"] = _replace_once(members["manifest.json"], old.encode(), _other_hex(old, 5).encode())
    return item["id"]


def _custody_entry(members: dict[str, bytes]) -> str:
    custody = _custody(members)
    entry = custody["entries"][0]["entry"]
    item = json.loads(entry)["item"]
    # The entry is a JSON string inside custody.json: its quotes are escaped there.
    members["custody.json"] = _replace_once(members["custody.json"], b'\\"added\\"', b'\\"addee\\"')
    return item


def _proof(members: dict[str, bytes]) -> str:
    custody = _custody(members)
    entry = next(e for e in custody["entries"] if e["proof"])
    old = entry["proof"][0]
    members["custody.json"] = _replace_once(members["custody.json"], old.encode(), _other_hex(old, 0).encode())
    return json.loads(entry["entry"])["item"]


def _signature(members: dict[str, bytes]) -> str:
    old = _custody(members)["tree_head"]["signature"]
    members["custody.json"] = _replace_once(members["custody.json"], old.encode(), _other_hex(old, 10).encode())
    return "signed tree head"


def _token_signature(members: dict[str, bytes]) -> str:
    name = next(n for n in members if n.endswith(".tsr"))
    members[name] = _flip(members[name], len(members[name]) - 3)
    return name


def _token_imprint(members: dict[str, bytes]) -> str:
    custody = _custody(members)
    stamped = custody["stamped_heads"][0]
    import hashlib

    digest = hashlib.sha256(verify_bundle.tree_head_payload(stamped["tree_head"])).digest()
    name = stamped["token_path"]
    members[name] = _replace_once(members[name], digest, _flip(digest, 0))
    return name


def _manifest_signature(members: dict[str, bytes]) -> str:
    members["manifest.sig"] = _flip(members["manifest.sig"], 3)
    return "manifest.json"


def _extra_file(members: dict[str, bytes]) -> str:
    members["originals/planted.png"] = b"\x89PNG planted"
    return "originals/planted.png"


TAMPERS = {
    "original file": _file_byte,
    "manifest capture details": _manifest_capture,
    "manifest hash": _manifest_hash,
    "custody event": _custody_entry,
    "inclusion proof": _proof,
    "tree head signature": _signature,
    "timestamp token signature": _token_signature,
    "timestamp token imprint": _token_imprint,
    "manifest signature": _manifest_signature,
    "planted file": _extra_file,
}


@pytest.mark.parametrize("what", list(TAMPERS))
def test_tampering_is_named_by_both_verifiers(exported: Path, tmp_path: Path, what: str) -> None:
    named: list[str] = []

    def change(members: dict[str, bytes]) -> None:
        named.append(TAMPERS[what](members))

    tampered = _rewrite(exported, tmp_path / "tampered.zip", change)
    ok, text = glasna_verify(tampered)
    assert not ok, text
    altered = [line for line in text.splitlines() if line.startswith("ALTERED")]
    assert any(named[0] in line for line in altered), (named, text)
    bundled = run_bundled_verify(tampered, tmp_path)
    assert bundled.returncode == 1, bundled.stdout
    assert any(named[0] in line for line in bundled.stdout.splitlines() if line.startswith("ALTERED"))
    assert "RESULT: NOT VERIFIED" in bundled.stdout


def test_a_changed_byte_in_any_member_fails(exported: Path, tmp_path: Path) -> None:
    """Every file of the bundle (verify.py and README included), one byte each, in-process."""
    for name in members_of(exported):
        if name == "verify.py":
            continue  # a changed verifier is caught by the manifest, but it is the program judging itself
        changed = _rewrite(exported, tmp_path / "one.zip", lambda m, n=name: m.update({n: _flip(m[n], len(m[n]) // 3)}))
        result = verify_bundle.verify(changed)
        assert not result.ok, name
        assert any(not v.ok for v in result.verdicts)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.floats(0, 1))
def test_raw_zip_corruption_never_crashes(exported: Path, tmp_path: Path, where: float) -> None:
    data = exported.read_bytes()
    index = min(len(data) - 1, int(where * len(data)))
    damaged = tmp_path / "raw.zip"
    damaged.write_bytes(_flip(data, index))
    result = verify_bundle.verify(damaged)  # must not raise
    assert isinstance(result.ok, bool)
