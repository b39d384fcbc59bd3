"""A campaign's public texts are checked for personal data before its page opens (campaign_check.py)."""

from typing import Any

import pytest
from django.test import Client

from glasna.takedown import campaigns
from glasna.takedown.models import Campaign
from glasna.triage import notices as case_names
from tests.factories import make_organisation, signed_in_client
from tests.takedown.conftest import Podgorica

pytestmark = pytest.mark.django_db

HER = "Mirela Invented-Kovač"  # an invented survivor's name, held by the Podgorica case
PHONE = "069 123 456"  # a valid Montenegrin mobile number in national format
URL = "/en/staff/takedown/campaigns/"


@pytest.fixture
def named(podgorica: Podgorica) -> Podgorica:
    case_names.set_names(podgorica.bundle.staff, podgorica.case, [HER], None)
    return podgorica


def _open(p: Podgorica, title: str, message: str, keep: frozenset[str] = frozenset(), **kw: Any) -> Campaign:
    return campaigns.open_campaign(
        p.bundle.staff, "telegram", title, kw.get("target", "t.me/invented_group"), {"en": message},
        kw.get("addresses", []), keys=kw.get("keys", p.bundle.org_keys), keep=keep,
    )  # fmt: skip


def test_a_phone_number_in_the_title_stops_the_campaign(named: Podgorica) -> None:
    with pytest.raises(campaigns.PersonalDataFound) as raised:
        _open(named, f"Call {PHONE} to help", "Please report this group.")
    [finding] = raised.value.findings
    assert (finding.field, finding.kind, finding.value, finding.may_keep) == ("title", "phone", PHONE, True)
    assert not Campaign.objects.exists()


def test_a_finding_she_keeps_is_published(named: Podgorica) -> None:
    campaign = _open(named, "Close the group", f"Support line: {PHONE}.", keep=frozenset({PHONE}))
    assert PHONE in campaign.messages["en"]
    assert PHONE in Client().get(f"/en/campaigns/{campaign.token}/").content.decode()


def test_a_name_her_case_holds_can_never_be_kept(named: Podgorica) -> None:
    cyrillic = "Мирела Инвентед-Ковач"  # the same name in the other script is found too
    for text in (f"They posted photos of {HER}.", f"Објавија слики од {cyrillic}."):
        with pytest.raises(campaigns.PersonalDataFound) as raised:
            _open(named, "Close the group", text, keep=frozenset({HER, cyrillic}))
        assert [(f.kind, f.may_keep, f.kept) for f in raised.value.findings] == [("name", False, False)]
    assert not Campaign.objects.exists()


def test_a_name_of_another_organisations_case_is_unknown_here(named: Podgorica) -> None:
    other = make_organisation("other-org", ["RS"])
    campaign = campaigns.open_campaign(
        other.staff, "telegram", "Close the group", "t.me/invented_group", {"en": f"About {HER}."}, [],
        keys=other.org_keys,
    )  # fmt: skip
    assert HER in campaign.messages["en"]  # names never cross organisations, not even as a refusal


def test_the_group_address_and_reporting_addresses_go_out_as_they_are(named: Podgorica) -> None:
    target = "https://t.me/+38269123456"  # an invite link whose path reads as a phone number
    campaign = _open(
        named, "Close the group", f"Report {target} to abuse@invented-platform.example.",
        target=target, addresses=["abuse@invented-platform.example"],
    )  # fmt: skip
    assert campaign.target_url == target


def test_the_page_lists_findings_and_opens_once_she_keeps_them(named: Podgorica) -> None:
    client: Any = signed_in_client(named.bundle.staff)
    form = {
        "platform": "telegram", "title": "Close the group", "target_url": "t.me/invented_group",
        "message_en": f"Support line {PHONE}. Do it for {HER}.", "local_language": "cnr",
    }  # fmt: skip
    refused = client.post(URL, form)
    page = refused.content.decode()
    assert refused.status_code == 400 and not Campaign.objects.exists()
    assert f'name="keep" value="{PHONE}"' in page
    assert "can never be published" in page and f'value="{HER}"' not in page.split('id="personal-data"')[1]
    still = client.post(URL, {**form, "keep": [PHONE, HER]})
    assert still.status_code == 400 and not Campaign.objects.exists()
    opened = client.post(URL, {**form, "message_en": f"Support line {PHONE}.", "keep": [PHONE]})
    assert opened.status_code == 302
    assert Campaign.objects.get().messages["en"] == f"Support line {PHONE}."
