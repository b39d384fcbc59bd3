"""Cross-organisation counts inside dossiers (glasna/networks/dossier_counts.py): under the
observatory's disclosure control, other organisations counted and never named unless they chose."""

import io
import json
import re

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import translation
from django.utils.translation import gettext as _
from pypdf import PdfReader

from glasna.cases.models import Case
from glasna.networks import dossier, dossier_counts, dossier_pdf, joint, linkage
from glasna.networks.identifiers import normalise
from glasna.networks.models import Space
from tests.factories import OrgBundle, make_organisation, submit
from tests.networks.dossier_setup import build

pytestmark = pytest.mark.django_db


def _cases(bundle: OrgBundle, country: str, link: str, n: int) -> Space:
    space = None
    for _i in range(n):
        submit(country=country)
        case = Case.objects.filter(organisation=bundle.organisation).order_by("-id").first()
        assert case is not None
        space = linkage.link(case, normalise(link), "recorded", f"case:{case.pk}").space
    assert space is not None
    return space


def test_small_counts_elsewhere_are_withheld_and_organisations_not_named() -> None:
    net = build("dc-small")
    tirana = make_organisation("dc-al", ["AL"])
    _cases(tirana, "AL", "https://telegram.me/Invented_Room", 2)  # the same room, another link form
    found = dossier_counts.for_spaces(net.org.organisation.pk, [net.room, net.room2])
    assert found["threshold"] == 5 and found["own_cases"] == 2
    assert found["other_organisations"] == 1
    assert found["other_cases"] is None and found["total_cases"] is None and found["countries"] == []
    assert re.fullmatch(r"\d{4}-\d{2}", found["since"])
    data = dossier.for_space(net.org.staff, net.room, dossier.PLATFORM, "en")
    assert data["elsewhere"] == found
    assert tirana.organisation.name not in json.dumps(data)


def test_counts_and_countries_at_the_threshold_and_names_by_choice() -> None:
    net = build("dc-big")
    tirana, podgorica = make_organisation("dc-al2", ["AL"]), make_organisation("dc-me", ["ME"])
    al_space = _cases(tirana, "AL", "t.me/invented_room", 5)
    _cases(podgorica, "ME", "t.me/invented_room2", 2)  # the successor, named in Montenegro: 2 cases
    found = dossier_counts.for_spaces(net.org.organisation.pk, [net.room, net.room2])
    assert found["other_organisations"] == 2
    assert found["other_cases"] == 7 and found["total_cases"] == 9
    # Naming Albania's 5 would give away Montenegro's 2 (7 - 5): neither country is named.
    assert found["countries"] == []
    _cases(podgorica, "ME", "t.me/invented_room2", 3)
    found = dossier_counts.for_spaces(net.org.organisation.pk, [net.room, net.room2])
    assert found["other_cases"] == 10 and found["countries"] == ["AL", "ME"]
    assert found["named_organisations"] == []
    proposed = joint.propose(tirana.staff, al_space, "Invented Room", "", True, share_name=True)
    assert proposed.members.count() == 2  # Tirana and the dossier's organisation (same room)
    found = dossier_counts.for_spaces(net.org.organisation.pk, [net.room, net.room2])
    assert found["named_organisations"] == [tirana.organisation.name]
    with override_settings(GLASNA_DISCLOSURE_THRESHOLD=8):
        assert dossier_counts.for_spaces(net.org.organisation.pk, [net.room])["other_cases"] is None


def _text(pdf: bytes) -> str:
    return re.sub(r"\s+", "", "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages))


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_the_pdf_gives_the_counts_in_the_reader_language(language: str) -> None:
    net = build("dc-pdf")
    tirana, podgorica = make_organisation("dc-al3", ["AL"]), make_organisation("dc-me3", ["ME"])
    _cases(tirana, "AL", "t.me/invented_room", 5)
    _cases(podgorica, "ME", "t.me/invented_room", 5)
    data = dossier.for_space(net.org.staff, net.room, dossier.POLICE, language)
    flat = _text(dossier_pdf.render(data))
    with translation.override(language):
        assert re.sub(r"\s+", "", _("Other organisations")) in flat
    assert tirana.organisation.name not in flat
    if language != "en":
        for english in ("Named in", "Other organisations' cases are in", "disclosure control"):
            assert re.sub(r"\s+", "", english) not in flat, english
    else:
        assert "Namedin12casesacross3organisations(2ofthemthisorganisation's)." in flat
        assert "Otherorganisations'casesarein:Albania,Montenegro." in flat
