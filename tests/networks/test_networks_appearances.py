"""`glasna networks_appearances`: records between installations by file."""

import base64
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from nacl.signing import SigningKey

from glasna.networks import federation, registry
from glasna.networks.identifiers import normalise
from glasna.networks.models import Appearance
from tests.factories import make_organisation

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("networks_appearances", *args, stdout=out)
    return out.getvalue()


def test_export_public_key_and_receive(tmp_path: Path) -> None:
    bundle = make_organisation("cmd-al", ["AL"])
    space = registry.find_or_create(bundle.organisation, normalise("t.me/publicroom_demo"))
    document = json.loads(_run("export", "--organisation", "cmd-al"))
    assert federation.verify(document, _run("public-key").strip())[0]["pseudonym"] == space.appearance.pseudonym
    with pytest.raises(CommandError):
        _run("export", "--organisation", "nobody")

    peer = SigningKey.generate()
    body = {**{k: v for k, v in document.items() if k != "signature"}, "installation": "peer.example"}
    path = tmp_path / "peer.json"
    path.write_text(json.dumps(federation.sign(body, peer)), encoding="utf-8")
    key = base64.b64encode(bytes(peer.verify_key)).decode()
    assert _run("receive", str(path), "--key", key).strip() == "1 records from peer.example"
    assert Appearance.objects.filter(installation="peer.example").count() == 1
    with pytest.raises(CommandError):
        _run("receive", str(path), "--key", federation.public_key())  # not the peer's key
    path.write_text("not json", encoding="utf-8")
    with pytest.raises(CommandError):
        _run("receive", str(path), "--key", key)
