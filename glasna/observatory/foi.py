"""The FOI tracker: requests to institutions, their statutory deadline, reminders, answers,
refusals and silence; figures taken from answers become official statistics with the request as
their source."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from glasna.accounts.models import StaffMember
from glasna.core import outbox
from glasna.observatory import codebook, official
from glasna.observatory.models import FOIEvent, FOIRequest, FOIStatus, OfficialFigure

TEMPLATES = Path(__file__).parent / "data" / "foi_templates.yaml"
LAW_DATA = Path(__file__).resolve().parent.parent / "law" / "data"
DEFAULT_DAYS = 15
REMINDER_MAIL = "glasna.observatory.tasks.mail_foi_reminder"
ANSWERED = (FOIStatus.ANSWERED, FOIStatus.PARTIAL, FOIStatus.REFUSED)


class FOIError(Exception):
    """A step that cannot be taken on this request (translated message)."""


@cache
def templates() -> dict[str, Any]:
    return dict(yaml.safe_load(TEMPLATES.read_text(encoding="utf-8")))


def countries() -> list[str]:
    return sorted(templates()["countries"])


@dataclass(frozen=True)
class Deadline:
    days: int
    basis: str


def deadline_rule(country: str) -> Deadline:
    """From the law knowledge base when its jurisdiction file gives `foi: {answer_days, basis}`;
    otherwise GLASNA_FOI_DEFAULT_DAYS calendar days."""
    path = LAW_DATA / country / "jurisdiction.yaml"
    if path.is_file():
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        foi = raw.get("foi") if isinstance(raw, dict) else None
        if isinstance(foi, dict) and isinstance(foi.get("answer_days"), int):
            return Deadline(int(foi["answer_days"]), str(foi.get("basis") or f"law:{country}"))
    days = int(getattr(settings, "GLASNA_FOI_DEFAULT_DAYS", DEFAULT_DAYS))
    return Deadline(days, f"GLASNA_FOI_DEFAULT_DAYS={days}")


def _offences(country: str) -> str:
    """The offences to ask about: the law knowledge base's core provisions for the country."""
    from glasna.law import knowledge

    try:
        provisions = knowledge.load().provisions_for(country)
    except knowledge.KnowledgeError:  # the tracker still works when the legal data has errors
        provisions = []
    found = [
        f"{p.title.en} ({p.code}, Art. {p.article})" if p.article else f"{p.title.en} ({p.code})"
        for p in provisions
        if p.relevance == "core"
    ]
    return (
        "; ".join(found)
        or "unauthorised recording or distribution of intimate images, sexual harassment, stalking, blackmail, misuse of personal data"
    )


def draft(
    staff: StaffMember, country: str, institution_type: str, institution: str, period_start: str, period_end: str
) -> FOIRequest:
    if country not in templates()["countries"]:
        raise FOIError(_("There is no request template for this country."))
    if institution_type not in codebook.load().institution_types:
        raise FOIError(_("Unknown institution type."))
    spec = templates()["countries"][country]
    values = {
        "institution": institution,
        "period_start": period_start,
        "period_end": period_end,
        "offences": _offences(country),
        "organisation": staff.organisation.name,
        "law": spec["law"],
    }
    request = FOIRequest.objects.create(
        organisation=staff.organisation,
        created_by=staff.user,
        country=country,
        institution_type=institution_type,
        institution=institution,
        period_start=period_start,
        period_end=period_end,
        subject=templates()["default"]["subject"].format(**values),
        body=templates()["default"]["body"].format(**values),
    )
    _event(request, staff, "drafted")
    return request


def _event(request: FOIRequest, staff: StaffMember | None, kind: str, detail: str = "") -> None:
    FOIEvent.objects.create(
        request=request, actor=staff.user.get_username() if staff else "glasna", kind=kind, detail=detail[:300]
    )


def get(staff: StaffMember, request_id: int) -> FOIRequest:
    found = FOIRequest.objects.filter(pk=request_id, organisation_id=staff.organisation_id).first()
    if found is None:
        raise FOIError(_("No such request."))
    return found


def mark_sent(staff: StaffMember, request: FOIRequest, sent_on: dt.date) -> FOIRequest:
    if request.status != FOIStatus.DRAFT:
        raise FOIError(_("Only a draft can be marked as sent."))
    if sent_on > timezone.localdate():
        raise FOIError(_("The sending date cannot be in the future."))
    rule = deadline_rule(request.country)
    request.status = FOIStatus.SENT
    request.sent_on = sent_on
    request.due_on = sent_on + dt.timedelta(days=rule.days)
    request.deadline_basis = rule.basis
    request.save()
    _event(request, staff, "sent", f"due {request.due_on.isoformat()} ({rule.basis})")
    return request


