from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import TestCase, override_settings

from glasna.evidence import custody_log, services
from glasna.evidence.models import TreeHeadStamp
from tests.evidence.helpers import add_three, export_to, make_case
from tests.evidence.tsa_server import LocalTsa, running_tsa


@pytest.fixture(scope="session")
def local_tsa() -> Iterator[LocalTsa]:
    """A real RFC 3161 TSA (openssl ts) on 127.0.0.1, with `.url` and the CA certificate `.ca_pem`."""
    with running_tsa() as tsa:
        yield tsa


_BUILT: dict[str, Path] = {}


@pytest.fixture
def exported(db, tmp_path_factory, local_tsa: LocalTsa) -> Path:  # type: ignore[no-untyped-def]
    """A genuine bundle: items, a head stamped by a real local `openssl ts` TSA through the huey job, more
    events, then the export. Built once, by the first test that asks; the file stays valid after its rows
    are rolled back."""
    if "bundle" in _BUILT:
        return _BUILT["bundle"]
    directory = tmp_path_factory.mktemp("bundle")
    ca_file = directory / "tsa-ca.pem"
    ca_file.write_bytes(local_tsa.ca_pem)
    path = directory / "bundle.zip"
    with override_settings(GLASNA_TSA_URL=local_tsa.url, GLASNA_TSA_CA_FILE=str(ca_file)):
        setup = make_case()
        items = add_three(setup)
        with TestCase.captureOnCommitCallbacks(execute=True):
            custody_log.sign_head()  # the hourly head, stamped through the job queue
        assert TreeHeadStamp.objects.count() == 1
        services.open_item(setup.org.staff, setup.org.org_keys, items[0].pk)  # an event after the stamp
        with TestCase.captureOnCommitCallbacks(execute=True):
            export_to(setup, path)
    _BUILT["bundle"] = path
    return path
