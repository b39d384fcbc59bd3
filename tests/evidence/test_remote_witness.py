"""Witnessing across installations through real HTTP (a local server stands in for the other
installation): the scheduled job fetches another log's published heads, cosigns the newest when it
extends what it saw, publishes the cosignature; and collects the cosignatures other witnesses published
of this installation's log. A fork seen either way raises the alarm."""

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from nacl.signing import SigningKey

from glasna.core import outbox
from glasna.core.models import AuditEvent
from glasna.evidence import custody_log, log_key, merkle, tasks, verify_bundle, witness
from glasna.evidence.models import ForkAlarm, HeadCosignature, IssuedCosignature, WitnessRefusal
from glasna.evidence.tree_heads import SignedTreeHead, sign_tree_head
from tests.evidence.helpers import add_three, export_to, make_case, run_bundled_verify
from tests.evidence.json_server import JsonServer, json_server

pytestmark = pytest.mark.django_db
HEADS = "/evidence/tree-heads.json"


@pytest.fixture
def peer(settings) -> Iterator[JsonServer]:  # type: ignore[no-untyped-def]
    settings.GLASNA_OUTBOUND_ALLOW = ["127.0.0.1/32"]
    with json_server() as server:
        yield server


class OtherLog:
    """Another installation's custody log: its own key and leaves."""

    def __init__(self) -> None:
        self.key = SigningKey.generate()
        self.public = bytes(self.key.verify_key)
        self.leaves: list[bytes] = []

    def grow(self, count: int) -> SignedTreeHead:
        self.leaves += [merkle.leaf_hash(f"entry {len(self.leaves) + n}".encode()) for n in range(count)]
        return sign_tree_head(bytes(self.key), len(self.leaves), 1_800_000_000_000, merkle.tree_hash(self.leaves))

    def document(self, *heads: SignedTreeHead, from_size: int | None = None) -> dict:  # type: ignore[type-arg]
        document: dict = {  # type: ignore[type-arg]
            "format": "glasna-tree-heads-v1",
            "log_public_key": self.public.hex(),
            "heads": [head.to_dict() for head in heads],
        }
        if from_size is not None:
            proof = merkle.consistency_proof(self.leaves, from_size)
            document["consistency"] = {"from_size": from_size, "proof": [h.hex() for h in proof]}
        return document


def test_the_job_witnesses_another_installation_over_http(peer: JsonServer, settings) -> None:  # type: ignore[no-untyped-def]
    other = OtherLog()
    settings.GLASNA_WITNESS_LOGS = [(peer.base + HEADS, verify_bundle.fingerprint(other.public))]
    settings.GLASNA_WITNESSES = []
    first = other.grow(3)
    peer.documents[HEADS] = other.document(first)
    tasks.witness_peers()
    (issued,) = IssuedCosignature.objects.all()
    assert issued.tree_size == 3 and peer.asked == [HEADS]
    second = other.grow(4)
    peer.documents[HEADS] = other.document(second, first)
    peer.documents[f"{HEADS}?from=3"] = other.document(second, first, from_size=3)
    tasks.witness_peers()
    assert peer.asked[-1] == f"{HEADS}?from=3"  # asked for the proof from what it saw
    assert IssuedCosignature.objects.order_by("-id").first().tree_size == 7  # type: ignore[union-attr]
    tasks.witness_peers()  # nothing new: the same cosignature, not a second row
    assert list(IssuedCosignature.objects.values_list("tree_size", flat=True).order_by("id")) == [3, 7]
    # Published for the log to collect, and verifiable with the installation's published witness key.
    response = Client().get(f"/evidence/cosignatures.json?log={other.public.hex()}")
    assert response.status_code == 200 and not response.cookies
    document = json.loads(response.content)
    assert document["witness_public_key"] == witness.witness_public_key().hex()
    newest = document["cosignatures"][0]
    cosignature = witness.Cosignature(witness.witness_public_key(), bytes.fromhex(newest["signature"]))
    assert witness.verify_cosignature(other.public, SignedTreeHead.from_dict(newest["tree_head"]), cosignature)
    keys = json.loads(Client().get("/evidence/keys.json").content)
    assert witness.witness_public_key().hex() in [w["public_key_hex"] for w in keys["witnesses"]]


def test_a_forked_remote_log_is_refused_and_alarmed(peer: JsonServer, settings, mailoutbox) -> None:  # type: ignore[no-untyped-def]
    from glasna.accounts.models import Role
    from tests.factories import make_organisation, signed_in_client

    admin = make_organisation("fork-admin", role=Role.ORG_ADMIN).staff
    admin.user.email = "admin@example.org"
    admin.user.save()
    other = OtherLog()
    settings.GLASNA_WITNESS_LOGS = [(peer.base + HEADS, other.public.hex())]
    settings.GLASNA_WITNESSES = []
    seen = other.grow(3)
    peer.documents[HEADS] = other.document(seen)
    tasks.witness_peers()
    # The log now shows this witness another history of the same size.
    forked = sign_tree_head(bytes(other.key), 3, 1_800_000_000_001, b"\x07" * 32)
    peer.documents[HEADS] = other.document(forked)
    out = io.StringIO()
    with pytest.raises(Exception, match="failed"):
        call_command("witness", "--configured", stdout=out)
    assert "fork" in out.getvalue()
    assert WitnessRefusal.objects.filter(reason="fork").exists()
    (alarm,) = ForkAlarm.objects.all()
    assert alarm.tree_size == 3 and {bytes(alarm.root_hash), bytes(alarm.other_root_hash)} == {
        seen.root_hash,
        b"\x07" * 32,
    }
    assert AuditEvent.objects.filter(action="evidence.fork_detected").count() == 1
    outbox.relay()  # the worker's relay: the test's transaction never commits
    assert [m.to for m in mailoutbox] == [["admin@example.org"]]
    assert "forked" in mailoutbox[0].subject
    assert Client().get("/en/staff/evidence/log/").status_code == 302  # staff only
    page = signed_in_client(admin).get("/en/staff/evidence/log/")
    assert page.status_code == 200 and "Fork alarm" in page.content.decode()
    tasks.witness_peers()  # seen again: one alarm, not two
    assert ForkAlarm.objects.count() == 1


