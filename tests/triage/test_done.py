"""Issue 18's definition of done, end to end through the survivor's wizard:

A report written in Albanian in Latin script without diacritics by a 16-year-old who is being asked
for money lands first in the queue of an Albanian-speaking caseworker, with the cues "minor" and
"sextortion" shown with their words, the child-protection route offered, and its evidence previews
blurred."""

import io
import re

import numpy as np
import pytest
from django.test import Client
from PIL import Image

from glasna.accounts import keyring
from glasna.accounts.models import Role
from glasna.cases import services as case_services
from glasna.cases.models import Case
from glasna.core.models import AuditEvent
from glasna.triage import services as triage_services
from tests.factories import PASSWORD, make_organisation, pattern_png, signed_in_client, submit, upload
from tests.intake.wizard_client import walk

pytestmark = pytest.mark.django_db

NARRATIVE = (
    "Pershendetje, jam 16 vjec. Nje djale qe e njoha ne instagram me kerkon 300 euro "
    "perndryshe thote qe do ti dergoj fotot e mia te gjithe shkolles. Nuk di cfare te bej."
)


def test_albanian_teenager_asked_for_money_lands_first_with_an_albanian_reader(settings):
    settings.GLASNA_TRIAGE_BLUR_PERCENT = 0  # so that the generated pattern image counts as likely explicit
    bundle = make_organisation(countries=["AL"], serves_children=True)
    albanian = keyring.create_staff(bundle.organisation, "arta", PASSWORD, Role.CASEWORKER, bundle.org_keys)
    macedonian = keyring.create_staff(bundle.organisation, "elena", PASSWORD, Role.CASEWORKER, bundle.org_keys)
    triage_services.set_languages(albanian, albanian, ["sq", "en"], None)
    triage_services.set_languages(macedonian, macedonian, ["mk"], None)
    # Arta already has a case that is not urgent; Elena has none and would win on workload alone.
    submit(country="AL", narrative="Dikush ka hapur nje profil te rreme me emrin tim.")
    earlier = Case.objects.get()
    assert earlier.assigned_to == albanian and earlier.urgency == 0

    response = walk(
        Client(),
        language="sq",
        overrides={
            0: {"narrative": NARRATIVE},
            3: {"country": "AL", "age_band": "under_18", "gender": "woman"},
        },
        files=[upload("foto.png", pattern_png(size=(200, 150), seed=3))],
    )
    assert response.status_code == 200 and "receipt-code" in response.content.decode()
    case = Case.objects.exclude(pk=earlier.pk).get()

    # first in her queue, routed there because she reads Albanian, and the case says so
    assert case.assigned_to == albanian
    assert list(case_services.my_cases(albanian))[:2] == [case, earlier]
    client = signed_in_client(albanian)
    inbox = client.get("/en/staff/?queue=mine").content.decode()
    assert inbox.index(f"#{case.pk}<") < inbox.index(f"#{earlier.pk}<")
    page = client.get(f"/en/staff/reports/{case.report_id}/").content.decode()
    assert "Assigned to a caseworker who reads the report&#x27;s language." in page
    assert "<code>sq</code>" in page and "Assigned to: arta" in page

    # the cues with their words
    assert "The survivor may be a child" in page and "<mark>jam 16 vjec</mark>" in page
    assert "Demand for money, images or a meeting" in page and "<mark>300 euro</mark>" in page
    # the child-protection route offered
    assert "Confirm the cue to open the child-protection route" in page

    # the evidence preview is blurred on the server until she chooses to see it
    preview_url = re.search(r'src="(/en/staff/triage/cases/\d+/images/[0-9a-f-]+/preview/)"', page)
    assert preview_url and 'data-blurred="1"' in page and "Show this image" in page
    blurred = Image.open(io.BytesIO(client.get(preview_url.group(1)).content))
    clear_original = Image.open(io.BytesIO(pattern_png(size=(200, 150), seed=3)))
    assert _detail(blurred) < _detail(clear_original) / 4
    reveal_url = preview_url.group(1).replace("/preview/", "/reveal/")
    assert client.post(reveal_url).status_code == 302
    assert AuditEvent.objects.filter(action="triage.image_revealed", actor="arta").exists()
    shown = Image.open(io.BytesIO(client.get(preview_url.group(1)).content))
    assert _detail(shown) > _detail(blurred) * 4


def _detail(image: Image.Image) -> float:
    """Sum of absolute differences between neighbouring pixels: stripes have a lot, a blur little."""
    grey = np.asarray(image.convert("L"), dtype=np.float64)
    return float(np.abs(np.diff(grey, axis=1)).mean())
