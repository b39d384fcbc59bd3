"""The one platform list: keys, names and host names that every room reads (data/platforms.yaml).

Intake's answer options, evidence's capture list, takedown's routing by host and the networks
registry all derive from this list, so a platform added or renamed here changes everywhere at
once. Core imports no other app, so any room may import this module."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import gettext_lazy as _

DATA_FILE = Path(__file__).parent / "data" / "platforms.yaml"
ROOMS = ("intake", "evidence", "takedown", "networks")

# Names that are words rather than brands, translated; the data file marks them `label: true`.
_LABELS: dict[str, Any] = {
    "aylo": _("Aylo (Pornhub and others)"),
    "porn_site": _("A pornographic website"),
    "other": _("Another website or app"),
}


@dataclass(frozen=True)
class Platform:
    key: str
    name: str
    rooms: frozenset[str]
    hosts: tuple[str, ...]

    @property
    def label(self) -> Any:
        """The name to show: translated where it is a word, the brand otherwise."""
        return _LABELS.get(self.key, self.name)


def problems(entries: list[dict[str, Any]]) -> list[str]:
    """What is wrong with the data file's entries; empty when it is sound."""
    found: list[str] = []
    seen_keys: set[str] = set()
    seen_hosts: dict[str, str] = {}
    for n, entry in enumerate(entries):
        key = str(entry.get("key", ""))
        where = f"platforms[{n}] ({key or '?'})"
        if not key or not entry.get("name"):
            found.append(f"{where}: key and name are required")
        if key in seen_keys:
            found.append(f"{where}: duplicate key")
        seen_keys.add(key)
        if not entry.get("sources"):
            found.append(f"{where}: at least one source")
        unknown = set(entry.get("rooms") or []) - set(ROOMS)
        if unknown or not entry.get("rooms"):
            found.append(f"{where}: rooms must be some of {', '.join(ROOMS)}")
        if entry.get("label") and key not in _LABELS:
            found.append(f"{where}: label: true needs a translated name in glasna/core/platforms.py")
        for host in entry.get("hosts") or []:
            if host != str(host).lower() or host in seen_hosts:
                found.append(f"{where}: host {host} is not lower case or is named twice")
            seen_hosts[str(host)] = key
    return found


def read(path: Path | None = None) -> list[dict[str, Any]]:
    raw = yaml.safe_load((path or DATA_FILE).read_text(encoding="utf-8"))
    return list(raw.get("platforms", [])) if isinstance(raw, dict) else []


@cache
def all_platforms() -> tuple[Platform, ...]:
    entries = read()
    errors = problems(entries)
    if errors:
        raise ValueError("glasna/core/data/platforms.yaml: " + "; ".join(errors))
    return tuple(
        Platform(
            key=str(e["key"]),
            name=str(e["name"]),
            rooms=frozenset(e["rooms"]),
            hosts=tuple(str(h) for h in e.get("hosts") or []),
        )
        for e in entries
    )


def for_room(room: str) -> list[Platform]:
    return [p for p in all_platforms() if room in p.rooms]


def choices(room: str) -> list[tuple[str, Any]]:
    """(key, label) pairs in the list's order, for a form or a taxonomy."""
    return [(p.key, p.label) for p in for_room(room)]


def host_map(room: str) -> dict[str, str]:
    """Host suffix → platform key, for the platforms of one room."""
    return {host: p.key for p in for_room(room) for host in p.hosts}


def platform_for_host(host: str, room: str = "networks") -> str:
    """The platform key of a host name ("www." and "m." ignored), "other" when none matches."""
    host = host.lower().rstrip(".").removeprefix("www.").removeprefix("m.")
    for suffix, key in host_map(room).items():
        if host == suffix or host.endswith("." + suffix):
            return key
    return "other"


def known_host(host: str) -> bool:
    """Whether any platform on the list owns this host (a large platform, not a small site)."""
    host = host.lower().rstrip(".")
    return any(host == h or host.endswith("." + h) for p in all_platforms() for h in p.hosts)


def get(key: str) -> Platform | None:
    return next((p for p in all_platforms() if p.key == key), None)
