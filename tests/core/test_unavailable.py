"""The database down for a whole request (core/unavailable.py, core/middleware.py, core/views.py):
every page answers 503 with Retry-After and a translated page, the APIs in their JSON error shape,
and the wizard keeps its own "Your report was not saved"."""

from typing import Any

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.test import Client, RequestFactory
from django.utils import translation

from glasna.core import unavailable
from glasna.core.middleware import DatabaseUnavailableMiddleware
from glasna.core.views import server_error
from glasna.intake import receipts
from tests.factories import make_organisation, signed_in_client
from tests.intake.wizard_client import walk

pytestmark = pytest.mark.django_db

HEADING = "The service is briefly unavailable"
API_DETAIL = "The service is briefly unavailable. Try again in a minute."


def _in(language: str, message: str) -> str:
    with translation.override(language):
        return translation.gettext(message)


class Down:
    """connection.cursor while the database is down; counts the tries."""

    def __init__(self, error: type[Exception] = OperationalError) -> None:
        self.error, self.calls = error, 0

    def __call__(self, *args: object, **kwargs: object) -> None:
        self.calls += 1
        raise self.error("could not connect to server: Connection refused")


def _assert_unavailable_page(response: Any, language: str, whole_request: bool = True) -> None:
    assert response.status_code == 503
    assert response["Retry-After"] == str(unavailable.RETRY_AFTER_SECONDS)
    assert response["Content-Type"].startswith("text/html")
    if whole_request:
        assert "no-store" in response["Cache-Control"]  # the privacy headers still apply
    page = response.content.decode()
    heading = _in(language, HEADING)
    assert heading in page and f'lang="{language}"' in page
    if language != "en":
        assert heading != HEADING and HEADING not in page  # translated, not the English fallback


@pytest.mark.parametrize("language", ["sq", "mk"])
def test_a_staff_page_says_briefly_unavailable(monkeypatch: pytest.MonkeyPatch, language: str) -> None:
    client = signed_in_client(make_organisation("mk-cso", ["MK"]).staff)
    client.raise_request_exception = False  # the session check fails in a middleware: the 500 handler answers
    monkeypatch.setattr(connection, "cursor", Down())
    _assert_unavailable_page(client.get(f"/{language}/staff/"), language)


@pytest.mark.parametrize("language", ["sq", "mk"])
def test_the_return_page_says_briefly_unavailable(monkeypatch: pytest.MonkeyPatch, language: str) -> None:
    monkeypatch.setattr(connection, "cursor", Down(InterfaceError))
    response = Client().post(f"/{language}/return/", {"receipt": receipts.new_receipt()})
    _assert_unavailable_page(response, language)


@pytest.mark.parametrize("language", ["sq", "mk"])
def test_the_public_observatory_says_briefly_unavailable(monkeypatch: pytest.MonkeyPatch, language: str) -> None:
    monkeypatch.setattr(connection, "cursor", Down())
    _assert_unavailable_page(Client().get(f"/{language}/observatory/"), language)


@pytest.mark.parametrize("language", ["sq", "mk"])
def test_the_platform_api_answers_in_its_error_shape(monkeypatch: pytest.MonkeyPatch, language: str) -> None:
    monkeypatch.setattr(connection, "cursor", Down())
    api = Client(headers={"authorization": "Bearer not-checked-the-database-is-down", "accept-language": language})
    response = api.get("/api/matching/m/lookup", {"signal_type": "pdq", "signal": "0" * 64})
    assert response.status_code == 503
    assert response["Retry-After"] == str(unavailable.RETRY_AFTER_SECONDS)
    assert response.json() == {"detail": _in(language, API_DETAIL)}
    assert _in(language, API_DETAIL) != API_DETAIL


def test_the_wizard_keeps_its_own_not_saved_page(monkeypatch: pytest.MonkeyPatch) -> None:
    make_organisation("mk-cso", ["MK"])
    from glasna.intake import services

    def down(*args: Any) -> None:
        raise OperationalError("the database is restarting")

    monkeypatch.setattr(services, "submit_report", down)
    response = walk(Client(), "en")
    page = response.content.decode()
    assert response.status_code == 503 and "Your report was not saved" in page and HEADING not in page


def test_the_page_is_built_without_the_database_the_session_or_the_user(
    monkeypatch: pytest.MonkeyPatch, django_assert_num_queries: Any
) -> None:
    request = RequestFactory().get("/sq/staff/")  # no session, no user: reading either raises AttributeError
    down = Down()
    monkeypatch.setattr(connection, "cursor", down)
    middleware = DatabaseUnavailableMiddleware(lambda request: pytest.fail("not called"))
    with translation.override("sq"), django_assert_num_queries(0):
        response = middleware.process_exception(request, OperationalError("gone"))
    assert response is not None and down.calls == 0
    _assert_unavailable_page(response, "sq", whole_request=False)


def test_other_errors_are_not_swallowed() -> None:
    request = RequestFactory().get("/en/observatory/")
    middleware = DatabaseUnavailableMiddleware(lambda request: pytest.fail("not called"))
    assert middleware.process_exception(request, ValueError("a bug, not an outage")) is None
    try:
        raise ValueError("a bug, not an outage")
    except ValueError:
        response = server_error(request)  # as Django calls handler500: inside the except block
    assert response.status_code == 500 and not response.has_header("Retry-After")
    try:
        raise OperationalError("server closed the connection unexpectedly")
    except OperationalError:
        assert server_error(request).status_code == 503


@pytest.mark.parametrize("where", ["view", "middleware"])
def test_one_log_line_with_the_type_only(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, where: str
) -> None:
    if where == "view":
        client, page, data = Client(), "/en/return/", {"receipt": receipts.new_receipt()}
    else:  # the staff session check reads the session before any view
        client, page, data = signed_in_client(make_organisation("mk-cso", ["MK"]).staff), "/en/staff/", None
        client.raise_request_exception = False
    monkeypatch.setattr(connection, "cursor", Down())
    with caplog.at_level("INFO"):
        response = client.post(page, data) if data else client.get(page)
    assert response.status_code == 503
    lines = [r for r in caplog.records if r.name == "glasna.core.unavailable"]
    assert [r.getMessage() for r in lines] == ["database unavailable: OperationalError; answered 503"]
    assert not [r for r in caplog.records if r.name == "django.request"]
    assert "Connection refused" not in caplog.text