def test_cosignatures_are_collected_from_a_remote_witness(peer: JsonServer, settings, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    setup = make_case("collecting")
    add_three(setup)
    head = custody_log.sign_head()
    remote = SigningKey.generate()
    signed = custody_log.to_signed(head)
    cosignature = remote.sign(witness.cosigned_bytes(log_key.public_key(), signed)).signature
    path = f"/evidence/cosignatures.json?log={log_key.public_key().hex()}"
    peer.documents[path] = {
        "format": "glasna-cosignatures-v1",
        "site": "https://witness.invalid",
        "witness_public_key": bytes(remote.verify_key).hex(),
        "cosignatures": [
            {
                "log_public_key": log_key.public_key().hex(),
                "tree_head": signed.to_dict(),
                "signature": cosignature.hex(),
            },
            {"log_public_key": "ab" * 32, "tree_head": signed.to_dict(), "signature": cosignature.hex()},  # not ours
        ],
    }
    settings.GLASNA_WITNESS_LOGS = []
    settings.GLASNA_WITNESSES = [
        (peer.base + "/evidence/cosignatures.json", verify_bundle.fingerprint(bytes(remote.verify_key)))
    ]
    tasks.witness_peers()
    (row,) = HeadCosignature.objects.filter(witness_key_hex=bytes(remote.verify_key).hex())
    assert row.tree_head_id == head.pk and row.witness_name == "https://witness.invalid"
    bundle = export_to(setup, tmp_path / "bundle.zip")
    done = run_bundled_verify(bundle, tmp_path, "--key", log_key.fingerprint())
    assert done.returncode == 0, done.stdout
    remote_fp = verify_bundle.fingerprint(bytes(remote.verify_key))
    assert (
        f"{remote_fp} (https://witness.invalid, https://witness.invalid) cosigned the head of size {head.tree_size}"
        in done.stdout
    )
    assert "WITNESSES 0 independent witnesses saw a head containing these events" in done.stdout  # not the export's


def test_a_witness_shown_another_head_of_our_size_raises_the_alarm(peer: JsonServer, settings) -> None:  # type: ignore[no-untyped-def]
    setup = make_case("forked-here")
    add_three(setup)
    head = custody_log.sign_head()
    # Someone with the log key showed a witness another history of the same size.
    other = sign_tree_head(log_key.signing_seed(), head.tree_size, head.timestamp_ms, b"\x09" * 32)
    remote = SigningKey.generate()
    path = f"/evidence/cosignatures.json?log={log_key.public_key().hex()}"
    peer.documents[path] = {
        "format": "glasna-cosignatures-v1",
        "witness_public_key": bytes(remote.verify_key).hex(),
        "cosignatures": [
            {
                "log_public_key": log_key.public_key().hex(),
                "tree_head": other.to_dict(),
                "signature": remote.sign(witness.cosigned_bytes(log_key.public_key(), other)).signature.hex(),
            }
        ],
    }
    settings.GLASNA_WITNESS_LOGS = []
    settings.GLASNA_WITNESSES = [(peer.base + "/evidence/cosignatures.json", bytes(remote.verify_key).hex())]
    tasks.witness_peers()
    (alarm,) = ForkAlarm.objects.all()
    assert alarm.tree_size == head.tree_size and alarm.source.startswith(peer.base)
    assert not HeadCosignature.objects.filter(witness_key_hex=bytes(remote.verify_key).hex()).exists()


def test_a_peer_with_another_key_or_unreachable_is_reported_not_cosigned(peer: JsonServer, settings) -> None:  # type: ignore[no-untyped-def]
    other = OtherLog()
    peer.documents[HEADS] = other.document(other.grow(2))
    settings.GLASNA_WITNESS_LOGS = [
        (peer.base + HEADS, bytes(SigningKey.generate().verify_key).hex()),
        (peer.base + "/missing", other.public.hex()),
    ]
    settings.GLASNA_WITNESSES = []
    from glasna.evidence import remote_witness

    report = remote_witness.run_configured()
    assert len(report["failed"]) == 2 and "not the one configured" in report["failed"][0]
    assert "HTTP 404" in report["failed"][1]
    assert not IssuedCosignature.objects.exists()
    settings.GLASNA_OUTBOUND_ALLOW = []  # loopback is refused unless allow-listed (core/outbound.py)
    settings.GLASNA_WITNESS_LOGS = [(peer.base + HEADS, other.public.hex())]
    assert remote_witness.run_configured()["failed"]
