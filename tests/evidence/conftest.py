from collections.abc import Iterator

import pytest

from tests.evidence.tsa_server import LocalTsa, running_tsa


@pytest.fixture(scope="session")
def local_tsa() -> Iterator[LocalTsa]:
    """A real RFC 3161 TSA (openssl ts) on 127.0.0.1, with `.url` and the CA certificate `.ca_pem`."""
    with running_tsa() as tsa:
        yield tsa
