"""The follow-up letters and the case's chronology, downloaded through the web: offered once the
silence passes the threshold, audited, the chronology behind step-up and in the reader's language."""

import datetime as dt
import io
import re

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from pypdf import PdfReader

from glasna.core.audit import AuditEvent
from glasna.proceedings import services
from glasna.proceedings.models import GivenItem, Proceeding, Step
from tests.factories import fresh_step_up, signed_in_client
from tests.proceedings.conftest import Skopje
from tests.takedown.conftest import FrozenClock


def _complaint(skopje: Skopje, filed: dt.date, **fields: object) -> Proceeding:
    proceeding = Proceeding.objects.create(
        case=skopje.case,
        kind="criminal_complaint",
        institution_type="prosecutor",
        institution_name=b"",
        jurisdiction="MK",
        **fields,
    )
    Step.objects.create(proceeding=proceeding, kind="filed", on=filed)
    for item in skopje.items:
        GivenItem.objects.create(proceeding=proceeding, item_id=item.pk, given_on=filed)
    return proceeding


def test_the_letters_are_offered_on_day_60_and_each_download_is_audited(skopje: Skopje, frozen: FrozenClock) -> None:
    client = signed_in_client(skopje.bundle.staff)
    proceeding = _complaint(skopje, frozen().date() - dt.timedelta(days=59))
    url = f"/en/staff/proceedings/{proceeding.pk}/letters/followup_urgency.pdf"
    assert "followup_urgency" not in client.get(f"/en/staff/proceedings/{proceeding.pk}/").content.decode()
    assert client.get(url).status_code == 404  # day 59: the prosecutor's 60 days have not passed
    frozen.advance(days=1)
    page = client.get(f"/en/staff/proceedings/{proceeding.pk}/").content.decode()
    assert "followup_urgency.docx" in page and "followup_complaint.pdf" in page
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "УРГЕНЦИЈА" in text and "60" in text
    docx = client.get(f"/en/staff/proceedings/{proceeding.pk}/letters/followup_complaint.docx")
    assert docx.status_code == 200 and "glasna-draft-mk-followup-complaint.docx" in docx["Content-Disposition"]
    targets = set(AuditEvent.objects.filter(action="proceedings.letter_downloaded").values_list("target", flat=True))
    assert targets == {
        f"proceeding:{proceeding.pk}:followup_urgency.pdf",
        f"proceeding:{proceeding.pk}:followup_complaint.docx",
    }
    assert client.get(f"/en/staff/proceedings/{proceeding.pk}/letters/followup_other.pdf").status_code == 404


def test_the_chronology_needs_a_fresh_step_up(skopje: Skopje, frozen: FrozenClock) -> None:
    client = signed_in_client(skopje.bundle.staff)
    _complaint(skopje, frozen().date() - dt.timedelta(days=10))
    url = f"/en/staff/proceedings/cases/{skopje.case.pk}/chronology.pdf"
    response = client.get(url)
    assert response.status_code == 302 and "/staff/confirm/" in response.url
    assert not AuditEvent.objects.filter(action="proceedings.chronology_downloaded").exists()
    response = fresh_step_up(client).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert AuditEvent.objects.filter(
        action="proceedings.chronology_downloaded", target=f"case:{skopje.case.pk}"
    ).exists()


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


# The chronology's own English words; none may be left in a PDF read in another language.
ENGLISH = [
    "Chronology of proceedings",
    "drawn up on",
    "Institution",
    "Outcome",
    "Warnings",
    "Timeline",
    "evidence items given",
    "No answer for",
    "Deadline to file",
    "Breaches of the order",
    "Criminal complaint",
    "Filed",
    "Decision",
    "Basic public prosecutor",
    "A decision is recorded but no filing",
    "A step is dated before",
    "unverified",
]


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_the_chronology_is_in_the_readers_language_with_its_warnings(
    skopje: Skopje, frozen: FrozenClock, language: str
) -> None:
    today = frozen().date()
    complaint = _complaint(skopje, today - dt.timedelta(days=90))
    Step.objects.create(proceeding=complaint, kind="decision", on=today - dt.timedelta(days=100))
    complaint.warnings = ["out_of_order", "unverified_deadline"]
    complaint.save()
    order = Proceeding.objects.create(
        case=skopje.case,
        kind="protection_order",
        institution_type="court",
        institution_name=b"",
        jurisdiction="MK",
        warnings=["decision_without_filing"],
    )
    Step.objects.create(proceeding=order, kind="decision", on=today - dt.timedelta(days=20))
    bundle = skopje.bundle
    services.record_breach(bundle.staff, bundle.org_keys, order.pk, order.version, today, "Invented breach Zxqv", [])
    client = fresh_step_up(signed_in_client(skopje.bundle.staff))
    response = client.get(f"/{language}/staff/proceedings/cases/{skopje.case.pk}/chronology.pdf")
    assert response.status_code == 200
    flat = _squash("".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(response.content)).pages))
    with translation.override(language):
        expected = [
            _("Chronology of proceedings with institutions"),
            _("A step is dated before a step it normally follows. Check the dates."),
            _("A decision is recorded but no filing. Add the filing date if you know it."),
            _("The deadline rests on a law entry marked unverified. Ask a lawyer."),
            _("Breaches of the order"),
        ]
    for phrase in expected:
        assert _squash(phrase) in flat, phrase
    assert str(skopje.case.pk) in flat and "90" in flat and "InventedbreachZxqv" in flat  # the silence's length
    if language != "en":
        for english in ENGLISH:
            assert _squash(english).lower() not in flat.lower(), english
