"""After a refusal or silence: the internal complaint (DSA Art. 20, within six months of the
decision), then the routes beyond the platform — a trusted flagger, the Digital Services
Coordinator where the platform is established, the national regulator, the police."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from glasna.accounts.models import StaffMember
from glasna.core import audit
from glasna.core.dates import add_months
from glasna.takedown import clock, notice_builder, tracking
from glasna.takedown.models import Escalation, Notice, NoticeStatus

COMPLAINT_MONTHS = 6
Route = Escalation.Route
# National routes in the region. Names from general knowledge, not re-checked: the page says so.
NATIONAL: dict[str, dict[str, str]] = {
    "ME": {
        "police": "Uprava policije — cyber-crime unit (Montenegro)",
        "regulator": "Agency for Electronic Media (AEM), Montenegro",
    },
    "MK": {
        "police": "Ministry of Interior — cyber-crime and digital forensics sector (North Macedonia)",
        "regulator": "Agency for Audio and Audiovisual Media Services (AVMU), North Macedonia",
    },
    "AL": {
        "police": "State Police — cyber-crime sector (Albania)",
        "regulator": "Audiovisual Media Authority (AMA), Albania",
    },
    "RS": {
        "police": "Ministry of Interior — high-tech crime department (Serbia)",
        "regulator": "Regulatory Authority for Electronic Media (REM), Serbia",
    },
    "XK": {"police": "Kosovo Police — cyber-crime unit", "regulator": "Independent Media Commission (IMC), Kosovo"},
    "BA": {
        "police": "Entity police — cyber-crime units (Bosnia and Herzegovina)",
        "regulator": "Communications Regulatory Agency (RAK), Bosnia and Herzegovina",
    },
    # EU members: the national regulator is also the Digital Services Coordinator (to verify).
    "HR": {
        "police": "Ministry of the Interior — police cyber-crime service (Croatia); to verify",
        "regulator": "HAKOM (Croatian Regulatory Authority for Network Industries), Croatia's Digital Services Coordinator; to verify",
    },
    "SI": {
        "police": "Slovenian Police — cyber-crime investigators; to verify",
        "regulator": "AKOS (Agency for Communication Networks and Services), Slovenia's Digital Services Coordinator; to verify",
    },
}


@dataclass(frozen=True)
class RouteOption:
    route: str
    label: str
    addressee: str
    when: str  # why this route fits now
    confidence: str


def complaint_deadline(notice: Notice) -> dt.date | None:
    decided = notice.decided_at
    return add_months(decided.date(), COMPLAINT_MONTHS) if decided else None


def options(notice: Notice) -> list[RouteOption]:
    """The routes that fit the notice now, most direct first."""
    national = NATIONAL.get(notice.country[:2], {})
    found = []
    if notice.status in (NoticeStatus.REFUSED, NoticeStatus.PARTIALLY_REMOVED):
        found.append(
            RouteOption(
                Route.INTERNAL_COMPLAINT,
                str(Route.INTERNAL_COMPLAINT.label),
                notice.platform.name,
                _("The platform refused or removed only part: complain within six months of its decision."),
                "high",
            )
        )
    if notice.status in (
        NoticeStatus.SENT,
        NoticeStatus.ACKNOWLEDGED,
        NoticeStatus.NO_RESPONSE,
        NoticeStatus.REAPPEARED,
    ):
        found.append(
            RouteOption(
                Route.REMINDER,
                str(Route.REMINDER.label),
                notice.recipient or notice.platform.name,
                _("No removal yet: remind the platform and quote the reference."),
                "high",
            )
        )
    found += [
        RouteOption(
            Route.TRUSTED_FLAGGER,
            str(Route.TRUSTED_FLAGGER.label),
            _(
                "A trusted flagger designated by a Digital Services Coordinator (list on the European Commission's DSA pages)"
            ),
            _("Notices from trusted flaggers are handled with priority."),
            "medium",
        ),
        RouteOption(
            Route.DSC,
            str(Route.DSC.label),
            notice.platform.digital_services_coordinator or _("to be identified"),
            _("The platform does not act on a valid notice or complaint."),
            notice.platform.confidence,
        ),
        RouteOption(
            Route.REGULATOR,
            str(Route.REGULATOR.label),
            national.get("regulator", _("to be identified")),
            _("National authorities can order removal under national law."),
            "low",
        ),
        RouteOption(
            Route.POLICE,
            str(Route.POLICE.label),
            national.get("police", _("to be identified")),
            _("The content is a criminal offence; the survivor decides whether to report it."),
            "low",
        ),
    ]
    return found


def draft(staff: StaffMember, notice_id: int, route: str, request: HttpRequest | None = None) -> Escalation:
    """A complaint or escalation letter generated from the notice's record, in English."""
    with transaction.atomic():
        notice = (
            Notice.objects.select_for_update()
            .select_related("platform", "organisation")
            .get(pk=notice_id, organisation_id=staff.organisation_id)
        )
        chosen = next((o for o in options(notice) if o.route == route), None)
        if chosen is None:
            raise tracking.NotAllowed(_("That route does not fit this notice now."))
        name, email = notice_builder.notifier(notice.organisation)
        deadline = complaint_deadline(notice) if route == Route.INTERNAL_COMPLAINT else None
        with translation.override("en"):
            body = render_to_string(
                "takedown/escalation_body.txt",
                {
                    "notice": notice,
                    "route": route,
                    "option": chosen,
                    "events": list(notice.events.all()),
                    "statement": getattr(notice, "statement", None),
                    "reference": notice_builder.reference(notice),
                    "notifier_name": name,
                    "notifier_email": email,
                    "deadline": deadline,
                },
            ).strip()
        escalation = Escalation.objects.create(
            notice=notice, route=route, body=body, deadline=deadline, created_by=staff, created_at=clock.now()
        )
        tracking.note(notice, staff.user.get_username(), f"escalation_drafted:{route}")
    audit.record(
        "takedown.escalation_drafted",
        actor=staff.user.get_username(),
        target=f"notice:{notice.pk}",
        organisation_id=staff.organisation_id,
        request=request,
    )
    return escalation


