"""What issue 21 promises, end to end: a prosecutor runs `python3 verify.py` with the fingerprint printed
on the organisation's public page and learns that the evidence is intact, complete for its case,
time-stamped, and seen by two independent witnesses; a forged bundle signed with another key fails with
a message that says exactly that."""

import html
import re
from pathlib import Path

import pytest
from django.test import Client, override_settings

from glasna.evidence import witness
from glasna.evidence.verify_bundle import fingerprint
from tests.evidence.forgery import forge
from tests.evidence.helpers import add_three, export_to, glasna_verify_exit, make_case, run_bundled_verify
from tests.evidence.tsa_server import LocalTsa
from tests.factories import make_organisation, pattern_png

pytestmark = pytest.mark.django_db


def _published_fingerprint(organisation_name: str) -> str:
    """Read as a person would: the organisation is listed on the public page, and the command to run is there."""
    page = html.unescape(Client().get("/en/evidence/keys/").content.decode())
    assert organisation_name in page
    match = re.search(r'python3 verify.py --key "([0-9a-f ]{79})"', page)
    assert match is not None
    return match.group(1)


def test_a_prosecutor_verifies_a_witnessed_bundle_and_refuses_a_forgery(local_tsa: LocalTsa, tmp_path: Path) -> None:
    ca_file = tmp_path / "tsa-ca.pem"
    ca_file.write_bytes(local_tsa.ca_pem)
    with override_settings(GLASNA_TSA_URL=local_tsa.url, GLASNA_TSA_CA_FILE=str(ca_file)):
        setup = make_case("prosecuted")
        make_organisation("first-witness")
        make_organisation("second-witness")
        add_three(setup)
        bundle = export_to(setup, tmp_path / "glasna-evidence.zip")
    key = _published_fingerprint(setup.org.organisation.name)

    done = run_bundled_verify(bundle, tmp_path, "--key", key, "--tsa-ca", str(ca_file))
    assert done.returncode == 0, done.stdout
    out = done.stdout
    assert "ALTERED" not in out
    assert "every event of the log from" in out and "are all listed" in out  # complete for its case
    assert "token stamps this tree head at" in out and "no independent time" not in out  # time-stamped
    # The token's signature, by openssl: checked in process (the same code), since under the moved-clock
    # run libfaketime keeps the isolated python3 from starting openssl.
    code, text = glasna_verify_exit(bundle, "--key", key, "--tsa-ca", str(ca_file))
    assert code == 0 and "token signature verified by openssl" in text
    assert "WITNESSES 2 independent witnesses saw a head containing these events" in out
    for slug in ("first-witness", "second-witness"):
        assert fingerprint(witness.witness_public_key(witness.organisation_witness(slug))) in out
    assert out.rstrip().endswith(f"signed by the key you gave (fingerprint {key}); seen by 2 independent witnesses")

    forged = tmp_path / "forged.zip"
    forge(bundle, forged, pattern_png((96, 64), seed=9))
    refused = run_bundled_verify(forged, tmp_path, "--key", key, "--tsa-ca", str(ca_file))
    assert refused.returncode == 1
    assert "RESULT: NOT VERIFIED - the bundle was signed by a different key than the one you gave" in refused.stdout
    assert "It does not come from that key's log." in refused.stdout
