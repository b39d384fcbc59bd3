"""The custody log's key, published: a public page in every language, a JSON document with the key
history, and `glasna log_keys`. The fingerprint is the one verify.py prints."""

import base64
import io
import json

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from nacl.signing import SigningKey

from glasna.evidence import custody_log, log_key, published_keys, verify_bundle, witness
from glasna.evidence.models import TreeHead
from glasna.evidence.tree_heads import sign_tree_head
from tests.factories import make_organisation

pytestmark = pytest.mark.django_db


def _earlier_key_heads() -> bytes:
    """Two heads signed in 2025 by a key this instance no longer has (an instance key changed since)."""
    old = SigningKey.generate()
    for size, at_ms in ((1, 1_740_000_000_000), (2, 1_750_000_000_000)):
        signed = sign_tree_head(bytes(old), size, at_ms, b"\x00" * 32)
        TreeHead.objects.create(
            tree_size=size,
            timestamp_ms=at_ms,
            root_hash=signed.root_hash,
            signature=signed.signature,
            public_key=bytes(old.verify_key),
        )
    return bytes(old.verify_key)


@pytest.mark.parametrize("language", [code for code, _ in settings.LANGUAGES])
def test_the_page_is_public_in_every_language(language: str) -> None:
    organisation = make_organisation("skopje", ["MK"]).organisation
    response = Client().get(f"/{language}/evidence/keys/")
    page = response.content.decode()
    assert response.status_code == 200 and not response.cookies
    assert log_key.fingerprint() in page and log_key.public_key().hex() in page
    assert base64.b64encode(log_key.public_key()).decode() in page
    assert organisation.name in page
    assert "/evidence/keys.json" in page
    # The witness keys, so that a court can tell who cosigned a bundle's heads.
    organisation_witness = witness.witness_public_key(witness.organisation_witness("skopje"))
    assert verify_bundle.fingerprint(organisation_witness) in page
    assert verify_bundle.fingerprint(witness.witness_public_key()) in page
    if language != "en":  # the page is in the language asked for
        assert "Evidence signing keys" not in page and "Organisations signing with it" not in page


def test_the_json_lists_every_key_with_its_dates() -> None:
    make_organisation("skopje", ["MK"])
    old = _earlier_key_heads()
    custody_log.sign_head()  # today's key signs a head now
    response = Client().get("/evidence/keys.json")
    assert response.status_code == 200 and not response.cookies
    document = json.loads(response.content)
    assert document["format"] == "glasna-log-keys-v1"
    current, earlier = document["keys"]
    assert current["current"] and current["until"] is None and current["from"] is not None
    assert current["public_key_hex"] == log_key.public_key().hex()
    assert current["fingerprint"] == verify_bundle.fingerprint(log_key.public_key()) == log_key.fingerprint()
    assert base64.b64decode(current["public_key_base64"]) == log_key.public_key()
    assert not earlier["current"] and earlier["public_key_hex"] == old.hex()
    assert earlier["from"] == "2025-02-19T21:20:00+00:00" and earlier["until"] == "2025-06-15T15:06:40+00:00"
    assert [org["log_key_fingerprint"] for org in document["organisations"]] == [log_key.fingerprint()]
    organisation_witness, installation_witness = document["witnesses"]
    assert organisation_witness["organisation"] == "Test organisation skopje"
    assert organisation_witness["fingerprint"] == verify_bundle.fingerprint(
        witness.witness_public_key(witness.organisation_witness("skopje"))
    )
    assert installation_witness["organisation"] is None
    assert installation_witness["public_key_hex"] == witness.witness_public_key().hex()


def test_before_any_head_the_current_key_is_published_unused() -> None:
    (only,) = published_keys.key_history()
    assert only.current and only.first_signed is None and only.public_key == log_key.public_key()


def test_the_command_prints_the_key_and_its_fingerprint() -> None:
    make_organisation("skopje", ["MK"])
    _earlier_key_heads()
    out = io.StringIO()
    call_command("log_keys", stdout=out)
    text = out.getvalue()
    assert f"fingerprint  {log_key.fingerprint()}" in text
    assert f"public key   {log_key.public_key().hex()}" in text
    assert text.count("earlier key") == 1 and "2025-06-15T15:06:40+00:00" in text
    assert verify_bundle.fingerprint(witness.witness_public_key(witness.organisation_witness("skopje"))) in text
    assert verify_bundle.fingerprint(witness.witness_public_key()) in text
    out = io.StringIO()
    call_command("log_keys", "--json", stdout=out)
    assert json.loads(out.getvalue())["keys"][0]["fingerprint"] == log_key.fingerprint()


def test_the_fingerprint_is_what_the_verifier_accepts_and_prints() -> None:
    printed = published_keys.current_key().fingerprint
    assert verify_bundle.pins(verify_bundle.parse_key(printed), log_key.public_key())
    assert verify_bundle.pins(verify_bundle.parse_key(log_key.public_key().hex()), log_key.public_key())
    assert not verify_bundle.pins(verify_bundle.parse_key(printed), bytes(SigningKey.generate().verify_key))
