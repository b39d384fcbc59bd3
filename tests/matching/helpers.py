"""Synthetic hashes, survivors with a receipt visit, and platforms with tokens."""

import json
import secrets
from typing import Any

from django.test import Client

from glasna.intake import receipts, services
from glasna.intake.models import Report
from glasna.matching import banks, tokens
from glasna.matching.models import Platform
from tests.factories import submit


def random_hash() -> str:
    return secrets.token_hex(32)


def flip(value: str, bits: int) -> str:
    number = int(value, 16)
    for bit in range(bits):
        number ^= 1 << (bit * 7 % 256)
    return f"{number:064x}"


def item(value: str, media_index: int = 0, quality: int = 90, **extra: Any) -> dict[str, Any]:
    return {
        "signal_type": "pdq",
        "hash": value,
        "quality": quality,
        "media_index": media_index,
        "frame_ts": None,
        "media_type": "image",
        **extra,
    }


def survivor_client() -> tuple[Client, Report]:
    submitted = submit()
    client = Client()
    response = client.post("/en/return/", {"receipt": receipts.formatted(submitted.receipt)})
    assert response.status_code == 302
    return client, Report.objects.get(pk=services.open_with_receipt(submitted.receipt).report_id)


def platform(key: str = "telegram", name: str = "Telegram") -> tuple[Platform, str]:
    return tokens.issue(key, name, [banks.survivor_bank()])


def send_hashes(client: Client, items: list[dict[str, Any]], platforms: list[str] | None = None) -> Any:
    return client.post(
        "/en/my-report/fingerprints/",
        {"hashes": json.dumps(items), "platforms": platforms if platforms is not None else ["*"]},
    )
