"""A hash exchange in the shape of StopNCII.org's API, so existing clients work unchanged
(threatexchange's `StopNCIIAPI`, and Open Media Match's StopNCII exchange built on it).

FetchHashes: every change (new or withdrawn hash) a platform may see, ordered by change number.
`startTimestamp` is a change number; change numbers never fall behind the clock in seconds, so a
client that starts from a Unix time (or StopNCII's default 10) gets what it expects. A run of pages
is frozen at the newest change committed when it started (inside the signed page token), so pages
never skip or reorder; `nextSetTimestamp` is the checkpoint to resume from.
SubmitFeedback: a platform's opinion on hashes it received becomes a sighting on the case."""

from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.utils.translation import gettext as _

from glasna.matching import banks, sightings
from glasna.matching.hash_input import BadHashInput, check_signal
from glasna.matching.models import ChangeCounter, HashEntry, Platform, Sighting

PAGE_TOKEN_SALT = "glasna.matching.fetch"  # noqa: S105 - a signing namespace, not a secret
PAGE_TOKEN_MAX_AGE = 3600
MAX_PAGE_SIZE = 1000
FEEDBACK_VALUES = {
    "Unknown",
    "None",
    "QualityUnknown",
    "PendingReview",
    "Blocked",
    "NotBlocked",
    "Withdrawn",
    "Deleted",
}
_STOPNCII_TYPE = {"pdq": "ImagePDQ", "vpdq_frame": "ImagePDQ", "video_md5": "VideoMD5"}
_SIGNAL_OF = {"ImagePDQ": "pdq", "VideoMD5": "video_md5"}


@dataclass(frozen=True)
class Page:
    records: list[dict[str, Any]]
    next_page_token: str | None
    next_set_timestamp: int
    has_more: bool

    def as_json(self) -> dict[str, Any]:
        return {
            "count": len(self.records),
            "nextPageToken": self.next_page_token,
            "nextSetTimestamp": self.next_set_timestamp,
            "hasMoreRecords": self.has_more,
            "hashRecords": self.records,
        }


def _head() -> int:
    return ChangeCounter.objects.filter(pk=1).values_list("last", flat=True).first() or 0


def fetch(platform: Platform, start: int, page_size: int, page_token: str | None) -> Page:
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise BadHashInput(_("pageSize must be between 1 and %(max)d.") % {"max": MAX_PAGE_SIZE})
    head = _head()
    if start < 0 or start > max(head + 1, _clock_ceiling()):
        raise BadHashInput(_("This checkpoint is in the future; it was not issued by this server."))
    after_seq, after_id = start, 0
    if page_token:
        upper, after_seq, after_id = _open_token(platform, start, page_token)
    else:
        upper = head  # every change up to here is committed (numbers follow commit order)
    rows = list(
        HashEntry.objects.filter(banks.visible_to(platform), change_seq__lte=upper)
        .filter(_after(after_seq, after_id, inclusive_first=not page_token))
        .select_related("submission")
        .order_by("change_seq", "pk")[: page_size + 1]
    )
    has_more = len(rows) > page_size
    rows = rows[:page_size]
    records = [_record(entry) for entry in rows]
    if has_more:
        last = rows[-1]
        token = signing.dumps(
            {"p": platform.pk, "s": start, "u": upper, "q": last.change_seq, "i": last.pk}, salt=PAGE_TOKEN_SALT
        )
        # Resuming from the last page's change number re-sends its siblings: harmless, records replace.
        return Page(records, token, last.change_seq, True)
    return Page(records, None, upper + 1, False)


def _clock_ceiling() -> int:
    import time

    return int(time.time()) + 1


def _after(seq: int, entry_id: int, inclusive_first: bool) -> Any:
    from django.db.models import Q

    if inclusive_first:
        return Q(change_seq__gte=seq)
    return Q(change_seq__gt=seq) | Q(change_seq=seq, pk__gt=entry_id)


def _open_token(platform: Platform, start: int, token: str) -> tuple[int, int, int]:
    try:
        data = signing.loads(token, salt=PAGE_TOKEN_SALT, max_age=PAGE_TOKEN_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise BadHashInput(_("This page token has expired. Start again from your last checkpoint.")) from exc
    except signing.BadSignature as exc:
        raise BadHashInput(_("This page token is not valid.")) from exc
    if not isinstance(data, dict) or data.get("p") != platform.pk or data.get("s") != start:
        raise BadHashInput(_("This page token belongs to another fetch; use it with the same startTimestamp."))
    return int(data["u"]), int(data["q"]), int(data["i"])


def _record(entry: HashEntry) -> dict[str, Any]:
    status = "Withdrawn" if entry.withdrawn_at is not None else "Active"
    return {
        "lastModtimestamp": int(entry.modified_at.timestamp()),
        "signalType": _STOPNCII_TYPE[entry.signal_type],
        "hashValue": entry.hash_value,
        "hashStatus": status,
        "caseNumbers": {str(entry.submission.public_id): status},
        "CSPFeedbacks": [],
    }


def submit_feedback(platform: Platform, payload: Any) -> dict[str, Any]:
    """Each feedback on a hash the platform may see becomes a sighting; unknown hashes are listed back."""
    items = payload.get("hashFeedbacks") if isinstance(payload, dict) else None
    if not isinstance(items, list) or not items or len(items) > MAX_PAGE_SIZE:
        raise BadHashInput(_("Send hashFeedbacks: a list of 1 to %(max)d feedbacks.") % {"max": MAX_PAGE_SIZE})
    parsed: list[tuple[str, str]] = []
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("hashValue"), str):
            raise BadHashInput(_("Each feedback needs a hashValue."))
        value = item["hashValue"].strip().lower()
        check_signal("video_md5" if len(value) == 32 else "pdq", value)
        feedback = item.get("feedbackValue")
        if feedback not in FEEDBACK_VALUES:
            raise BadHashInput(
                _("Unknown feedbackValue “%(value)s”. Use one of: %(known)s.")
                % {"value": str(feedback)[:40], "known": ", ".join(sorted(FEEDBACK_VALUES))}
            )
        parsed.append((value, str(feedback)))
    recorded, unknown = 0, []
    visible = HashEntry.objects.filter(banks.visible_to(platform), withdrawn_at__isnull=True)
    for value, feedback in parsed:
        entries = list(visible.filter(hash_value=value))
        if not entries:
            unknown.append(value)
            continue
        seen_cases: set[object] = set()
        for entry in entries:
            key = entry.case_id if entry.case_id is not None else f"entry:{entry.pk}"
            if key in seen_cases:
                continue
            seen_cases.add(key)
            sightings.record(platform, entry, Sighting.FEEDBACK, feedback=feedback)
            recorded += 1
    return {"count": recorded, "unknownHashes": unknown}
