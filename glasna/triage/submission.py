"""Triage at the moment a report is submitted, while the server holds its answers and files in
clear: route the case (routing.py) and score each image (explicitness.py). Called by the intake
room; nothing here may stop a report from being saved."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from glasna.cases.models import Case
from glasna.core.crypto.primitives import seal
from glasna.triage import explicitness
from glasna.triage.models import ImageScore
from glasna.triage.routing import route_new_case

log = logging.getLogger(__name__)
UNREADABLE = "unreadable"


def on_submit(
    case: Case, answers: dict[str, Any], files: Sequence[Any], attachments: Sequence[Any], org_public_key: bytes,
    key_version: int,
) -> None:  # fmt: skip
    """`files` are the CheckedFiles as sent, `attachments` the Attachment rows made from them, in order."""
    route_new_case(case, answers)
    on_reply(case, files, attachments, org_public_key, key_version)


def on_reply(
    case: Case, files: Sequence[Any], attachments: Sequence[Any], org_public_key: bytes, key_version: int
) -> None:
    """Files she sends later, with a message: scored like the first ones, so their previews on the
    case page are blurred on the server too (images.py)."""
    for checked, attachment in zip(files, attachments, strict=True):
        if checked.content_type.startswith("image/"):
            score_image(case, attachment.pk, checked.data, org_public_key, key_version)


def score_image(case: Case, attachment_id: Any, data: bytes, org_public_key: bytes, key_version: int) -> str:
    """Score one image and store the score sealed to the organisation key; returns what was stored."""
    try:
        value = f"{explicitness.score(data):.3f}"
    except explicitness.Unreadable:
        value = UNREADABLE
    except Exception:  # a model failure must not lose the report; the preview stays blurred
        log.exception("explicitness scoring failed for case %s", case.pk)
        value = UNREADABLE
    ImageScore.objects.update_or_create(
        case=case,
        attachment_id=attachment_id,
        defaults={"sealed_score": seal(org_public_key, value.encode()), "key_version": key_version},
    )
    return value
