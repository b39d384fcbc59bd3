"""Refusals lead to an internal complaint within six months, then escalation routes."""

import datetime as dt

import pytest

from glasna.takedown import escalation, notice_builder, tracking
from glasna.takedown.models import Notice, NoticeStatus, StatementOfReasons
from tests.takedown.conftest import FrozenClock, Podgorica
from tests.takedown.test_notice_builder import FACTS, _item
from tests.takedown.test_transparency import valid

pytestmark = pytest.mark.django_db


def test_month_arithmetic() -> None:
    assert escalation.add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)
    assert escalation.add_months(dt.date(2026, 11, 23), 6) == dt.date(2027, 5, 23)


def test_a_refusal_offers_a_complaint_drafted_from_the_record(podgorica: Podgorica, frozen: FrozenClock) -> None:
    staff = podgorica.bundle.staff
    [notice] = notice_builder.build(staff, podgorica.case, [_item("tiktok", 1)], FACTS, "en", platform_key="tiktok")
    tracking.record_submitted(staff, notice.pk, "TT-1")
    routes = [o.route for o in escalation.options(Notice.objects.get(pk=notice.pk))]
    assert "internal_complaint" not in routes and {"reminder", "dsc", "police", "trusted_flagger", "regulator"} <= set(
        routes
    )
    frozen.advance(days=1)
    tracking.record_reply(staff, notice.pk, NoticeStatus.REFUSED, "Nije prekršaj naših pravila.")
    StatementOfReasons.objects.create(
        notice=notice,
        **(
            valid()
            | {"decision_ground": "DECISION_GROUND_INCOMPATIBLE_CONTENT", "decision_facts": "No violation found."}
        ),
    )
    notice.refresh_from_db()
    options = {o.route: o for o in escalation.options(notice)}
    assert "Coimisiún na Meán" in options["dsc"].addressee and "Uprava policije" in options["police"].addressee
    complaint = escalation.draft(staff, notice.pk, "internal_complaint")
    assert complaint.deadline == dt.date(2027, 5, 24)
    assert "Article 20" in complaint.body and "No violation found." in complaint.body and "bona fide" in complaint.body
    with pytest.raises(tracking.NotAllowed):
        escalation.draft(staff, notice.pk, "reminder")  # nothing to remind of after a decision
    escalation.file(staff, complaint.pk)
    escalation.record_outcome(staff, complaint.pk, "overturned")
    assert Notice.objects.get(pk=notice.pk).status == NoticeStatus.REMOVED


def test_every_country_glasna_serves_has_its_national_routes_marked_low_confidence() -> None:
    from glasna.accounts.models import COUNTRIES

    assert {code for code, _label in COUNTRIES} <= set(escalation.NATIONAL)
    assert "HAKOM" in escalation.NATIONAL["HR"]["regulator"] and "to verify" in escalation.NATIONAL["HR"]["regulator"]
