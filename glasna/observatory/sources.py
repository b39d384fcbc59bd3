"""Figures from other rooms, through a seam: the takedown room publishes platform response
figures in `glasna.takedown.stats.platform_response()` when it is installed. Until then (or
when it returns nothing) the dashboard says there is no data yet.

Expected rows: {"platform": str, "notices": int, "removed": int, "median_hours": float | None},
already aggregated and disclosure-controlled by this module before publication."""

import importlib
from typing import Any

from glasna.observatory import disclosure


def platform_response() -> list[dict[str, Any]] | None:
    try:
        stats = importlib.import_module("glasna.takedown.stats")
    except ImportError:
        return None
    provider = getattr(stats, "platform_response", None)
    if provider is None:
        return None
    rows = list(provider() or [])
    t = disclosure.threshold()
    # Counts derived from survivors' notices: a platform with few notices is not shown on its own.
    shown = [r for r in rows if int(r.get("notices", 0)) >= t]
    return [
        {
            "platform": str(r["platform"]),
            "notices": int(r["notices"]),
            "removed": int(r["removed"]) if int(r.get("removed", 0)) >= t else None,
            "median_hours": r.get("median_hours"),
        }
        for r in shown
    ] or None
