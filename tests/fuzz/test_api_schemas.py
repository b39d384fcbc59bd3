"""Schemathesis against the OpenAPI of every JSON API (the matching platform API and the
observatory's open data), in process through the WSGI app: whatever the schema allows — and
malformed input around it — gets no 5xx, and every response conforms to the schema.

Bounded (a few examples per operation) so that it runs in seconds in the suite; `make fuzz` runs
the same tests with many more examples (GLASNA_FUZZ_EXAMPLES)."""

import json
import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.specs.openapi.checks import positive_data_acceptance

from glasna.matching import live_index
from glasna.matching.api import api as matching_api
from glasna.observatory.api import api as observatory_api
from tests.factories import make_organisation
from tests.matching.helpers import platform

EXAMPLES = int(os.environ.get("GLASNA_FUZZ_EXAMPLES", "15"))
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the suite sees the same inputs every run; `make fuzz` sets its own seed
    suppress_health_check=list(HealthCheck),
)

matching_schema = schemathesis.openapi.from_dict(matching_api.get_openapi_schema(path_prefix="/api/matching"))
observatory_schema = schemathesis.openapi.from_dict(
    observatory_api.get_openapi_schema(path_prefix="/api/observatory/v1")
)
APP = WSGIHandler()
for _schema in (matching_schema, observatory_schema):
    _schema.app = APP  # as schemathesis.openapi.from_wsgi sets it: every call, probes too, goes in process
    _schema.config.generation.update(modes=["positive", "negative"])  # malformed input as well
# The schemas type parameters loosely (a signal is any string), so a schema-valid request may still be
# refused with a documented 4xx and its reason: that is correct, not a failure.
CHECKS: dict[str, Any] = {"excluded_checks": [positive_data_acceptance]}


# Hostile text: any code point Hypothesis likes, right-to-left marks, zero-width joiners, NULs.
HOSTILE = st.text(st.characters(codec="utf-8"), max_size=40) | st.sampled_from(
    ["\u202e", "\u200d\u200d", "\x00", "𝕏" * 30]
)
JSON_LEAVES = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | HOSTILE


def _json_children(children: Any) -> Any:
    return st.lists(children, max_size=4) | st.dictionaries(HOSTILE, children, max_size=4)


def _encoded(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """Schemathesis calls the WSGI handler itself, whose request signals close the database
    connection: on PostgreSQL that is the test's own transaction. Django's test client unhooks
    close_old_connections around each request the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(db: Any) -> str:
    make_organisation("mk-cso", ["MK"])
    live_index.reset()
    return platform()[1]


@pytest.mark.django_db
@matching_schema.parametrize()
@FUZZ_SETTINGS
def test_matching_api(case: Any, token: str) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, **CHECKS)


@pytest.mark.django_db
@observatory_schema.parametrize()
@FUZZ_SETTINGS
def test_observatory_api(case: Any) -> None:
    case.call_and_validate(**CHECKS)


@pytest.mark.django_db
@FUZZ_SETTINGS
@given(body=st.one_of(st.binary(max_size=2000), st.recursive(JSON_LEAVES, _json_children).map(_encoded)))
def test_feedback_takes_any_body_without_a_server_error(token: str, body: bytes) -> None:
    """The one endpoint that parses a raw body: any bytes, any JSON shape, hostile text included."""
    response = Client(headers={"authorization": f"Bearer {token}"}).post(
        "/api/matching/stopncii/v1/SubmitFeedback", body, content_type="application/json"
    )
    assert response.status_code in (200, 400, 422), response.content[:300]
    if response.status_code != 200:
        assert response.json()["detail"]  # a reason, never a bare status


@pytest.mark.django_db
def test_an_oversized_body_is_refused_plainly(token: str, settings: Any) -> None:
    body = b'{"feedback": "' + b"a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10) + b'"}'
    response = Client(headers={"authorization": f"Bearer {token}"}).post(
        "/api/matching/stopncii/v1/SubmitFeedback", body, content_type="application/json"
    )
    assert response.status_code == 400
