"""HTTP only, as browsers and platforms reach the stack: the no-JavaScript wizard (with the
challenge's proof of work done here, as report-challenge.js would), the return visit, the staff
sign-in with a TOTP code, and forms posted with their CSRF token."""

import html
import json
import re
import threading
import time
from dataclasses import dataclass
from typing import Any

import pyotp
import requests

from glasna.intake.flood import solves
from tests.intake.wizard_client import STEP_ANSWERS

TIMEOUT = 120


def field(page: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert match, f"no field {name} on the page"
    return html.unescape(match.group(1))


def post_form(
    session: requests.Session, url: str, data: dict[str, Any], page: str | None = None, **kwargs: Any
) -> requests.Response:
    """POST with the CSRF token of `page` (fetched from `url` when not given)."""
    if page is None:
        page = session.get(url, timeout=TIMEOUT).text
    return session.post(
        url, data={**data, "csrfmiddlewaretoken": field(page, "csrfmiddlewaretoken")}, timeout=TIMEOUT, **kwargs
    )


def solve(token: str, bits: int) -> str:
    nonce = 0
    while not solves(token, str(nonce), bits):
        nonce += 1
    return str(nonce)


@dataclass
class Sent:
    status: int
    page: str
    receipt: str | None


def receipt_on(page: str) -> str | None:
    match = re.search(r'id="receipt-code"[^>]*>([0-9 ]+)<', page)
    return match.group(1).strip() if match else None


def report(
    base: str, narrative: str, files: list[tuple[str, bytes]], language: str = "en", timeout: float = TIMEOUT
) -> Sent:
    """Walk every step of /LANG/report/ with a fresh browser (no cookies) and send."""
    session = requests.Session()
    url = f"{base}/{language}/report/"
    response = session.get(url, timeout=timeout)
    if response.status_code != 200:
        return Sent(response.status_code, response.text, None)
    for index, answers in enumerate(STEP_ANSWERS):
        page = response.text
        data: dict[str, Any] = dict(answers, state=field(page, "state"), step=str(index), next="1")
        data["csrfmiddlewaretoken"] = field(page, "csrfmiddlewaretoken")
        if index == 0:
            data["narrative"] = narrative
        upload = None
        if index == len(STEP_ANSWERS) - 1:
            token, bits = field(page, "challenge"), int(field(page, "challenge_bits"))
            data.update(challenge=token, challenge_bits=str(bits), challenge_nonce=solve(token, bits))
            upload = [("files", (name, content, "image/png")) for name, content in files] or None
        response = session.post(url, data=data, files=upload, timeout=timeout)
        if response.status_code != 200:
            return Sent(response.status_code, response.text, None)
    return Sent(response.status_code, response.text, receipt_on(response.text))


def return_visit(base: str, receipt: str, language: str = "en") -> tuple[requests.Session, requests.Response]:
    """Come back with the receipt; the session then holds the visit (my-report pages)."""
    session = requests.Session()
    response = post_form(session, f"{base}/{language}/return/", {"receipt": receipt})
    return session, response


def send_fingerprints(session: requests.Session, base: str, hashes: list[dict[str, Any]]) -> requests.Response:
    return post_form(session, f"{base}/en/my-report/fingerprints/", {"hashes": json.dumps(hashes), "platforms": ["*"]})


@dataclass(frozen=True)
class StaffLogin:
    organisation: str
    username: str
    password: str
    role: str
    totp_secret: str


def demo_logins(credentials: str) -> list[StaffLogin]:
    """The lines `glasna seed_demo` writes: USERNAME password: P role: R TOTP key: K."""
    logins = []
    for line in credentials.splitlines():
        match = re.match(r"(\S+)\s+password: (\S+)\s+role: (\S+)\s+TOTP key: (\S+)", line)
        if match:
            username, password, role, secret = match.groups()
            logins.append(StaffLogin(username.split(".", 1)[1], username, password, role, secret))
    return logins


class StaffSession(requests.Session):
    """A signed-in member's browser, with her authenticator for the codes the site asks again."""

    def __init__(self, totp_secret: str) -> None:
        super().__init__()
        self.totp_secret = totp_secret


_SPENT: dict[str, int] = {}
_SPENT_LOCK = threading.Lock()


def fresh_code(secret: str) -> str:
    """A code of a time step not used yet: the server takes each step once (accounts/totp.py) and
    accepts the next one early, so at most one code in 30 s waits."""
    with _SPENT_LOCK:
        step = max(int(time.time() // 30), _SPENT.get(secret, -1) + 1)
        while step > int(time.time() // 30) + 1:
            time.sleep(1)
        _SPENT[secret] = step
    return pyotp.TOTP(secret).at(step * 30)


def sign_in(base: str, login: StaffLogin) -> StaffSession:
    """Password, then the authenticator's code: the session holds the organisation key after."""
    session = StaffSession(login.totp_secret)
    response = post_form(session, f"{base}/en/staff/login/", {"username": login.username, "password": login.password})
    assert response.url.endswith("/en/staff/login/code/"), (response.status_code, response.url)
    response = post_form(session, response.url, {"code": fresh_code(login.totp_secret)}, page=response.text)
    assert response.url.endswith("/en/staff/"), (response.status_code, response.url)
    return session


def keep_as_evidence(staff: requests.Session, base: str, case_id: int) -> int:
    """Press "Keep as evidence" for every file of the case; return how many."""
    page = staff.get(f"{base}/en/staff/evidence/cases/{case_id}/", timeout=TIMEOUT).text
    actions = re.findall(r'action="([^"]*/import/[0-9a-f-]+/)"', page)
    for action in actions:
        kept = post_form(staff, f"{base}{action}", {}, page=page)
        assert kept.status_code == 200, kept.status_code
    return len(actions)


def export_bundle(staff: StaffSession, base: str, case_id: int) -> requests.Response:
    """Exports ask for a code at most five minutes old (accounts/step_up.py): give one when asked,
    then send the export again, as she would."""
    url = f"{base}/en/staff/evidence/cases/{case_id}/"
    page = staff.get(url, timeout=TIMEOUT).text
    answer = post_form(staff, f"{url}export/", {"language": "en"}, page=page, headers={"Referer": url})
    if "/staff/confirm/" in answer.url:
        post_form(staff, answer.url, {"code": fresh_code(staff.totp_secret), "next": url}, page=answer.text)
        page = staff.get(url, timeout=TIMEOUT).text
        answer = post_form(staff, f"{url}export/", {"language": "en"}, page=page)
    return answer
