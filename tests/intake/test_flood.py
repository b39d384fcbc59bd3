"""Flood control on the report wizard's last step: a proof of work with JavaScript, a short wait
without, single-use challenges, harder challenges under a flood, and answers never lost."""

import hashlib
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from glasna.core.models import AuditEvent
from glasna.intake import flood, services
from glasna.intake.models import Report
from tests.factories import make_organisation
from tests.intake.wizard_client import STEP_ANSWERS, hidden, receipt_from

pytestmark = pytest.mark.django_db
URL = "/en/report/"
LAST = len(STEP_ANSWERS) - 1


@pytest.fixture(autouse=True)
def _real_costs(settings: Any) -> None:
    make_organisation("mk-cso", ["MK"])
    settings.GLASNA_REPORT_POW_BITS = 10
    settings.GLASNA_REPORT_WAIT_SECONDS = 30
    settings.GLASNA_REPORTS_PER_ADDRESS_PER_HOUR = 10
    settings.GLASNA_REPORTS_PER_HOUR = 100


class Clock:
    def __init__(self, start: float) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    moved = Clock(flood.now())
    monkeypatch.setattr(flood, "now", moved)
    return moved


def to_last_step(client: Client, narrative: str = "Synthetic narrative for a flood test.") -> str:
    response = client.get(URL)
    for index, answers in enumerate(STEP_ANSWERS[:LAST]):
        data = dict(answers, state=hidden(response.content.decode(), "state"), step=str(index), next="1")
        if index == 0:
            data["narrative"] = narrative
        response = client.post(URL, data)
    html = response.content.decode()
    assert f'name="step" value="{LAST}"' in html
    return html


def solve(token: str, bits: int) -> str:
    """What report-challenge.js does in the browser."""
    nonce = 0
    while int.from_bytes(hashlib.sha256(f"{token}{nonce}".encode()).digest(), "big") >> (256 - bits):
        nonce += 1
    return str(nonce)


def send(client: Client, html: str, nonce: str | None = None, **extra: str) -> Any:
    data = {
        "state": hidden(html, "state"),
        "step": str(LAST),
        "next": "1",
        "challenge": hidden(html, "challenge"),
        "challenge_bits": hidden(html, "challenge_bits"),
        "challenge_nonce": nonce or "",
    }
    data.update(extra)
    return client.post(URL, data)


def solved(client: Client, html: str) -> Any:
    token, bits = hidden(html, "challenge"), int(hidden(html, "challenge_bits"))
    return send(client, html, solve(token, bits))


def narrative_of(response: Any) -> str:
    answers: dict[str, str] = services.survivor_view(services.open_with_receipt(receipt_from(response)))["answers"]
    return answers["narrative"]


def test_the_last_step_loads_the_solver_from_a_static_file(client: Client) -> None:
    html = to_last_step(client)
    assert 'src="/static/intake/report-challenge.js"' in html
    assert hidden(html, "challenge_bits") == "10" and hidden(html, "challenge_nonce") == ""
    assert "<script>" not in html


def test_a_solved_challenge_sends_the_report_at_once(client: Client, clock: Clock) -> None:
    html = to_last_step(client, "Solved in the browser.")
    response = solved(client, html)
    assert response.status_code == 200
    assert narrative_of(response) == "Solved in the browser."


def test_a_wrong_nonce_is_refused_and_the_answers_survive(client: Client, clock: Clock) -> None:
    html = to_last_step(client, "Kept after a wrong nonce.")
    token, bits = hidden(html, "challenge"), 10
    wrong = next(str(n) for n in range(10_000) if not flood.solves(token, str(n), bits))
    refused = send(client, html, wrong)
    assert refused.status_code == 400 and Report.objects.count() == 0
    page = refused.content.decode()
    with translation.override("en"):
        assert "We could not check this form. Your answers are kept" in page
    assert f'name="step" value="{LAST}"' in page and hidden(page, "challenge") != token
    assert "Kept after a wrong nonce." in page  # the review of the answers is shown again
    assert narrative_of(solved(client, page)) == "Kept after a wrong nonce."


