"""The platform directory: read and check data/platforms.yaml, load it into the database.

The file is the reviewed source; the database copy is what notices use and what platform
administrators correct between releases. Loading never overwrites an entry edited in Glasna."""

import datetime as dt
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from glasna.core import freshness
from glasna.takedown.models import Platform

DATA_FILE = Path(__file__).parent / "data" / "platforms.yaml"
CHANNEL_KINDS = ("email", "web_form", "in_app")
DSA_STATUSES = ("vlop", "vlose", "online_platform", "hosting", "not_designated", "unknown")
CONFIDENCE = ("high", "medium", "low")
YES_NO_UNKNOWN = ("yes", "no", "unknown")
REQUIRED = (
    "key",
    "name",
    "dsa_status",
    "stopncii_partner",
    "channels",
    "confidence",
    "last_verified",
    "sources",
    "languages",
    "known_behaviour",
    "eu_legal_representative",
    "policy_name",
)
FIELDS = {f.name for f in Platform._meta.get_fields()} - {"id", "notices", "campaigns", "edited_by"}


class DirectoryError(Exception):
    """The platform data has errors; `glasna takedown_platforms --check` lists them."""


def read(path: Path | None = None) -> list[dict[str, Any]]:
    raw = yaml.safe_load((path or DATA_FILE).read_text(encoding="utf-8"))
    return list(raw.get("platforms", [])) if isinstance(raw, dict) else []


def problems(entries: list[dict[str, Any]]) -> list[str]:
    found: list[str] = []
    seen: set[str] = set()
    for n, entry in enumerate(entries):
        where = f"platforms[{n}] ({entry.get('key', '?')})"
        for name in REQUIRED:
            if name not in entry or entry[name] in (None, ""):
                found.append(f"{where}: `{name}` missing")
        for name in sorted(set(entry) - FIELDS):
            found.append(f"{where}: unknown field `{name}`")
        if entry.get("key") in seen:
            found.append(f"{where}: duplicate key")
        seen.add(str(entry.get("key")))
        if entry.get("dsa_status") not in DSA_STATUSES:
            found.append(f"{where}: dsa_status must be one of {', '.join(DSA_STATUSES)}")
        if entry.get("confidence") not in CONFIDENCE or entry.get("stopncii_partner") not in YES_NO_UNKNOWN:
            found.append(f"{where}: confidence or stopncii_partner outside the allowed values")
        if not isinstance(entry.get("last_verified"), dt.date):
            found.append(f"{where}: last_verified must be a date (YYYY-MM-DD)")
        if not entry.get("sources"):
            found.append(f"{where}: at least one source")
        for c, channel in enumerate(entry.get("channels") or []):
            if channel.get("kind") not in CHANNEL_KINDS:
                found.append(f"{where} channels[{c}]: kind must be one of {', '.join(CHANNEL_KINDS)}")
            if channel.get("confidence") not in CONFIDENCE:
                found.append(f"{where} channels[{c}]: confidence missing")
            if channel.get("kind") == "web_form" and not str(channel.get("address", "")).startswith("https://"):
                found.append(f"{where} channels[{c}]: a web form needs its https:// address")
    return found


def aged(entries: list[dict[str, Any]], today: dt.date | None = None) -> list[str]:
    """Warnings for entries verified longer ago than GLASNA_DIRECTORY_REVIEW_DAYS: platforms change
    their forms and addresses, so such an entry is re-checked against its sources, not dropped."""
    days = freshness.allowed_days("directory")
    return [
        f"platforms[{n}] ({entry.get('key', '?')}): last_verified {entry['last_verified'].isoformat()} "
        f"is older than {days} days: verify the entry against its sources"
        for n, entry in enumerate(entries)
        if isinstance(entry.get("last_verified"), dt.date)
        and freshness.is_stale(entry["last_verified"], "directory", today)
    ]


def sync(path: Path | None = None) -> tuple[int, int]:
    """Create or update every platform from the file; entries edited in Glasna are left alone.
    Returns (written, kept)."""
    entries = read(path)
    errors = problems(entries)
    if errors:
        raise DirectoryError("\n".join(errors))
    written = kept = 0
    with transaction.atomic():
        for entry in entries:
            current = Platform.objects.filter(key=entry["key"]).first()
            if current is not None and current.edited_by:
                kept += 1
                continue
            Platform.objects.update_or_create(key=entry["key"], defaults={k: v for k, v in entry.items() if k != "key"})
            written += 1
    return written, kept


def ensure_loaded() -> None:
    """Load the directory on first use (a fresh install, a test database)."""
    if not Platform.objects.exists():
        sync()
