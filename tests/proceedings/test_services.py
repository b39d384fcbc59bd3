"""Proceedings on a case: encrypted free text, steps with visible warnings, stale edits refused,
evidence given with a custody entry, protection-order breaches."""

import datetime as dt
import uuid

import pytest
from django.db import connection

from glasna.cases.models import CaseEvent
from glasna.evidence import custody_log
from glasna.law.schema import ProcedureDeadline
from glasna.proceedings import services
from glasna.proceedings.models import GivenItem, Proceeding
from tests.proceedings.conftest import Skopje

MARCH_3 = dt.date(2027, 3, 3)


def _complaint(skopje: Skopje, kind: str = "criminal_complaint", **kwargs: object) -> Proceeding:
    b = skopje.bundle
    return services.add(
        b.staff,
        b.org_keys,
        skopje.case.pk,
        kind,
        "prosecutor",
        "Basic Public Prosecutor's Office Skopje",
        "MK",
        **kwargs,
    )  # type: ignore[arg-type]


def test_free_text_is_encrypted_at_rest_and_opens_with_the_key(skopje: Skopje) -> None:
    p = _complaint(skopje)
    b = skopje.bundle
    provision = next(pr.id for pr in services.knowledge.cached().provisions_for("MK"))
    services.update(
        b.staff,
        b.org_keys,
        p.pk,
        p.version,
        offence_provision=provision,
        offence_text="charged as invented offence",
        outcome="",
        sanction="fine of invented amount",
        order_terms="",
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT institution_name, offence_text, sanction FROM proceedings_proceeding")
        row = cursor.fetchone()
    assert all(b"Skopje" not in bytes(v) and b"invented" not in bytes(v) for v in row)
    view = services.opened(b.staff, b.org_keys, Proceeding.objects.get(pk=p.pk))
    assert view.institution_name == "Basic Public Prosecutor's Office Skopje"
    assert view.offence_text == "charged as invented offence" and view.sanction == "fine of invented amount"


def test_a_step_out_of_order_and_a_decision_without_filing_are_kept_with_warnings(skopje: Skopje) -> None:
    p = _complaint(skopje)
    staff = skopje.bundle.staff
    assert services.add_step(staff, p.pk, p.version, "decision", MARCH_3) == [services.DECISION_WITHOUT_FILING]
    p.refresh_from_db()
    warned = services.add_step(staff, p.pk, p.version, "filed", MARCH_3 + dt.timedelta(days=5))
    p.refresh_from_db()
    assert warned == [services.OUT_OF_ORDER]  # filed after the decision it should precede
    assert p.warnings == [services.OUT_OF_ORDER] and p.steps.count() == 2
    kinds = list(CaseEvent.objects.filter(case=skopje.case, kind="proceeding_warning").values_list("detail", flat=True))
    assert kinds == [f"proceeding:{p.pk} decision_without_filing", f"proceeding:{p.pk} out_of_order"]


def test_steps_in_order_raise_no_warning(skopje: Skopje) -> None:
    p = _complaint(skopje)
    for n, kind in enumerate(["filed", "registered", "investigation", "decision"]):
        p.refresh_from_db()
        assert services.add_step(skopje.bundle.staff, p.pk, p.version, kind, MARCH_3 + dt.timedelta(days=n)) == []
    p.refresh_from_db()
    assert p.warnings == []


def test_a_stale_form_is_refused(skopje: Skopje) -> None:
    p = _complaint(skopje)
    services.add_step(skopje.bundle.staff, p.pk, p.version, "filed", MARCH_3)
    with pytest.raises(services.StaleProceeding):
        services.add_step(skopje.bundle.staff, p.pk, p.version, "registered", MARCH_3)
    assert Proceeding.objects.get(pk=p.pk).steps.count() == 1


def test_evidence_given_is_in_the_custody_log_once(skopje: Skopje) -> None:
    p = _complaint(skopje)
    ids = [item.pk for item in skopje.items]
    assert services.give_items(skopje.bundle.staff, p.pk, p.version, ids, MARCH_3) == 3
    p.refresh_from_db()
    assert services.give_items(skopje.bundle.staff, p.pk, p.version, ids, MARCH_3) == 0
    entries = custody_log.CustodyEntry.objects.filter(item_id__in=ids, action=custody_log.Action.USED)
    assert entries.count() == 3
    history = services_history(ids)
    assert {h["purpose"] for h in history if h.get("action") == "used"} == {services.GIVEN_PURPOSE}
    assert all("Skopje" not in str(h) for h in history)  # the typed name stays encrypted
    assert GivenItem.objects.filter(proceeding=p).count() == 3


def services_history(ids: list) -> list[dict]:  # type: ignore[type-arg]
    from glasna.evidence import services as evidence

    return evidence.history(ids)


def test_an_item_of_no_case_of_this_proceeding_cannot_be_given(skopje: Skopje) -> None:
    p = _complaint(skopje)
    with pytest.raises(services.NotAllowed):
        services.give_items(skopje.bundle.staff, p.pk, p.version, [skopje.items[0].pk, uuid.uuid4()], MARCH_3)
    assert not GivenItem.objects.exists()


def test_breaches_of_a_protection_order_are_counted_and_encrypted(skopje: Skopje) -> None:
    b = skopje.bundle
    order = _complaint(skopje, kind="protection_order")
    for n in range(2):
        order.refresh_from_db()
        services.record_breach(
            b.staff,
            b.org_keys,
            order.pk,
            order.version,
            MARCH_3 + dt.timedelta(days=n),
            "he wrote again",
            [skopje.items[n].pk],
        )
    order.refresh_from_db()
    assert services.status(order, MARCH_3).breaches == 2
    view = services.opened(b.staff, b.org_keys, order)
    assert [text for _, text in view.breaches] == ["he wrote again", "he wrote again"]
    assert all(b"wrote" not in bytes(breach.description) for breach, _ in view.breaches)
    complaint = _complaint(skopje)
    with pytest.raises(services.NotAllowed):
        services.record_breach(b.staff, b.org_keys, complaint.pk, complaint.version, MARCH_3, "x", [])


def test_a_deadline_from_an_unverified_entry_is_warned(skopje: Skopje) -> None:
    p = _complaint(skopje, kind="private_lawsuit", learnt_on=MARCH_3)
    assert services.UNVERIFIED_DEADLINE not in p.warnings  # MK's rule is general knowledge, not unverified
    state = services.status(p, MARCH_3)
    assert state.deadline is not None and state.deadline.due == dt.date(2027, 6, 3)
    assert state.deadline.confidence == "general_knowledge"


def test_a_deadline_resting_on_an_unverified_rule_is_accepted_with_a_warning(
    skopje: Skopje, monkeypatch: pytest.MonkeyPatch
) -> None:
    unverified = ProcedureDeadline("private_lawsuit", 3, "three months", "not verified", "unverified", MARCH_3)
    monkeypatch.setattr(services, "rules", lambda proceeding: (unverified,))
    p = _complaint(skopje, kind="private_lawsuit", learnt_on=MARCH_3)
    assert p.warnings == [services.UNVERIFIED_DEADLINE]
