"""A notice's life: draft → sent → acknowledged → removed / partially removed / refused / no
response, reopened as "reappeared"; the SLA clocks that remind and suggest escalation, once each."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from glasna.accounts.models import StaffMember
from glasna.cases import services as cases
from glasna.core import audit
from glasna.takedown import clock
from glasna.takedown.models import Notice, NoticeEvent, NoticeStatus

S = NoticeStatus
DECIDED = {S.REMOVED, S.PARTIALLY_REMOVED, S.REFUSED}
TRANSITIONS: dict[str, set[str]] = {
    S.DRAFT: {S.QUEUED, S.SENT},
    S.QUEUED: {S.SENT, S.DELIVERY_FAILED},
    S.DELIVERY_FAILED: {S.QUEUED, S.SENT},
    S.SENT: {S.ACKNOWLEDGED, S.NO_RESPONSE, *DECIDED, S.DELIVERY_FAILED},
    S.ACKNOWLEDGED: {S.NO_RESPONSE, *DECIDED},
    S.NO_RESPONSE: {S.ACKNOWLEDGED, *DECIDED},
    S.REFUSED: {S.REMOVED, S.PARTIALLY_REMOVED},  # reversed on complaint
    S.PARTIALLY_REMOVED: {S.REMOVED, S.REFUSED, S.REAPPEARED},
    S.REMOVED: {S.REAPPEARED},
    S.REAPPEARED: {S.QUEUED, S.SENT, *DECIDED},
}
# What the caseworker may set by hand from a platform's answer (the rest is set by Glasna).
MANUAL = (S.ACKNOWLEDGED, S.REMOVED, S.PARTIALLY_REMOVED, S.REFUSED, S.NO_RESPONSE)
OPEN = (S.SENT, S.ACKNOWLEDGED)  # the SLA clocks run while the platform owes an answer
REPLY_LIMIT = 20_000


class NotAllowed(ValueError):
    """That status change does not follow from the notice's current status."""


def note(notice: Notice, actor: str, kind: str, detail: str = "") -> NoticeEvent:
    return NoticeEvent.objects.create(notice=notice, at=clock.now(), actor=actor, kind=kind, detail=detail)


def move(notice: Notice, status: str, actor: str, detail: str = "", request: HttpRequest | None = None) -> None:
    """Change status (the caller holds the row locked) with a timeline entry and an audit record."""
    if status not in TRANSITIONS.get(notice.status, set()):
        raise NotAllowed(
            _("A notice cannot go from “%(old)s” to “%(new)s”.")
            % {"old": notice.get_status_display(), "new": S(status).label}
        )
    now = clock.now()
    notice.status = status
    if status == S.ACKNOWLEDGED and not notice.acknowledged_at:
        notice.acknowledged_at = now
    if status in DECIDED:
        notice.decided_at = now
        if status in (S.REMOVED, S.PARTIALLY_REMOVED) and not notice.removed_at:
            notice.removed_at = now
    notice.version += 1
    notice.save()
    note(notice, actor, status, detail)
    audit.record(
        f"takedown.{status}",
        actor=actor,
        target=f"notice:{notice.pk}",
        organisation_id=notice.organisation_id,
        request=request,
    )


def mark_sent(notice: Notice, actor: str, detail: str = "", request: HttpRequest | None = None) -> None:
    """Sent (by e-mail, or submitted by the caseworker on a web form): the SLA clocks start."""
    now = clock.now()
    notice.sent_at = notice.sent_at or now
    notice.reminder_due_at = now + dt.timedelta(hours=notice.platform.reminder_hours)
    notice.escalation_due_at = now + dt.timedelta(hours=notice.platform.escalation_hours)
    notice.reminder_fired_at = notice.escalation_fired_at = None
    move(notice, S.SENT, actor, detail, request)
    cases.record_activity(
        notice.case, actor, "takedown_sent", f"{notice.platform.name} #{notice.pk}", target=f"notice:{notice.pk}"
    )


def record_submitted(
    staff: StaffMember, notice_id: int, reference: str = "", request: HttpRequest | None = None
) -> Notice:
    """The caseworker submitted the copy-ready text on the platform's form or in the app."""
    from glasna.takedown import sources

    with transaction.atomic():
        notice = (
            Notice.objects.select_for_update()
            .select_related("platform")
            .get(pk=notice_id, organisation_id=staff.organisation_id)
        )
        if notice.channel == "email":
            raise NotAllowed(_("This notice is sent by e-mail; use Send."))
        notice.platform_reference = reference[:200] or notice.platform_reference
        mark_sent(notice, staff.user.get_username(), _("submitted on the platform"), request)
    sources.record_use(
        staff, _ids(notice), "takedown_notice", f"notice {notice.pk} submitted to {notice.platform.key}", request
    )
    return notice


