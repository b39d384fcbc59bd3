"""Walks the report wizard with Django's test client, as a browser without JavaScript would."""

import re
from typing import Any

from django.test import Client

STEP_ANSWERS: list[dict[str, Any]] = [
    {"forms": ["ibsa_shared", "sextortion"], "narrative": "Synthetic narrative for a test."},
    {"platforms": ["telegram"], "links": "t.me/invented_room"},
    {"relationship": "partner", "perpetrator": "invented_user_1"},
    {"when": "week", "country": "MK", "age_band": "25_34", "gender": "woman"},
    {"help": ["removal", "legal"]},
    {"contact_method": "portal", "contact_value": "", "consent_stats": "yes", "consent_police": "no"},
    {},
]


def hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert match, f"no hidden field {name}"
    return match.group(1)


def challenge_fields(html: str) -> dict[str, str]:
    """The last step's flood-control fields as a browser without JavaScript sends them (no nonce)."""
    return {"challenge": hidden(html, "challenge"), "challenge_bits": hidden(html, "challenge_bits")}


def walk(
    client: Client,
    language: str = "en",
    overrides: dict[int, dict[str, Any]] | None = None,
    files: list[Any] | None = None,
) -> Any:
    """Answer every step; return the final response (the receipt page when all went well)."""
    url = f"/{language}/report/"
    response = client.get(url)
    assert response.status_code == 200
    for index, answers in enumerate(STEP_ANSWERS):
        data = dict(answers, **(overrides or {}).get(index, {}))
        html = response.content.decode()
        data.update({"state": hidden(html, "state"), "step": str(index), "next": "1"})
        if index == len(STEP_ANSWERS) - 1:
            data.update(challenge_fields(html))
            if files:
                data["files"] = files
        response = client.post(url, data)
        if response.status_code != 200 or index == len(STEP_ANSWERS) - 1:
            return response
        if f'name="step" value="{index + 1}"' not in response.content.decode():
            return response  # stopped on this step (an error to show)
    return response


def receipt_from(response: Any) -> str:
    match = re.search(r'id="receipt-code"[^>]*>([0-9 ]+)<', response.content.decode())
    assert match, "no receipt on the page"
    return match.group(1)
