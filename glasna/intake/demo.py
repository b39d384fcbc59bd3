"""Synthetic reports for `make demo`, so that a caseworker signing in has cases to open.

Invented people and places only: narratives name no one, links point at invented groups, and the
only pictures are generated patterns. Submitted through the same service as the wizard, so they
are encrypted, routed and audited exactly like real reports."""

import io
import secrets
from typing import Any

from PIL import Image, ImageDraw

from glasna.core.uploads import CheckedFile
from glasna.intake import services
from glasna.intake.models import Report

DEMO_REPORTS: list[dict[str, Any]] = [
    {
        "forms": ["ibsa_shared", "ibsa_recorded"],
        "narrative": "Demo: my former partner posted photos of me in a Telegram group. The group is public.",
        "platforms": ["telegram"],
        "links": "https://t.me/invented_demo_group/101 https://t.me/invented_demo_group/102",
        "relationship": "partner",
        "when": "week",
        "country": "ME",
        "age_band": "25_34",
        "gender": "woman",
        "help": ["removal", "legal"],
        "consent_stats": "yes",
        "language": "cnr",
    },
    {
        "forms": ["ibsa_threatened", "sextortion"],
        "narrative": "Demo: someone I met online says he will publish my pictures unless I pay.",
        "platforms": ["instagram"],
        "links": "https://www.instagram.com/invented.demo.account/",
        "relationship": "stranger",
        "when": "ongoing",
        "country": "MK",
        "age_band": "18_24",
        "gender": "woman",
        "help": ["removal", "safety"],
        "consent_stats": "yes",
        "language": "mk",
    },
    {
        "forms": ["ibsa_faked"],
        "narrative": "Demo: a faked picture of me is going around in a Viber group at work.",
        "platforms": ["viber"],
        "links": "",
        "relationship": "colleague",
        "when": "month",
        "country": "AL",
        "age_band": "35_49",
        "gender": "woman",
        "help": ["legal", "psychological"],
        "consent_stats": "no",
        "language": "sq",
    },
    {
        "forms": ["cyberstalking", "doxing"],
        "narrative": "Demo: my ex follows every account I open and posted my address.",
        "platforms": ["facebook", "instagram"],
        "links": "https://www.facebook.com/invented.demo.profile",
        "relationship": "partner",
        "when": "ongoing",
        "country": "RS",
        "age_band": "25_34",
        "gender": "woman",
        "help": ["safety", "legal"],
        "consent_stats": "yes",
        "language": "sr-latn",
    },
]

_DEFAULTS = {"perpetrator": "", "contact_method": "portal", "contact_value": "", "consent_police": "no"}


def _pattern(seed: int) -> CheckedFile:
    image = Image.new("RGB", (480, 360), (40 + seed * 50 % 200, 90, 160))
    draw = ImageDraw.Draw(image)
    for x in range(0, 480, 24):
        draw.line([(x, 0), (x + seed * 30, 360)], fill=(255, 255, 255), width=5)
    draw.ellipse([120, 90, 300, 270], fill=(250, 200 - seed * 30, 0))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return CheckedFile(f"demo-pattern-{seed}.png", "image/png", buffer.getvalue())


def create_demo_reports() -> list[tuple[str, str]]:
    """Idempotent (only on an instance without reports): [(receipt, country)] of the new reports."""
    if Report.objects.exists():
        return []
    made = []
    for seed, answers in enumerate(DEMO_REPORTS, start=1):
        files = [_pattern(seed)] if seed <= 2 else []
        submitted = services.submit_report({**_DEFAULTS, **answers}, files, secrets.token_hex(8))
        made.append((submitted.receipt, answers["country"]))
    return made
