"""Cosignatures travel (issue 21, item 2): the other organisations of the installation cosign each new
head, the bundle carries their cosignatures with consistency proofs, and both verifiers check each one
and count the witnesses. A changed cosignature, or one made over another head, is ALTERED."""

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import TestCase

from glasna.evidence import bundle, custody_log, log_key, verify_bundle, witness
from glasna.evidence.models import HeadCosignature
from glasna.evidence.tree_heads import SignedTreeHead
from tests.evidence.helpers import (
    CAPTURE,
    add_three,
    export_to,
    glasna_verify_exit,
    make_case,
    members_of,
    run_bundled_verify,
)
from tests.factories import make_organisation

_BUILT: dict[str, Path] = {}


@pytest.fixture
def witnessed(db, tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    """A bundle of organisation A's case, exported on an installation with two other organisations (B and
    C), whose witnesses cosigned an hourly head (through the job) and the export's head. Built once."""
    if "bundle" in _BUILT:
        return _BUILT["bundle"]
    setup = make_case("witnessed-a")
    make_organisation("witness-b")
    make_organisation("witness-c")
    add_three(setup)
    with TestCase.captureOnCommitCallbacks(execute=True):
        hourly = custody_log.sign_head()  # the job cosigns it
    assert HeadCosignature.objects.filter(tree_head=hourly).count() == 3  # A, B and C
    services_add_one(setup)
    path = export_to(setup, tmp_path_factory.mktemp("witnessed") / "bundle.zip")
    _BUILT["bundle"] = path
    return path


def services_add_one(setup: Any) -> None:
    from glasna.evidence import services

    services.add_record(setup.org.staff, setup.org.org_keys, setup.case.pk, "url", "Later link", CAPTURE)


def _witness_fingerprint(slug: str) -> str:
    return verify_bundle.fingerprint(witness.witness_public_key(witness.organisation_witness(slug)))


def _insider_edit(path: Path, out: Path, change: Any) -> Path:
    """Change custody.json and re-sign the manifest with the genuine key, as an insider could."""
    members = members_of(path)
    custody = json.loads(members["custody.json"])
    change(custody)
    members["custody.json"] = json.dumps(custody).encode()
    manifest = json.loads(members["manifest.json"])
    import hashlib

    manifest["files"]["custody.json"] = hashlib.sha256(members["custody.json"]).hexdigest()
    members["manifest.json"] = json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=True).encode()
    members["manifest.sig"] = log_key.sign_detached(bundle.BUNDLE_SIG_LABEL, members["manifest.json"]).hex().encode()
    import zipfile

    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out


def test_the_bundle_carries_the_other_organisations_cosignatures(witnessed: Path) -> None:
    custody = json.loads(members_of(witnessed)["custody.json"])
    (cosigned,) = custody["witnesses"]  # both cosigned the export's head: one head, two cosignatures
    assert cosigned["tree_head"] == custody["tree_head"] and cosigned["consistency_proof"] == []
    names = sorted(c["witness"] for c in cosigned["cosignatures"])
    assert names == ["Test organisation witness-b", "Test organisation witness-c"]  # not A's own witness


def test_both_verifiers_report_two_independent_witnesses(witnessed: Path, tmp_path: Path) -> None:
    key = log_key.fingerprint()
    code, text = glasna_verify_exit(witnessed, "--key", key)
    done = run_bundled_verify(witnessed, tmp_path, "--key", key)
    for exit_code, output in ((code, text), (done.returncode, done.stdout)):
        assert exit_code == 0, output
        assert "WITNESSES 2 independent witnesses saw a head containing these events" in output
        assert _witness_fingerprint("witness-b") in output and _witness_fingerprint("witness-c") in output
        assert "compare them, or give the ones you trust with --witness-key" in output
        assert "seen by 2 independent witnesses" in output


def test_only_the_witness_keys_given_are_counted(witnessed: Path, tmp_path: Path) -> None:
    args = ("--key", log_key.fingerprint(), "--witness-key", _witness_fingerprint("witness-b"))
    code, text = glasna_verify_exit(witnessed, *args)
    done = run_bundled_verify(witnessed, tmp_path, *args)
    for exit_code, output in ((code, text), (done.returncode, done.stdout)):
        assert exit_code == 0, output
        assert "WITNESSES 1 independent witness saw a head containing these events" in output
        assert "NOT among the keys given with --witness-key: not counted" in output
    code, text = glasna_verify_exit(witnessed, "--key", log_key.fingerprint(), "--witness-key", "nonsense")
    assert code == 2 and "--witness-key must be" in text


def test_a_tampered_cosignature_is_reported_altered(witnessed: Path, tmp_path: Path) -> None:
    def flip(custody: dict) -> None:  # type: ignore[type-arg]
        cosignature = custody["witnesses"][0]["cosignatures"][0]
        signature = bytearray(bytes.fromhex(cosignature["signature"]))
        signature[5] ^= 0x01
        cosignature["signature"] = signature.hex()

    forged = _insider_edit(witnessed, tmp_path / "tampered.zip", flip)
    code, text = glasna_verify_exit(forged, "--key", log_key.fingerprint())
    done = run_bundled_verify(forged, tmp_path, "--key", log_key.fingerprint())
    for exit_code, output in ((code, text), (done.returncode, done.stdout)):
        assert exit_code == 1
        assert "ALTERED   witness cosignatures of the head of size" in output
        assert "cosignature altered: the cosignature of witness" in output
        assert "WITNESSES 1 independent witness saw" not in output  # the head's other cosignature is not counted


