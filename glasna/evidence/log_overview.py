"""What the staff page on the custody log shows (views.log_state): the log, its witnesses, the alarms."""

from typing import Any

from django.db.models import Prefetch

from glasna.evidence import log_key, published_keys
from glasna.evidence.models import ForkAlarm, HeadCosignature, IssuedCosignature, TreeHead, WitnessedLog, WitnessRefusal

SHOWN = 10


def summary() -> dict[str, Any]:
    heads = TreeHead.objects.order_by("-tree_size", "-id").prefetch_related(
        Prefetch("cosignatures", queryset=HeadCosignature.objects.order_by("witness_name"))
    )[:SHOWN]
    return {
        "fingerprint": log_key.fingerprint(),
        "alarms": list(ForkAlarm.objects.order_by("-created_at")[:SHOWN]),
        "heads": list(heads),
        "witnessed": list(WitnessedLog.objects.order_by("witness", "log_key_hex")),
        "issued": IssuedCosignature.objects.count(),
        "refusals": list(WitnessRefusal.objects.order_by("-created_at")[:SHOWN]),
        "witnesses": published_keys.witnesses(),
    }