def _ids(notice: Notice) -> list[Any]:
    import uuid

    return [uuid.UUID(i["id"]) for i in notice.items]


def record_reply(
    staff: StaffMember, notice_id: int, status: str, reply: str, reference: str = "", request: HttpRequest | None = None
) -> Notice:
    """A platform's answer, pasted in any language, kept verbatim; the status the caseworker read in it."""
    if status and status not in MANUAL:
        raise NotAllowed(_("Choose one of the listed outcomes."))
    text = reply.replace("\x00", "")[:REPLY_LIMIT]
    with transaction.atomic():
        notice = (
            Notice.objects.select_for_update()
            .select_related("platform")
            .get(pk=notice_id, organisation_id=staff.organisation_id)
        )
        if reference:
            notice.platform_reference = reference[:200]
        if status and status != notice.status:
            move(notice, status, staff.user.get_username(), text, request)
        else:
            notice.save(update_fields=["platform_reference"])
            note(notice, staff.user.get_username(), "reply", text)
    return notice


def reopen_reappeared(notice_id: int, actor: str, detail: str) -> bool:
    """Removed content is back (the re-upload watch or a hash-matching sighting): reopen and alert."""
    with transaction.atomic():
        notice = Notice.objects.select_for_update().select_related("platform", "case").get(pk=notice_id)
        if S.REAPPEARED not in TRANSITIONS.get(notice.status, set()):
            return False
        notice.reappeared_at = clock.now()
        move(notice, S.REAPPEARED, actor, detail)
        cases.record_activity(
            notice.case,
            actor,
            "takedown_reappeared",
            f"{notice.platform.name} #{notice.pk}",
            target=f"notice:{notice.pk}",
        )
    return True


def on_sighting(sender: object, **kwargs: Any) -> None:
    """matching's sighting_recorded: a match on a platform where a notice had the content removed."""
    case_id, platform = kwargs.get("case_id"), str(kwargs.get("platform") or "")
    if case_id is None:
        return
    candidates = Notice.objects.filter(case_id=case_id, status__in=[S.REMOVED, S.PARTIALLY_REMOVED])
    if platform:
        candidates = candidates.filter(platform__key=platform)
    detail = f"sighting {kwargs.get('sighting_id', '')} {kwargs.get('kind', '')} {kwargs.get('url', '')}".strip()
    for notice_id in candidates.values_list("pk", flat=True):
        reopen_reappeared(notice_id, "matching", detail[:500])


def run_sla_clocks() -> dict[str, int]:
    """Fire every reminder and escalation that is due, each exactly once (a conditional UPDATE is
    the lock: two workers running this at once cannot both fire the same clock)."""
    now = clock.now()
    fired = {"reminders": 0, "escalations": 0}
    due = Notice.objects.filter(status__in=OPEN, reminder_due_at__lte=now, reminder_fired_at__isnull=True)
    for notice in due.select_related("platform", "case"):
        if Notice.objects.filter(pk=notice.pk, reminder_fired_at__isnull=True).update(reminder_fired_at=now):
            note(notice, "glasna", "reminder_due", _("No removal yet: remind the platform."))
            cases.record_activity(
                notice.case,
                "glasna",
                "takedown_reminder",
                f"{notice.platform.name} #{notice.pk}",
                target=f"notice:{notice.pk}",
            )
            fired["reminders"] += 1
    due = Notice.objects.filter(status__in=OPEN, escalation_due_at__lte=now, escalation_fired_at__isnull=True)
    for notice in due.select_related("platform", "case"):
        with transaction.atomic():
            if not Notice.objects.filter(pk=notice.pk, escalation_fired_at__isnull=True).update(
                escalation_fired_at=now
            ):
                continue
            notice = Notice.objects.select_for_update().select_related("platform", "case").get(pk=notice.pk)
            if notice.status == S.SENT:  # not even an acknowledgement
                move(notice, S.NO_RESPONSE, "glasna", _("No answer within the platform's deadline."))
            note(notice, "glasna", "escalation_due", _("Still not removed: escalation suggested."))
            cases.record_activity(
                notice.case,
                "glasna",
                "takedown_escalation",
                f"{notice.platform.name} #{notice.pk}",
                target=f"notice:{notice.pk}",
            )
            fired["escalations"] += 1
    return fired
