"""Structured logs (core/logging.py): one JSON object a line, a request id, no survivor data."""

import io
import json
import logging
import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import Client

from glasna.core.logging import JsonFormatter, SurvivorDataFilter, config
from tests.factories import make_organisation, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_lines() -> Iterator[io.StringIO]:
    """Everything logged, as GLASNA_LOG_FORMAT=json writes it; Django's request logger opened up."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(SurvivorDataFilter())
    root, django_request = logging.getLogger(), logging.getLogger("django.request")
    levels = (root.level, django_request.level)
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    django_request.setLevel(logging.DEBUG)
    yield stream
    root.removeHandler(handler)
    root.setLevel(levels[0])
    django_request.setLevel(levels[1])


def _entries(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_a_request_is_logged_without_receipt_or_body(json_lines: io.StringIO) -> None:
    make_organisation(countries=["MK"])
    receipt = submit().receipt
    marker = f"MARKER{secrets.token_hex(6)}"
    client = Client()
    client.post("/en/return/", {"receipt": receipt, "narrative": marker})
    client.post("/en/return/", {"receipt": f"1234 {marker}"})  # a 400, which Django's request logger reports
    client.get(f"/en/return/?receipt={receipt}&q={marker}")
    text = json_lines.getvalue()
    assert marker not in text
    assert receipt not in text and receipt.replace(" ", "").replace("-", "") not in text
    requests = [entry for entry in _entries(json_lines) if entry["logger"] == "glasna.request"]
    assert [entry["status"] for entry in requests] == [302, 400, 200]
    assert {entry["route"] for entry in requests} == {"intake:return"}
    assert all(len(str(entry["request_id"])) == 16 for entry in requests)
    assert len({entry["request_id"] for entry in requests}) == 3
    warnings = [entry for entry in _entries(json_lines) if entry["logger"] == "django.request"]
    assert warnings and all(entry["message"] == "django.request event (path withheld)" for entry in warnings)


def test_each_line_is_one_event_with_the_agreed_fields(json_lines: io.StringIO) -> None:
    marker = f"MARKER{secrets.token_hex(6)}"
    logging.getLogger("glasna.test").warning("plain %s", "words", extra={"receipt": marker, "body": marker})
    try:
        raise ValueError(marker)
    except ValueError:
        logging.getLogger("glasna.test").exception("it failed")
    assert marker not in json_lines.getvalue()
    first, second = _entries(json_lines)
    assert set(first) == {"time", "level", "logger", "message", "request_id"}
    assert first["message"] == "plain words" and first["level"] == "WARNING" and first["logger"] == "glasna.test"
    assert str(first["time"]).endswith("+00:00")
    assert second["exception"] == "ValueError" and "raise ValueError" in str(second["traceback"])


def test_the_setting_chooses_the_format() -> None:
    assert config("json", "INFO")["formatters"]["glasna"] == {"()": JsonFormatter}
    assert "format" in config("text", "INFO")["formatters"]["glasna"]
    assert config("text", "INFO")["handlers"]["console"]["filters"] == ["no_survivor_data"]


def test_responses_carry_the_request_id() -> None:
    response = Client().get("/health/live")
    assert len(response["X-Request-ID"]) == 16


def test_the_environment_variable_switches_a_real_process_to_json(tmp_path: Path) -> None:
    script = "import django, logging; django.setup(); logging.getLogger('glasna.probe').warning('hello %s', 'there')"
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="glasna.settings", GLASNA_DATA_DIR=str(tmp_path))
    lines = []
    for log_format in ("json", "text"):
        env["GLASNA_LOG_FORMAT"] = log_format
        done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
        lines.append(done.stderr.strip().splitlines()[-1])
    entry = json.loads(lines[0])
    assert (entry["logger"], entry["level"], entry["message"]) == ("glasna.probe", "WARNING", "hello there")
    assert lines[1] == "WARNING glasna.probe hello there"
