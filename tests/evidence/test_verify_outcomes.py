"""What the verifiers conclude, and their exit status: verified only against the organisation's key
(given as the key or its fingerprint); the own-key forgery refused; usage errors never called ALTERED.

Each case runs the bundle's own verify.py with the system python3 (standard library only, as a
prosecutor would) and `glasna verify`."""

import ast
import base64
import json
import sys
import zipfile
from pathlib import Path

import pytest
from nacl.signing import SigningKey

from glasna.evidence import log_key, verify_bundle
from tests.evidence.forgery import forge
from tests.evidence.helpers import glasna_verify_exit, members_of, run_bundled_verify
from tests.factories import pattern_png


def _key_spellings() -> dict[str, str]:
    key = log_key.public_key()
    return {
        "fingerprint as published": log_key.fingerprint(),
        "fingerprint without spaces": log_key.fingerprint().replace(" ", ""),
        "fingerprint with colons": log_key.fingerprint().replace(" ", ":"),
        "public key in hex": key.hex(),
        "public key in base64": base64.b64encode(key).decode(),
    }


@pytest.mark.parametrize("spelling", list(_key_spellings()))
def test_the_key_or_its_fingerprint_verifies_a_genuine_bundle(exported: Path, tmp_path: Path, spelling: str) -> None:
    given = _key_spellings()[spelling]
    done = run_bundled_verify(exported, tmp_path, "--key", given)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "RESULT: everything verified" in done.stdout and "ALTERED" not in done.stdout
    code, text = glasna_verify_exit(exported, "--key", given)
    assert code == 0, text


def test_the_result_names_the_case_the_organisation_and_the_export_time(exported: Path, tmp_path: Path) -> None:
    manifest = json.loads(members_of(exported)["manifest.json"])
    done = run_bundled_verify(exported, tmp_path, "--key", log_key.fingerprint())
    header = done.stdout.splitlines()[0]
    assert header == (
        f"BUNDLE    case {manifest['case']} of {manifest['organisation']}, exported {manifest['generated_at']}"
    )
    assert f"case {manifest['case']}, exported {manifest['generated_at']}" in done.stdout.splitlines()[-1]


def test_without_a_key_it_is_consistent_but_not_verified(exported: Path, tmp_path: Path) -> None:
    manifest = json.loads(members_of(exported)["manifest.json"])
    done = run_bundled_verify(exported, tmp_path)
    assert done.returncode == verify_bundle.EXIT_UNPINNED, done.stdout
    assert "everything verified" not in done.stdout and "ALTERED" not in done.stdout
    assert "INTERNALLY CONSISTENT, SIGNER NOT CHECKED" in done.stdout
    assert log_key.fingerprint() in done.stdout
    assert manifest["log"]["published_at"] in done.stdout  # where to compare it
    code, text = glasna_verify_exit(exported, "--any-key")
    assert code == verify_bundle.EXIT_UNPINNED and "everything verified" not in text


def test_the_own_key_forgery_is_consistent_but_refused_against_the_published_key(
    exported: Path, tmp_path: Path
) -> None:
    forged = tmp_path / "forged.zip"
    forger = forge(exported, forged, pattern_png((96, 64), seed=99))
    # Without the published key the forgery is as consistent as the genuine bundle, and says whose key it is.
    alone = run_bundled_verify(forged, tmp_path)
    assert alone.returncode == verify_bundle.EXIT_UNPINNED, alone.stdout
    assert verify_bundle.fingerprint(forger) in alone.stdout
    assert log_key.fingerprint() not in alone.stdout
    # With the organisation's key or fingerprint: refused, naming the reason.
    for given in (log_key.fingerprint(), log_key.public_key().hex()):
        done = run_bundled_verify(forged, tmp_path, "--key", given)
        assert done.returncode == 1, done.stdout
        assert "RESULT: NOT VERIFIED - the bundle was signed by a different key than the one you gave" in done.stdout
        assert f"signed by the key with fingerprint {verify_bundle.fingerprint(forger)}" in done.stdout
        assert "that is NOT the key you gave with --key" in done.stdout
        assert "everything verified" not in done.stdout
    code, text = glasna_verify_exit(forged)  # this instance's key by default
    assert code == 1 and "signed by a different key" in text
    # The forger's own key does verify it: the check is the key, not the bundle's content.
    assert run_bundled_verify(forged, tmp_path, "--key", forger.hex()).returncode == 0


def test_a_genuine_bundle_against_another_key_is_refused(exported: Path, tmp_path: Path) -> None:
    other = bytes(SigningKey.generate().verify_key)
    done = run_bundled_verify(exported, tmp_path, "--key", verify_bundle.fingerprint(other))
    assert done.returncode == 1 and "signed by a different key" in done.stdout


def _truncated(exported: Path, tmp_path: Path) -> str:
    path = tmp_path / "truncated.zip"
    path.write_bytes(exported.read_bytes()[: exported.stat().st_size // 2])
    return str(path)


def _not_a_zip(exported: Path, tmp_path: Path) -> str:
    path = tmp_path / "notes.txt"
    path.write_text("not a bundle\n")
    return str(path)


def _not_a_bundle(exported: Path, tmp_path: Path) -> str:
    path = tmp_path / "other.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("photo.jpg", b"\xff\xd8 invented")
    return str(path)


USAGE_ERRORS = {
    "missing bundle": (lambda e, t: str(t / "nowhere.zip"), [], "no such file or folder"),
    "not a ZIP": (_not_a_zip, [], "is not a readable ZIP file"),
    "truncated ZIP": (_truncated, [], "is not a readable ZIP file"),
    "ZIP without a manifest": (_not_a_bundle, [], "is not a Glasna evidence bundle"),
    "short key": (lambda e, t: str(e), ["--key", "abcd 1234"], "--key must be"),
    "key not hex": (lambda e, t: str(e), ["--key", "zz" * 32], "--key must be"),
    "key too long": (lambda e, t: str(e), ["--key", "ab" * 33], "--key must be"),
    "missing CA file": (lambda e, t: str(e), ["--tsa-ca", "/nonexistent/tsa-ca.pem"], "--tsa-ca"),
}


@pytest.mark.parametrize("case", list(USAGE_ERRORS))
def test_usage_errors_exit_2_and_never_say_altered(exported: Path, tmp_path: Path, case: str) -> None:
    make_path, args, message = USAGE_ERRORS[case]
    target = make_path(exported, tmp_path)
    done = run_bundled_verify(Path(target), tmp_path, *args, verifier_from=exported)
    assert done.returncode == 2, done.stdout + done.stderr
    output = done.stdout + done.stderr
    assert "USAGE ERROR" in output and message in output
    assert "ALTERED" not in output and "NOT VERIFIED" not in output and "verified" not in output.lower()
    code, text = glasna_verify_exit(target, *args)
    assert code == 2 and message in text, text
    assert "ALTERED" not in text and "NOT VERIFIED" not in text


def test_the_verifier_imports_only_the_standard_library() -> None:
    """A prosecutor installs nothing: every import of verify.py is a standard-library module."""
    tree = ast.parse(Path(verify_bundle.__file__).read_text(encoding="utf-8"))
    imported = {
        alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
    }
    imported |= {
        node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    }
    assert imported and imported <= set(sys.stdlib_module_names) | {"__future__"}, imported
