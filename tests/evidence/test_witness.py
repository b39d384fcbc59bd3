"""Witnessed tree heads (issue 21, part 4): the log publishes its signed heads; a witness (another
organisation's instance, here the same database standing in for it with its own witness key) cosigns a
head only when it extends the last head it saw, and refuses and records an older, inconsistent, forked
or unsigned one."""

import io
import json

import pytest
from django.test import Client
from nacl.signing import SigningKey

from glasna.evidence import custody_log, log_key, merkle, services, witness
from glasna.evidence.models import WitnessRefusal
from glasna.evidence.tree_heads import SignedTreeHead, sign_tree_head
from tests.evidence.helpers import CAPTURE, CaseSetup, make_case

pytestmark = pytest.mark.django_db


def _grow(setup: CaseSetup, count: int) -> None:
    for n in range(count):
        services.add_record(setup.org.staff, setup.org.org_keys, setup.case.pk, "url", f"Link {n}", CAPTURE)


def _fetch(from_size: int | None = None) -> dict:  # type: ignore[type-arg]
    url = "/evidence/tree-heads.json" + (f"?from={from_size}" if from_size is not None else "")
    response = Client().get(url)
    assert response.status_code == 200 and not response.cookies
    return json.loads(response.content)


def test_heads_are_published_with_a_consistency_proof() -> None:
    setup = make_case()
    _grow(setup, 3)
    old = custody_log.sign_head()
    _grow(setup, 2)
    new = custody_log.sign_head()
    document = _fetch(old.tree_size)
    assert document["format"] == "glasna-tree-heads-v1"
    assert document["log_public_key"] == log_key.public_key().hex()
    assert [h["tree_size"] for h in document["heads"]] == [new.tree_size, old.tree_size]
    proof = [bytes.fromhex(h) for h in document["consistency"]["proof"]]
    assert merkle.verify_consistency(old.tree_size, new.tree_size, bytes(old.root_hash), bytes(new.root_hash), proof)
    assert Client().get("/evidence/tree-heads.json?from=999").status_code == 400
    assert Client().get("/evidence/tree-heads.json?from=x").status_code == 400


def test_the_witness_cosigns_heads_that_extend_what_it_saw() -> None:
    setup = make_case()
    log = log_key.public_key()
    _grow(setup, 3)
    first = custody_log.sign_head()
    cosignature = witness.cosign(log, _fetch()["heads"][0], [])
    assert witness.verify_cosignature(log, custody_log.to_signed(first), cosignature)
    assert cosignature.witness_public_key == witness.witness_public_key() != log
    _grow(setup, 4)
    custody_log.sign_head()
    document = _fetch(first.tree_size)
    proof = [bytes.fromhex(h) for h in document["consistency"]["proof"]]
    second = witness.cosign(log, document["heads"][0], proof)
    assert witness.verify_cosignature(log, SignedTreeHead.from_dict(document["heads"][0]), second)
    assert not witness.verify_cosignature(log, custody_log.to_signed(first), second)
    assert not WitnessRefusal.objects.exists()


def _other_log(leaves: list[bytes], key: SigningKey, timestamp_ms: int = 1) -> SignedTreeHead:
    return sign_tree_head(bytes(key), len(leaves), timestamp_ms, merkle.tree_hash(leaves))


def test_a_fork_an_older_head_an_inconsistent_head_and_a_bad_signature_are_refused_and_recorded() -> None:
    """Another log, built here with its own key: the witness sees size 4, then is shown a rewritten log."""
    key = SigningKey.generate()
    log = bytes(key.verify_key)
    leaves = [merkle.leaf_hash(bytes([n])) for n in range(8)]
    witness.cosign(log, _other_log(leaves[:4], key).to_dict(), [])
    rewritten = [*leaves[:2], merkle.leaf_hash(b"changed"), *leaves[3:]]

    cases = [
        ("fork", _other_log(rewritten[:4], key, 2).to_dict(), []),
        ("older", _other_log(leaves[:3], key).to_dict(), []),
        ("inconsistent", _other_log(rewritten, key).to_dict(), merkle.consistency_proof(rewritten, 4)),
        ("bad_signature", _other_log(leaves, SigningKey.generate()).to_dict(), merkle.consistency_proof(leaves, 4)),
        ("malformed", {"tree_size": 8}, []),
    ]
    for reason, head, proof in cases:
        with pytest.raises(witness.Refused) as refused:
            witness.cosign(log, head, proof)
        assert refused.value.reason == reason
    recorded = list(WitnessRefusal.objects.order_by("id").values_list("reason", "seen_tree_size"))
    assert recorded == [("fork", 4), ("older", 4), ("inconsistent", 4), ("bad_signature", None), ("malformed", None)]
    # The honest extension is still cosigned: refusals did not move what the witness saw.
    cosigned = witness.cosign(log, _other_log(leaves, key).to_dict(), merkle.consistency_proof(leaves, 4))
    assert witness.verify_cosignature(log, _other_log(leaves, key), cosigned)


def test_glasna_witness_cosigns_a_published_document_and_refuses_a_fork(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from django.core.management import CommandError, call_command

    key = SigningKey.generate()
    log = bytes(key.verify_key)
    leaves = [merkle.leaf_hash(bytes([n])) for n in range(5)]
    path = tmp_path / "tree-heads.json"
    path.write_text(json.dumps({"log_public_key": log.hex(), "heads": [_other_log(leaves, key).to_dict()]}))
    out = io.StringIO()
    call_command("witness", str(path), "--log-key", log.hex(), stdout=out)
    printed = json.loads(out.getvalue())
    cosignature = witness.Cosignature(bytes.fromhex(printed["witness_public_key"]), bytes.fromhex(printed["signature"]))
    assert witness.verify_cosignature(log, _other_log(leaves, key), cosignature)
    forked = [*leaves[:4], merkle.leaf_hash(b"other")]
    path.write_text(json.dumps({"log_public_key": log.hex(), "heads": [_other_log(forked, key, 9).to_dict()]}))
    with pytest.raises(CommandError, match="refused \\(fork\\)") as error:
        call_command("witness", str(path), "--log-key", log.hex())
    assert error.value.returncode == 1
    with pytest.raises(CommandError, match="not the key given"):
        call_command("witness", str(path), "--log-key", bytes(SigningKey.generate().verify_key).hex())