def file(staff: StaffMember, escalation_id: int, request: HttpRequest | None = None) -> Escalation:
    with transaction.atomic():
        escalation = (
            Escalation.objects.select_for_update()
            .select_related("notice")
            .get(pk=escalation_id, notice__organisation_id=staff.organisation_id)
        )
        if escalation.filed_at is None:
            escalation.filed_at = clock.now()
            escalation.save(update_fields=["filed_at"])
            tracking.note(escalation.notice, staff.user.get_username(), f"escalation_filed:{escalation.route}")
    audit.record(
        "takedown.escalation_filed",
        actor=staff.user.get_username(),
        target=f"notice:{escalation.notice_id}",
        organisation_id=staff.organisation_id,
        request=request,
    )
    return escalation


def record_outcome(
    staff: StaffMember, escalation_id: int, outcome: str, request: HttpRequest | None = None
) -> Escalation:
    """The platform's answer to a complaint; "overturned" on a refusal makes the notice removed."""
    if outcome not in Escalation.Outcome.values:
        raise tracking.NotAllowed(_("Choose one of the listed outcomes."))
    with transaction.atomic():
        escalation = Escalation.objects.select_for_update().get(
            pk=escalation_id, notice__organisation_id=staff.organisation_id
        )
        escalation.outcome = outcome
        escalation.save(update_fields=["outcome"])
        notice = Notice.objects.select_for_update().select_related("platform", "case").get(pk=escalation.notice_id)
        if outcome == Escalation.Outcome.OVERTURNED and notice.status == NoticeStatus.REFUSED:
            tracking.move(
                notice, NoticeStatus.REMOVED, staff.user.get_username(), _("Decision reversed on complaint."), request
            )
        else:
            tracking.note(notice, staff.user.get_username(), f"escalation_outcome:{outcome}")
    return escalation


ROUTE_HELP = gettext_lazy(
    "Routes and addressees marked low confidence come from general knowledge: check them before filing."
)