def record_answer(
    staff: StaffMember, request: FOIRequest, answered_on: dt.date, outcome: str, summary: str
) -> FOIRequest:
    if request.status != FOIStatus.SENT or request.sent_on is None:
        raise FOIError(_("Only a sent request can be answered."))
    if outcome not in ANSWERED:
        raise FOIError(_("Unknown outcome."))
    if answered_on < request.sent_on or answered_on > timezone.localdate():
        raise FOIError(_("The answer date must lie between the sending date and today."))
    request.status = outcome
    request.answered_on = answered_on
    request.answer_summary = summary
    request.save()
    _event(request, staff, outcome, "late" if request.due_on and answered_on > request.due_on else "on time")
    return request


def add_figure(staff: StaffMember, request: FOIRequest, row: dict[str, str]) -> OfficialFigure:
    """One number from an answer, checked with the import format's rules; its source is the request."""
    if request.status not in (FOIStatus.ANSWERED, FOIStatus.PARTIAL):
        raise FOIError(_("Figures can be added only from an answer."))
    raw = {
        **row,
        "dataset": f"foi-{request.pk}",
        "source": f"FOI request #{request.pk} to {request.institution} ({request.country}), answered {request.answered_on}",
        "jurisdiction": request.country,
        "institution_type": request.institution_type,
        "institution": request.institution,
        "status": "stated",
    }
    try:
        (figure,) = official.parse(_csv_of(raw), "answer.csv")
    except official.InvalidFile as exc:
        raise FOIError("; ".join(e.message for e in exc.errors)) from exc
    fields = {k: v for k, v in vars(figure).items() if k != "foi_request_id"}
    with transaction.atomic():
        saved = OfficialFigure.objects.create(**fields, foi_request=request)
        _event(request, staff, "figure_added", f"{figure.offence} {figure.stage} {figure.count} {figure.unit}")
    return saved


def _csv_of(row: dict[str, str]) -> bytes:
    import csv
    import io

    out = io.StringIO()
    writer = csv.DictWriter(out, official.COLUMNS)
    writer.writeheader()
    writer.writerow({k: row.get(k, "") for k in official.COLUMNS})
    return out.getvalue().encode()


def overdue(today: dt.date | None = None) -> list[FOIRequest]:
    today = today or timezone.localdate()
    return list(FOIRequest.objects.filter(status=FOIStatus.SENT, due_on__lt=today))


def send_reminders(today: dt.date | None = None) -> int:
    """Mark overdue requests as due for a reminder and tell their author once (no survivor data):
    the mail's job is written with the mark (core/outbox.py), so a broker or mail server that is
    down delays the mail, never loses it."""
    today = today or timezone.localdate()
    count = 0
    for request in FOIRequest.objects.filter(status=FOIStatus.SENT, due_on__lt=today, reminded_on__isnull=True):
        with transaction.atomic():
            if not FOIRequest.objects.filter(pk=request.pk, reminded_on__isnull=True).update(reminded_on=today):
                continue  # another run marked it meanwhile
            _event(request, None, "reminder_due", f"no answer by {request.due_on}")
            if request.created_by and request.created_by.email:
                outbox.enqueue(REMINDER_MAIL, request.pk)
        count += 1
    return count


def mail_reminder(request_id: int) -> None:
    """The job: one mail to the request's author."""
    from django.core.mail import send_mail

    request = FOIRequest.objects.select_related("created_by").filter(pk=request_id).first()
    if request is None or request.created_by is None or not request.created_by.email:
        return
    send_mail(
        f"Glasna: FOI request #{request.pk} is overdue",
        f"The request to {request.institution} was due on {request.due_on}. Send a reminder and record it in Glasna.",
        None,
        [request.created_by.email],
    )


def silence(today: dt.date | None = None) -> list[dict[str, Any]]:
    """Institutional silence per country and institution type: of the requests whose deadline
    has passed, the share not answered by the deadline (late answers count as silence on time)."""
    today = today or timezone.localdate()
    groups: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for request in FOIRequest.objects.exclude(status__in=[FOIStatus.DRAFT, FOIStatus.WITHDRAWN]):
        if request.due_on is None or request.due_on >= today:
            continue
        on_time = request.answered_on is not None and request.answered_on <= request.due_on
        cell = groups[(request.country, request.institution_type)]
        cell[0] += 1
        cell[1] += 0 if on_time else 1
    return [
        {
            "country": country,
            "institution_type": kind,
            "requests_due": due,
            "not_answered_on_time": silent,
            "silence_percent": round(100 * silent / due, 1),
        }
        for (country, kind), (due, silent) in sorted(groups.items())
    ]
