"""Figures from other rooms, through a seam: the takedown room publishes platform response
figures in `glasna.takedown.stats.platform_figures()` (all organisations) when it is installed.
Without it, or with nothing sent yet, the dashboard says there is no data yet.

Rows published here: {"platform": str, "notices": int, "removed": int | None,
"median_hours": float | None}, disclosure-controlled by this module before publication."""

import importlib
from typing import Any

from glasna.observatory import disclosure


def platform_response() -> list[dict[str, Any]] | None:
    try:
        stats = importlib.import_module("glasna.takedown.stats")
    except ImportError:
        return None
    provider = getattr(stats, "platform_figures", None)
    if provider is None:
        return None
    rows = list(provider().get("platforms", []))
    t = disclosure.threshold()
    # Counts derived from survivors' notices: a platform with few notices is not shown on its own,
    # and a median of fewer than `t` removal times is not shown either (it is nearly one case's time).
    shown = [r for r in rows if int(r.get("sent", 0)) >= t]
    published = []
    for r in shown:
        removed = int(r.get("removed", 0))
        enough = removed >= t
        published.append(
            {
                "platform": str(r.get("platform_name") or r["platform"]),
                "notices": int(r["sent"]),
                "removed": removed if enough else None,
                "median_hours": r.get("median_hours_to_removal") if enough else None,
            }
        )
    return published or None
