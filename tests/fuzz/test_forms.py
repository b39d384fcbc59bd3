"""Hostile Unicode in every free-text field of the report wizard and the evidence form: any code
point, direction overrides, zero-width characters, NUL, very long text. Each post is taken or gets
its reasons back; never a server error, and what was already entered is not lost."""

from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from glasna.cases.models import Case
from glasna.evidence.models import EvidenceItem
from tests.factories import make_organisation, signed_in_client, submit
from tests.intake.wizard_client import STEP_ANSWERS, hidden

HOSTILE = (
    st.text(max_size=300)
    | st.sampled_from(["\u202egnp.exe", "\u200b" * 50, "a\x00b", "\ud7ff\ue000\uffff", "𝔄" * 5000, "\r\n" * 200])
).map(lambda text: text.encode("utf-8", "surrogatepass").decode("utf-8", "replace"))
FUZZ = settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
# The free-text fields of each wizard step (the choices are checked against their lists).
WIZARD_TEXT = {0: ["narrative"], 1: ["links"], 2: ["perpetrator"], 5: ["contact_value"]}


@pytest.mark.django_db
@FUZZ
@given(step=st.sampled_from(sorted(WIZARD_TEXT)), text=HOSTILE)
def test_hostile_text_in_the_wizard_is_taken_or_refused_with_the_answers_kept(step: int, text: str) -> None:
    client = Client()
    response = client.get("/en/report/")
    for index in range(step + 1):
        data: dict[str, Any] = dict(STEP_ANSWERS[index])
        if index == step:
            data.update(dict.fromkeys(WIZARD_TEXT[step], text))
            if step == 5:
                data["contact_method"] = "email"
        data.update({"state": hidden(response.content.decode(), "state"), "step": str(index), "next": "1"})
        response = client.post("/en/report/", data)
        assert response.status_code in (200, 400), response.status_code
    page = response.content.decode()
    assert hidden(page, "state")  # the answers travel on, refused or not
    moved_on = f'name="step" value="{step + 1}"' in page
    assert moved_on or 'id="form-errors"' in page  # taken, or refused with its reasons shown


@pytest.fixture
def staff_case(db: Any) -> tuple[Client, int]:
    bundle = make_organisation("mk-cso", ["MK"])
    submit(country="MK")
    return signed_in_client(bundle.staff), Case.objects.get().pk


@pytest.mark.django_db
@FUZZ
@given(texts=st.fixed_dictionaries({name: HOSTILE for name in ("title", "account", "visible_date", "captured_by")}))
def test_hostile_text_in_the_evidence_form_is_kept_or_refused(
    staff_case: tuple[Client, int], texts: dict[str, str]
) -> None:
    client, case_id = staff_case
    before = EvidenceItem.objects.count()
    response = client.post(
        f"/en/staff/evidence/cases/{case_id}/",
        {"kind": "url", "url": "https://t.me/invented_room/17", **texts},
    )
    assert response.status_code in (302, 400), response.status_code
    assert EvidenceItem.objects.count() == before + (response.status_code == 302)
