"""The bundle's PDF report, rendered from a Django template with WeasyPrint in the active language."""

import json
from datetime import UTC, datetime
from typing import Any

from django.template.loader import render_to_string
from PIL import ImageFile
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from glasna.evidence import log_key, published_keys
from glasna.evidence.capture import method_label, platform_label
from glasna.evidence.labels import action_labels, actor_label
from glasna.evidence.verify_bundle import fingerprint

# WeasyPrint turns Pillow's LOAD_TRUNCATED_IMAGES on for the whole process when imported; Glasna's
# upload checks rely on truncated images failing to load. The report embeds no images.
ImageFile.LOAD_TRUNCATED_IMAGES = False


def _ms(value: int) -> datetime:
    return datetime.fromtimestamp(value / 1000, tz=UTC)


def _log_ids(view: Any) -> set[str]:
    """The log ids of an item's events: its own, and the file's submission when she sent it."""
    submission = view.record.get("submission") or {}
    return {str(view.item.pk), str(submission.get("attachment", ""))} - {""}


def _witnesses(cosigned_heads: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each witness of the bundle's `witnesses` section once, with the largest head it cosigned."""
    best: dict[str, dict[str, Any]] = {}
    for cosigned in cosigned_heads:
        size = cosigned["tree_head"]["tree_size"]
        for cosignature in cosigned["cosignatures"]:
            key = cosignature["witness_public_key"]
            if key not in best or best[key]["size"] < size:
                best[key] = {
                    "name": cosignature["witness"],
                    "size": size,
                    "fingerprint": fingerprint(bytes.fromhex(key)),
                }
    return sorted(best.values(), key=lambda w: (-w["size"], w["name"]))


def render(
    case: Any,
    views: list[Any],
    head: Any,
    stamped: list[Any],
    events: list[dict[str, Any]],
    language: str,
    cosigned_heads: list[dict[str, Any]] | None = None,
) -> bytes:
    labels = action_labels()
    # Events at or beyond this index are in no time-stamped head: their time rests on the log's signature.
    timed_below = max((stamped_head.tree_size for stamped_head, _ in stamped), default=0)
    items = []
    for view in views:
        record = view.record
        capture = view.capture
        history = [
            {
                **event,
                "label": labels.get(event["action"], event["action"]),
                "actor": actor_label(str(event["actor"])),
                "untimed": event["index"] >= timed_below,
            }
            for event in events
            if event["item"] in _log_ids(view)
        ]
        items.append(
            {
                "view": view,
                "record": record,
                "capture": capture,
                "platform": platform_label(capture.platform) if capture.platform else "",
                "method": method_label(capture.method) if capture.method else "",
                "metadata": json.dumps(record.get("metadata", {}), ensure_ascii=False, indent=1)[:3000],
                "history": history,
            }
        )
    context = {
        "case": case,
        "items": items,
        "head": head,
        "head_time": _ms(head.timestamp_ms),
        "stamps": [{"head": h, "stamp": s} for h, s in stamped],
        "any_untimed": any(event["untimed"] for item in items for event in item["history"]),
        "witnesses": _witnesses(cosigned_heads or []),
        "fingerprint": log_key.fingerprint(),
        "public_key": log_key.public_key().hex(),
        "published_at": published_keys.page_url(),
        "language": language,
        "generated": datetime.now(UTC),
    }
    html = render_to_string("evidence/report_pdf.html", context)
    fetch_nothing = URLFetcher(allowed_protocols=())  # the report is self-contained: no fonts, images or CSS by URL
    pdf: bytes = HTML(string=html, url_fetcher=fetch_nothing).write_pdf()
    return pdf