def test_a_used_challenge_is_refused_and_the_answers_survive(client: Client, clock: Clock) -> None:
    html = to_last_step(client, "Kept after a replay.")
    nonce = solve(hidden(html, "challenge"), 10)
    other = _request({"challenge": hidden(html, "challenge"), "challenge_nonce": nonce})
    flood.redeem(
        flood.check(other, _wizard_nonce(html)), other
    )  # another request (a second tab, a script) used it first
    refused = send(client, html, nonce)
    assert refused.status_code == 400 and Report.objects.count() == 0
    page = refused.content.decode()
    assert "This form was already sent once" in page
    assert narrative_of(solved(client, page)) == "Kept after a replay."


def test_a_forged_challenge_is_refused(client: Client, clock: Clock) -> None:
    html = to_last_step(client)
    response = send(client, html, "1", challenge="forged")
    assert response.status_code == 400 and Report.objects.count() == 0


def test_without_javascript_the_report_goes_after_the_wait(client: Client, clock: Clock) -> None:
    html = to_last_step(client, "Sent without JavaScript.")
    clock.now += 5
    early = send(client, html)
    assert early.status_code == 429 and Report.objects.count() == 0
    page = early.content.decode()
    assert "Seconds left: 25" in page
    assert hidden(page, "challenge") == hidden(html, "challenge")  # the wait is not restarted
    clock.now += 25
    response = send(client, page)
    assert response.status_code == 200
    assert narrative_of(response) == "Sent without JavaScript."


def test_a_flood_raises_the_cost_records_it_and_drops_no_report(client: Client, clock: Clock, settings: Any) -> None:
    settings.GLASNA_REPORTS_PER_ADDRESS_PER_HOUR = 2
    for i in range(2):
        assert solved(client, to_last_step(client, f"Report {i}.")).status_code == 200
    html = to_last_step(client, "Sent during a flood.")
    assert hidden(html, "challenge_bits") == "11"  # one more bit: twice the work
    clock.now += 30
    assert send(client, html).status_code == 429  # and twice the wait
    clock.now += 30
    response = send(client, html)
    assert narrative_of(response) == "Sent during a flood."
    assert Report.objects.count() == 3
    flood_events = AuditEvent.objects.filter(action="report.sent_during_flood")
    assert [(event.target, event.source) for event in flood_events] == [("difficulty:+1", "")]
    assert flood_events.get().organisation_id == Report.objects.latest("pk").organisation_id


def test_the_overall_rate_counts_every_address(client: Client, clock: Clock, settings: Any) -> None:
    settings.GLASNA_REPORTS_PER_HOUR = 2
    for i, address in enumerate(["198.51.100.1", "198.51.100.2"]):
        other = Client(REMOTE_ADDR=address)
        assert solved(other, to_last_step(other, f"From {address}.")).status_code == 200, i
    fresh = Client(REMOTE_ADDR="198.51.100.3")
    assert hidden(to_last_step(fresh), "challenge_bits") == "11"


def test_challenges_collected_at_once_do_not_share_one_wait(client: Client, clock: Clock, settings: Any) -> None:
    settings.GLASNA_REPORTS_PER_ADDRESS_PER_HOUR = 1  # five challenges an hour before it grows
    first = to_last_step(client, "Collected first.")
    for _ in range(9):  # a script reloading the last step for more challenges
        client.post(URL, {"state": hidden(first, "state"), "step": str(LAST), "stay": "1"})
    clock.now += 30  # the first challenge's own wait is over, but the rate has since gone up
    early = send(client, first)
    assert early.status_code == 429  # ten issued against five: two levels, four times the wait
    assert "Seconds left: 90" in early.content.decode()
    clock.now += 90
    assert narrative_of(send(client, first)) == "Collected first."


def _wizard_nonce(html: str) -> str:
    from glasna.core.crypto.server_keys import open_token

    state: dict[str, Any] = open_token("wizard", hidden(html, "state"), 3600)
    return str(state["nonce"])


def _request(data: dict[str, str]) -> Any:
    from django.test import RequestFactory

    return RequestFactory().post(URL, data)