def test_a_cosignature_over_another_head_is_reported(witnessed: Path, tmp_path: Path) -> None:
    custody = json.loads(members_of(witnessed)["custody.json"])
    earlier = SignedTreeHead.from_dict(custody["completeness"]["earliest_head"])  # the hourly head
    assert earlier.tree_size < custody["tree_head"]["tree_size"]
    b_signing = witness._signing_key(witness.organisation_witness("witness-b"))
    b_key = bytes(b_signing.verify_key)
    other = b_signing.sign(witness.cosigned_bytes(log_key.public_key(), earlier)).signature

    def move(custody: dict) -> None:  # type: ignore[type-arg]
        for cosignature in custody["witnesses"][0]["cosignatures"]:
            if cosignature["witness_public_key"] == b_key.hex():
                cosignature["signature"] = other.hex()  # genuine, but over the earlier head

    moved = _insider_edit(witnessed, tmp_path / "moved.zip", move)
    result = verify_bundle.verify(moved, log_key.fingerprint())
    done = run_bundled_verify(moved, tmp_path, "--key", log_key.fingerprint())
    assert result.exit_code == 1 and done.returncode == 1
    for output in (result.text(), done.stdout):
        assert f"the cosignature of witness {verify_bundle.fingerprint(b_key)}" in output
        assert "made over another head" in output


def test_a_cosigned_head_that_is_not_a_prefix_is_reported(witnessed: Path, tmp_path: Path) -> None:
    def swap_root(custody: dict) -> None:  # type: ignore[type-arg]
        custody["witnesses"][0]["tree_head"]["root_hash"] = "00" * 32

    changed = _insider_edit(witnessed, tmp_path / "root.zip", swap_root)
    result = verify_bundle.verify(changed, log_key.fingerprint())
    assert result.exit_code == 1
    assert "the cosigned head (size" in result.text() and "is not signed by the key above" in result.text()
    assert result.witness_count() == 0


def test_the_log_key_is_no_witness_of_its_own_heads(witnessed: Path, tmp_path: Path) -> None:
    def self_cosign(custody: dict) -> None:  # type: ignore[type-arg]
        head = custody["witnesses"][0]["tree_head"]
        payload = verify_bundle.tree_head_payload(head)
        signature = log_key.sign_detached(witness.COSIG_LABEL + log_key.public_key(), payload)
        custody["witnesses"][0]["cosignatures"].append(
            {"witness_public_key": log_key.public_key().hex(), "signature": signature.hex(), "witness": "me"}
        )

    changed = _insider_edit(witnessed, tmp_path / "self.zip", self_cosign)
    result = verify_bundle.verify(changed, log_key.fingerprint())
    assert result.exit_code == 1 and "the log is no witness of its heads" in result.text()


def test_each_witness_cosigns_a_head_once_and_skips_older_heads(db) -> None:  # type: ignore[no-untyped-def]
    from glasna.evidence import cosigning

    setup = make_case("once-a")
    make_organisation("once-b")
    services_add_one(setup)
    first = custody_log.sign_head()
    services_add_one(setup)
    second = custody_log.sign_head()
    assert len(cosigning.cosign_locally(second)) == 2
    assert cosigning.cosign_locally(first) == []  # a job that ran late: older than what they cosigned
    assert len(cosigning.cosign_locally(second)) == 2  # again: the same rows
    assert HeadCosignature.objects.filter(tree_head=second).count() == 2
    for row in HeadCosignature.objects.filter(tree_head=second):
        cosignature = witness.Cosignature(bytes(row.witness_public_key), bytes(row.signature))
        assert witness.verify_cosignature(log_key.public_key(), custody_log.to_signed(second), cosignature)


def test_an_organisation_witness_shown_another_head_of_a_size_it_cosigned_raises_the_alarm(db) -> None:  # type: ignore[no-untyped-def]
    from glasna.core.models import AuditEvent
    from glasna.evidence import cosigning
    from glasna.evidence.models import ForkAlarm, TreeHead
    from glasna.evidence.tree_heads import sign_tree_head

    setup = make_case("fork-here-a")
    make_organisation("fork-here-b")
    services_add_one(setup)
    head = custody_log.sign_head()
    assert len(cosigning.cosign_locally(head)) == 2
    # A head of the same size with another root, signed by the log key (a rewritten database, a stolen key).
    other = sign_tree_head(log_key.signing_seed(), head.tree_size, head.timestamp_ms + 1, b"\x05" * 32)
    rewritten = TreeHead.objects.create(
        tree_size=other.tree_size,
        timestamp_ms=other.timestamp_ms,
        root_hash=other.root_hash,
        signature=other.signature,
        public_key=log_key.public_key(),
    )
    assert cosigning.cosign_locally(rewritten) == []  # both witnesses refuse
    (alarm,) = ForkAlarm.objects.all()  # one alarm for the pair of roots, though two witnesses saw it
    assert alarm.tree_size == head.tree_size and alarm.source.startswith("org:")
    assert AuditEvent.objects.filter(action="evidence.fork_detected").count() == 1
