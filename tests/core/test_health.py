"""Liveness and readiness for the load balancer (core/health.py, core/views.py)."""

import json
from pathlib import Path

import pytest
from django.db import connection
from django.db.utils import OperationalError
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db


def _blob_storage_at(path: Path) -> dict[str, object]:
    from django.conf import settings

    blobs = {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": str(path)}}
    return {**settings.STORAGES, "blobs": blobs}


def test_live_answers_without_any_dependency(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(connection, "cursor", _refuse)
    response = Client().get("/health/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_ready_reports_every_check(tmp_path: Path) -> None:
    with override_settings(STORAGES=_blob_storage_at(tmp_path)):
        response = Client().get("/health/ready")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "job_broker": "ok", "blob_store": "ok"}}
    assert "no-store" in response["Cache-Control"]
    assert not list((tmp_path / "health").iterdir())  # the probe object was deleted


def _refuse(*args: object, **kwargs: object) -> None:
    raise OperationalError("could not connect to server")


def test_ready_is_503_when_the_database_is_unreachable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(connection, "cursor", _refuse)
    with override_settings(STORAGES=_blob_storage_at(tmp_path)):
        response = Client().get("/health/ready")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "failed", "job_broker": "ok", "blob_store": "ok"}


def test_ready_is_503_when_the_blob_store_is_not_writable(tmp_path: Path) -> None:
    # A file where the store's folder should be: unwritable even for root, who ignores modes.
    (tmp_path / "occupied").write_bytes(b"")
    with override_settings(STORAGES=_blob_storage_at(tmp_path / "occupied" / "blobs")):
        response = Client().get("/health/ready")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "job_broker": "ok", "blob_store": "failed"}


def test_ready_is_503_when_the_job_broker_fails(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from huey.contrib.djhuey import HUEY

    monkeypatch.setattr(HUEY.storage, "queue_size", _refuse)
    with override_settings(STORAGES=_blob_storage_at(tmp_path)):
        response = Client().get("/health/ready")
    assert response.status_code == 503
    assert response.json()["checks"]["job_broker"] == "failed"


def test_health_is_outside_locales_and_rate_limits() -> None:
    client = Client()
    for _ in range(50):  # far past any per-address limit
        assert client.get("/health/live").status_code == 200
    assert client.get("/en/health/live").status_code == 404
    body = json.loads(client.get("/health/live").content)
    assert set(body) == {"status"}


def test_health_answers_plain_http_probes_when_the_site_redirects_to_https(tmp_path: Path) -> None:
    client = Client()
    with override_settings(SECURE_SSL_REDIRECT=True, STORAGES=_blob_storage_at(tmp_path)):
        assert client.get("/health/live").status_code == 200
        assert client.get("/health/ready").status_code == 200
        assert client.get("/en/").status_code == 301


def test_the_api_is_refused_over_plain_http_not_redirected(tmp_path: Path) -> None:
    client = Client()
    with override_settings(SECURE_SSL_REDIRECT=True, STORAGES=_blob_storage_at(tmp_path)):
        for path in ("/api/observatory/v1/tables", "/api/matching/v1/lookup", "/api/networks/v1/feed"):
            response = client.get(path, HTTP_AUTHORIZATION="Bearer not-a-real-token")
            assert response.status_code == 403, path
            assert "HTTPS only" in response.json()["detail"]
        assert client.get("/api/observatory/v1/tables", secure=True).status_code == 200
        assert client.get("/en/").status_code == 301  # a browser is still redirected
    assert client.get("/api/observatory/v1/tables").status_code == 200  # HTTPS off: plain HTTP answered
